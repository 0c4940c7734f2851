import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { throwIfProblems } from './private/errors';
import { ImportedRedshiftTarget, InboundIntegrations, throwIfBadConnection } from './private/redshift-warehouse';
import { isIntrinsic } from './private/source-table';
import { IRedshiftZeroEtlIntegration, IRedshiftZeroEtlTarget, RedshiftDataApiConnection, RedshiftZeroEtlTargetConfig } from './redshift-target';

/**
 * Properties for `RedshiftClusterTarget`: a provisioned cluster defined in the app.
 */
export interface RedshiftClusterTargetProps {
  /**
   * The cluster: an RA3 node type, `encrypted: true`, and a parameter group with
   * `enable_case_sensitive_identifier` set to `true`. Its `NamespaceResourcePolicy` is written by
   * this construct, so it must not be set.
   *
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
   */
  readonly cluster: redshift.CfnCluster;

  /**
   * The cluster's parameter group, when it is defined in the app, so that its
   * `enable_case_sensitive_identifier` can be checked.
   *
   * @default - the cluster's parameter group is not checked (a warning says so) unless the cluster has none
   */
  readonly parameterGroup?: redshift.CfnClusterParameterGroup;

  /**
   * A secret with `username` and `password` of a database user that may `CREATE DATABASE`.
   *
   * @default - the cluster's master user, through temporary credentials (`databaseUser`)
   */
  readonly secret?: secretsmanager.ISecret;

  /**
   * The database user that runs `CREATE DATABASE`, through `redshift:GetClusterCredentials`. Not with `secret`.
   *
   * @default - the cluster's `masterUsername`, unless `secret` is given
   */
  readonly databaseUser?: string;
}

/**
 * Attributes of an existing provisioned cluster, for `RedshiftClusterTarget.fromClusterAttributes`.
 */
export interface RedshiftClusterTargetAttributes {
  /** ARN of the cluster's namespace: `arn:<partition>:redshift:<region>:<account>:namespace:<uuid>`. */
  readonly namespaceArn: string;

  /** The cluster's identifier. */
  readonly clusterIdentifier: string;

  /**
   * A secret with `username` and `password` of a database user that may `CREATE DATABASE`.
   * Exactly one of `secret` and `databaseUser`.
   *
   * @default - none: `databaseUser`
   */
  readonly secret?: secretsmanager.ISecret;

  /**
   * A database user that may `CREATE DATABASE`, through `redshift:GetClusterCredentials`.
   * Exactly one of `secret` and `databaseUser`.
   *
   * @default - none: `secret`
   */
  readonly databaseUser?: string;

  /**
   * The database to connect to.
   *
   * @default 'dev'
   */
  readonly connectDatabaseName?: string;
}

const CASE_SENSITIVE_PARAMETER = 'enable_case_sensitive_identifier';

/**
 * A provisioned Redshift cluster defined in the app (`aws_redshift.CfnCluster`) as the target of
 * DynamoDB zero-ETL integrations. Checks at synthesis that the cluster is RA3 and encrypted and
 * that its parameter group turns on case sensitivity, and writes its `NamespaceResourcePolicy`,
 * which authorizes the source table of every integration bound to it. At most 50 integrations.
 *
 * @throws Error listing every problem: not RA3, not encrypted, no parameter group or one without
 * `enable_case_sensitive_identifier=true`, a `NamespaceResourcePolicy` already set, credentials
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
 */
export class RedshiftClusterTarget extends Construct implements IRedshiftZeroEtlTarget {
  /**
   * An existing provisioned cluster. A custom resource merges the statements for its integrations
   * into the namespace's resource policy (Redshift `PutResourcePolicy`), keeping everybody else's
   * ([assumption](README.md#redshift-resource-policy)); its node type, encryption and parameters
   * cannot be checked.
   */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: RedshiftClusterTargetAttributes): IRedshiftZeroEtlTarget {
    return new ImportedRedshiftTarget(scope, id, 'RedshiftClusterTarget.fromClusterAttributes', attrs.namespaceArn, {
      clusterIdentifier: attrs.clusterIdentifier,
      connectDatabaseName: attrs.connectDatabaseName ?? 'dev',
      secret: attrs.secret,
      databaseUser: attrs.databaseUser,
    });
  }

  /** ARN of the cluster's namespace, the integrations' `TargetArn`. */
  public readonly namespaceArn: string;

  private readonly cluster: redshift.CfnCluster;
  private readonly inbound: InboundIntegrations;
  private readonly connection: RedshiftDataApiConnection;

  constructor(scope: Construct, id: string, props: RedshiftClusterTargetProps) {
    super(scope, id);
    const problems = clusterProblems(this, props);
    this.connection = {
      clusterIdentifier: props.cluster.ref,
      connectDatabaseName: props.cluster.dbName,
      secret: props.secret,
      databaseUser: props.secret ? props.databaseUser : props.databaseUser ?? props.cluster.masterUsername,
    };
    throwIfProblems('RedshiftClusterTarget', this, problems);
    throwIfBadConnection('RedshiftClusterTarget', this, this.connection);
    this.cluster = props.cluster;
    this.inbound = new InboundIntegrations(this);
    this.cluster.namespaceResourcePolicy = this.inbound.resourcePolicy();
    this.namespaceArn = this.cluster.attrClusterNamespaceArn;
  }

  /** Authorizes the integration's source table in the cluster's namespace resource policy. */
  public bind(integration: IRedshiftZeroEtlIntegration): RedshiftZeroEtlTargetConfig {
    this.inbound.add(integration);
    // The integration (TargetArn) and the database (ClusterIdentifier) reference the cluster already.
    return { dependencies: [], connection: this.connection };
  }
}

/**
 * The cluster rules of zero-etl.reqs-lims: RA3 node type, encrypted, case-sensitive identifiers
 * (a cluster without a parameter group of its own uses the default group, where the parameter is off
 * and cannot be changed).
 */
function clusterProblems(scope: Construct, props: RedshiftClusterTargetProps): string[] {
  const stack = Stack.of(scope);
  const cluster = props.cluster;
  const label = `cluster '${cluster.node.path}'`;
  const problems: string[] = [];
  const nodeType = cluster.nodeType;
  if (!Token.isUnresolved(nodeType) && !nodeType.toLowerCase().startsWith('ra3.')) {
    problems.push(`${label} has node type '${nodeType}'; zero-ETL integrations need an RA3 node type (for example ra3.large). Change nodeType.`);
  }
  const encrypted = stack.resolve(cluster.encrypted);
  if (encrypted !== true && encrypted !== 'true' && !isIntrinsic(encrypted)) {
    problems.push(`${label} is not encrypted; zero-ETL needs an encrypted provisioned cluster. Set encrypted: true.`);
  }
  if (stack.resolve(cluster.namespaceResourcePolicy) !== undefined) {
    problems.push(`${label} sets namespaceResourcePolicy, which RedshiftClusterTarget writes: remove it from the cluster.`);
  }
  const groupName = stack.resolve(cluster.clusterParameterGroupName);
  if (groupName === undefined) {
    problems.push(`${label} has no parameter group: the default group has ${CASE_SENSITIVE_PARAMETER} off. Give it a ` +
      `CfnClusterParameterGroup with ${CASE_SENSITIVE_PARAMETER} = 'true' and pass that group as parameterGroup.`);
  } else if (props.parameterGroup === undefined) {
    Annotations.of(scope).addWarningV2('cdk-dynamodb-zero-etl:uncheckedParameterGroup',
      `The parameter group of ${label} is not passed as parameterGroup, so ${CASE_SENSITIVE_PARAMETER} could not be checked: ` +
      'zero-ETL needs it set to true.');
  } else if (JSON.stringify(groupName) !== JSON.stringify(stack.resolve(props.parameterGroup.ref))) {
    problems.push(`parameterGroup '${props.parameterGroup.node.path}' is not the parameter group of ${label}: pass the cluster's own group.`);
  } else {
    problems.push(...parameterGroupProblems(stack, props.parameterGroup));
  }
  return problems;
}

function parameterGroupProblems(stack: Stack, group: redshift.CfnClusterParameterGroup): string[] {
  const parameters = stack.resolve(group.parameters);
  if (isIntrinsic(parameters)) {
    return [];
  }
  // The L1 props as given (camelCase): resolving does not render them to CloudFormation's names.
  const value = (parameters ?? []).find((p: any) => p?.parameterName === CASE_SENSITIVE_PARAMETER)?.parameterValue;
  if (typeof value === 'string' && (Token.isUnresolved(value) || value.toLowerCase() === 'true')) {
    return [];
  }
  return [`parameter group '${group.node.path}' does not set ${CASE_SENSITIVE_PARAMETER} to 'true', which zero-ETL needs. ` +
    `Add { parameterName: '${CASE_SENSITIVE_PARAMETER}', parameterValue: 'true' } to its parameters.`];
}
