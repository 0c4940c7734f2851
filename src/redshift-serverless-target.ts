import { Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { throwIfProblems } from './private/errors';
import { acknowledgeAdminSecret } from './private/nag';
import { ImportedRedshiftTarget, InboundIntegrations } from './private/redshift-warehouse';
import { IRedshiftZeroEtlIntegration, IRedshiftZeroEtlTarget, RedshiftDataApiConnection, RedshiftZeroEtlTargetConfig } from './redshift-target';

/**
 * Properties for `RedshiftServerlessTarget`: a new Redshift Serverless namespace and workgroup.
 */
export interface RedshiftServerlessTargetProps {
  /**
   * Name of the namespace: 3 to 64 lowercase letters, digits and hyphens.
   *
   * @default - derived from the construct path
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-redshiftserverless-namespace.html
   */
  readonly namespaceName?: string;

  /**
   * Name of the workgroup: 3 to 64 lowercase letters, digits and hyphens.
   *
   * @default - derived from the construct path
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-redshiftserverless-workgroup.html
   */
  readonly workgroupName?: string;

  /**
   * Base capacity of the workgroup, in Redshift Processing Units (RPUs). It sets the price of every
   * second the workgroup runs ([cost](README.md#amazon-redshift-target)).
   *
   * @default - Redshift's default
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html
   */
  readonly baseCapacity?: number;

  /**
   * The VPC whose subnets the workgroup uses; with `vpcSubnets` and `securityGroups`.
   *
   * @default - the account's default VPC in the region, as Redshift chooses ([assumption](README.md#redshift-default-vpc))
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Which subnets of `vpc` the workgroup uses. Only with `vpc`.
   *
   * @default - the private subnets of `vpc`
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the workgroup. Only with `vpc`.
   *
   * @default - the VPC's default security group, as Redshift chooses
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * A customer managed key that encrypts the namespace and its admin secret.
   *
   * @default - an AWS owned key
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-workgroups-and-namespaces.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Name of the namespace's admin user, whose credentials the construct keeps in a new Secrets
   * Manager secret and uses to run `CREATE DATABASE`.
   *
   * @default 'admin'
   */
  readonly adminUsername?: string;

  /**
   * What happens to the namespace (which holds the replicated data) and its admin secret when they
   * are removed from the stack or the stack is deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Attributes of an existing Redshift Serverless namespace and workgroup, for
 * `RedshiftServerlessTarget.fromWorkgroupAttributes`.
 */
export interface RedshiftServerlessTargetAttributes {
  /** ARN of the namespace: `arn:<partition>:redshift-serverless:<region>:<account>:namespace/<uuid>`. */
  readonly namespaceArn: string;

  /** Name of a workgroup of that namespace, on which the construct runs `CREATE DATABASE`. */
  readonly workgroupName: string;

  /** ARN of that workgroup: `arn:<partition>:redshift-serverless:<region>:<account>:workgroup/<uuid>`. */
  readonly workgroupArn: string;

  /** A secret with `username` and `password` of a database user that may `CREATE DATABASE`, such as the admin's. */
  readonly secret: secretsmanager.ISecret;

  /**
   * The database to connect to.
   *
   * @default 'dev'
   */
  readonly connectDatabaseName?: string;
}

/** The database Redshift creates in a new namespace. */
const DEFAULT_DATABASE = 'dev';
const CASE_SENSITIVE_PARAMETER = 'enable_case_sensitive_identifier';

/**
 * A new Redshift Serverless namespace and workgroup configured for DynamoDB zero-ETL integrations:
 * the workgroup has `enable_case_sensitive_identifier` set to `true`, and the namespace's resource
 * policy (`NamespaceResourcePolicy`) authorizes every source table of the integrations bound to it.
 * The admin password is generated into a Secrets Manager secret. At most 50 integrations.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
 *
 * @example
 * declare const stack: Stack;
 * const warehouse = new RedshiftServerlessTarget(stack, 'Warehouse', { baseCapacity: 8 });
 */
export class RedshiftServerlessTarget extends Construct implements IRedshiftZeroEtlTarget {
  /**
   * An existing Serverless namespace and workgroup. A custom resource merges the statements for its
   * integrations into the namespace's resource policy (Redshift `PutResourcePolicy`), keeping
   * everybody else's ([assumption](README.md#redshift-resource-policy)); the workgroup's case
   * sensitivity cannot be checked.
   */
  public static fromWorkgroupAttributes(scope: Construct, id: string, attrs: RedshiftServerlessTargetAttributes): IRedshiftZeroEtlTarget {
    return new ImportedRedshiftTarget(scope, id, 'RedshiftServerlessTarget.fromWorkgroupAttributes', attrs.namespaceArn, {
      workgroupName: attrs.workgroupName,
      workgroupArn: attrs.workgroupArn,
      connectDatabaseName: attrs.connectDatabaseName ?? DEFAULT_DATABASE,
      secret: attrs.secret,
    });
  }

  /** ARN of the namespace, the integrations' `TargetArn`. */
  public readonly namespaceArn: string;
  /** The namespace. */
  public readonly namespace: redshiftserverless.CfnNamespace;
  /** The workgroup, with `enable_case_sensitive_identifier` on. */
  public readonly workgroup: redshiftserverless.CfnWorkgroup;
  /** The admin user's credentials (`username`, `password`). */
  public readonly adminSecret: secretsmanager.ISecret;

  private readonly inbound: InboundIntegrations;
  private readonly connection: RedshiftDataApiConnection;

  constructor(scope: Construct, id: string, props: RedshiftServerlessTargetProps = {}) {
    super(scope, id);
    throwIfProblems('RedshiftServerlessTarget', this, serverlessTargetProblems(props));
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const adminUsername = props.adminUsername ?? 'admin';
    this.inbound = new InboundIntegrations(this);

    const secret = new secretsmanager.Secret(this, 'AdminSecret', {
      description: `Admin credentials of the Redshift Serverless namespace of ${this.node.path}`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: adminUsername }),
        generateStringKey: 'password',
        // Redshift passwords may not contain ' " \ / @ or spaces.
        excludeCharacters: '\'"\\/@ ',
        passwordLength: 32,
        requireEachIncludedType: true,
      },
      encryptionKey: props.encryptionKey,
      removalPolicy,
    });
    acknowledgeAdminSecret(secret);
    this.adminSecret = secret;

    this.namespace = new redshiftserverless.CfnNamespace(this, 'Namespace', {
      namespaceName: props.namespaceName ?? generatedName(this, 'Namespace'),
      adminUsername,
      adminUserPassword: secret.secretValueFromJson('password').unsafeUnwrap(),
      dbName: DEFAULT_DATABASE,
      kmsKeyId: props.encryptionKey?.keyArn,
      namespaceResourcePolicy: this.inbound.resourcePolicy(),
    });
    this.namespace.applyRemovalPolicy(removalPolicy);

    const subnetIds = props.vpc?.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    this.workgroup = new redshiftserverless.CfnWorkgroup(this, 'Workgroup', {
      workgroupName: props.workgroupName ?? generatedName(this, 'Workgroup'),
      namespaceName: this.namespace.namespaceName,
      baseCapacity: props.baseCapacity,
      configParameters: [{ parameterKey: CASE_SENSITIVE_PARAMETER, parameterValue: 'true' }],
      publiclyAccessible: false,
      subnetIds,
      securityGroupIds: props.securityGroups?.map(group => group.securityGroupId),
    });
    this.workgroup.addDependency(this.namespace);
    this.namespaceArn = this.namespace.attrNamespaceNamespaceArn;
    this.connection = {
      workgroupName: this.workgroup.workgroupName,
      workgroupArn: this.workgroup.attrWorkgroupWorkgroupArn,
      connectDatabaseName: DEFAULT_DATABASE,
      secret,
    };
  }

  /** Authorizes the integration's source table in the namespace's resource policy. */
  public bind(integration: IRedshiftZeroEtlIntegration): RedshiftZeroEtlTargetConfig {
    this.inbound.add(integration);
    // The namespace is referenced (TargetArn); the workgroup only by name.
    return { dependencies: [this.workgroup], connection: this.connection };
  }
}

/** A namespace or workgroup name: lowercase, at most 64 characters, unique in the stack. */
function generatedName(scope: Construct, kind: string): string {
  return Names.uniqueResourceName(scope, { maxLength: 60, separator: '-' }).toLowerCase() + `-${kind.slice(0, 2).toLowerCase()}`;
}

const NAME_PATTERN = /^[a-z0-9-]{3,64}$/;

function serverlessTargetProblems(props: RedshiftServerlessTargetProps): string[] {
  const problems: string[] = [];
  for (const [prop, name] of [['namespaceName', props.namespaceName], ['workgroupName', props.workgroupName]] as const) {
    if (name !== undefined && !Token.isUnresolved(name) && !NAME_PATTERN.test(name)) {
      problems.push(`${prop} '${name}' must be 3 to 64 lowercase letters, digits and hyphens (Redshift Serverless).`);
    }
  }
  if (props.vpc === undefined && (props.vpcSubnets !== undefined || props.securityGroups !== undefined)) {
    problems.push('vpcSubnets and securityGroups need vpc: give the VPC they belong to.');
  }
  return problems;
}
