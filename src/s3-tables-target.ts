import { Annotations, Arn, ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3tables from 'aws-cdk-lib/aws-s3tables';
import { Construct, IDependable } from 'constructs';
import { CatalogAccessMode } from './catalog-access-mode';
import { s3TablesCatalogArn, s3TablesCatalogArns, tableBucketArn } from './private/arns';
import { autoDeleteProblems, autoDeleteReplicatedData } from './private/auto-delete';
import { claim, environmentKey, ownerOf } from './private/claims';
import { sameEnvironmentProblems } from './private/environment';
import { throwIfProblems } from './private/errors';
import {
  LakeFormationGrantSequence, lakeFormationCatalogId, lakeFormationKeyStatement, lakeFormationPrincipalArn, lakeFormationReadPermissions,
  readGrantsId, warnLakeFormationWithoutTargetRole,
} from './private/lake-formation';
import { autoDeleteTableBucketStatements, s3TablesMaintenanceKeyStatement, TARGET_KEY_ACTIONS, targetRoleStatements } from './private/permissions';
import { grantToPrincipal, lakeFormationReadGrants, s3TablesIamReadGrants } from './private/read-access';
import { s3TablesCatalog } from './private/s3-tables-catalog';
import { targetResourceProperty, withoutResourcePropertyProblems } from './private/targets';
import { IZeroEtlIntegration, IZeroEtlTarget, ZeroEtlTargetConfig, ZeroEtlTargetProps } from './target';

/**
 * Properties for `S3TablesTarget`.
 */
export interface S3TablesTargetProps extends ZeroEtlTargetProps {
  /**
   * Name of the table bucket to create. Give this or `existingTableBucketArn`. 3 to 63 characters:
   * lowercase letters, digits and hyphens, beginning and ending with a letter or digit; not
   * starting with `xn--`, `sthree-`, `amzn-s3-demo-` or `aws`, not ending with `-s3alias`,
   * `--ol-s3`, `--x-s3` or `--table-s3`. One `S3TablesTarget` per bucket in an app.
   *
   * @default - none: give `existingTableBucketArn` instead
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html
   */
  readonly tableBucketName?: string;

  /**
   * ARN of an existing table bucket, `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`,
   * in the stack's account and region. No bucket is created. Give this or `tableBucketName`.
   *
   * @default - none: give `tableBucketName` instead
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets.html
   */
  readonly existingTableBucketArn?: string;

  /**
   * Create the `s3tablescatalog` federated catalog (the S3 Tables integration with AWS analytics
   * services) if the account has none in this region. An existing catalog is left as it is, and
   * it is never deleted. Safe when several stacks opt in.
   *
   * @default false
   * @see https://docs.aws.amazon.com/glue/latest/dg/enable-s3-tables-catalog-integration.html
   */
  readonly createS3TablesCatalog?: boolean;

  /**
   * The role Lake Formation vends table bucket credentials with (the console names it
   * `service-role/S3TablesRoleForLakeFormation`): it gets use of `encryptionKey` when that key is in
   * this stack, and a warning says what to add otherwise. Required in Lake Formation mode with an
   * `encryptionKey`; not allowed in IAM mode.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html#tables-kms-lf-permissions
   */
  readonly lakeFormationRole?: iam.IRole;
}

/**
 * An Amazon S3 table bucket as the target of Glue zero-ETL integrations: the bucket (new, or
 * existing by ARN), the target processing role Glue assumes to write into it, and the
 * `AWS::Glue::IntegrationResourceProperty` that associates the role with the target
 * `catalog/s3tablescatalog/<bucket>`. Integrations in any stack of the same account and region may
 * write into it.
 *
 * @throws Error at construction, listing every problem found in the props, or when another
 * `S3TablesTarget` of the app has the same bucket
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'analytics-lake' });
 * new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: orders, target: lake });
 */
export class S3TablesTarget extends Construct implements IZeroEtlTarget {
  /** The integrations' target: `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`. */
  public readonly targetArn: string;
  /** The table bucket this construct created; undefined with `existingTableBucketArn`. */
  public readonly tableBucket?: s3tables.CfnTableBucket;
  /** ARN of the table bucket: `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`. */
  public readonly tableBucketArn: string;
  /** Name of the table bucket. */
  public readonly tableBucketName: string;
  /** The target processing role; undefined when `createIntegrationResourceProperty` is false. */
  public readonly targetRole?: iam.IRole;
  /** Associates the target processing role with the target; undefined when `createIntegrationResourceProperty` is false. */
  public readonly integrationResourceProperty?: glue.CfnIntegrationResourceProperty;
  /** The table bucket's customer managed key, if any. */
  public readonly encryptionKey?: kms.IKey;
  /** Who controls access to the bucket's catalog. */
  public readonly accessMode: CatalogAccessMode;
  /** The event bus of the integrations' status notifications; undefined for the default event bus. */
  public readonly eventBus?: events.IEventBus;

  /** What an integration into this target must be created after. */
  private readonly integrationDependencies: IDependable[] = [];
  /** The Lake Formation grants of this target, in the order they are made. */
  private readonly lakeFormationGrants = new LakeFormationGrantSequence(this);

  constructor(scope: Construct, id: string, props: S3TablesTargetProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const problems = s3TablesTargetProblems(stack, props);
    const bucketKey = problems.length === 0 ? tableBucketKey(stack, props) : undefined;
    const owner = bucketKey && ownerOf(this, bucketKey);
    if (owner) {
      problems.push(
        `table bucket '${props.tableBucketName ?? props.existingTableBucketArn}' is already the target of '${owner}'. ` +
        'CloudFormation would create the bucket twice and Glue allows one integration resource property per target: ' +
        'pass that S3TablesTarget to both integrations instead of creating a second one.');
    }
    throwIfProblems('S3TablesTarget', this, problems);
    if (bucketKey) {
      claim(this, bucketKey);
    }

    this.encryptionKey = props.encryptionKey;
    this.accessMode = props.accessMode ?? CatalogAccessMode.IAM;
    this.eventBus = props.eventBus;
    if (props.tableBucketName !== undefined) {
      this.tableBucketName = props.tableBucketName;
      this.tableBucket = new s3tables.CfnTableBucket(this, 'TableBucket', {
        tableBucketName: props.tableBucketName,
        encryptionConfiguration: props.encryptionKey ? { sseAlgorithm: 'aws:kms', kmsKeyArn: props.encryptionKey.keyArn } : undefined,
      });
      this.tableBucket.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
      this.tableBucketArn = this.tableBucket.attrTableBucketArn;
      this.integrationDependencies.push(this.tableBucket);
    } else {
      this.tableBucketArn = props.existingTableBucketArn!;
      this.tableBucketName = Arn.split(this.tableBucketArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
    }
    this.targetArn = s3TablesCatalogArn(stack, this.tableBucketName);
    if (props.encryptionKey) {
      // The bucket ARN from its name: the bucket references the key, so the key policy must not reference the bucket.
      this.addToKeyPolicy(props.encryptionKey, s3TablesMaintenanceKeyStatement(stack, tableBucketArn(stack, this.tableBucketName)),
        'tableBucketKeyPolicy', 'or S3 Tables cannot maintain the bucket\'s tables');
      if (props.lakeFormationRole) {
        this.addToKeyPolicy(props.encryptionKey, lakeFormationKeyStatement(props.lakeFormationRole), 'lakeFormationKeyPolicy',
          'or Lake Formation cannot vend credentials for the bucket\'s tables');
      }
    }
    if (props.createS3TablesCatalog) {
      this.integrationDependencies.push(s3TablesCatalog(this));
    }

    if (props.createIntegrationResourceProperty ?? true) {
      const { role, property } = targetResourceProperty(this, {
        resourceArn: this.targetArn,
        targetRole: props.targetRole,
        roleDescription: `Glue zero-ETL target processing role for table bucket ${this.tableBucketName}`,
        kmsArn: props.encryptionKey?.keyArn,
        eventBus: props.eventBus,
        statements: this.targetPermissions(),
        dependencies: this.integrationDependencies,
      });
      this.targetRole = role;
      this.integrationResourceProperty = property;
      this.integrationDependencies.splice(0, this.integrationDependencies.length, property);
      if (this.accessMode === CatalogAccessMode.LAKE_FORMATION) {
        this.integrationDependencies.push(this.grantTargetRoleLakeFormation(role));
      }
    } else if (this.accessMode === CatalogAccessMode.LAKE_FORMATION) {
      warnLakeFormationWithoutTargetRole(this, `CREATE_DATABASE and DESCRIBE on the catalog ${lakeFormationCatalogId(stack, this.tableBucketName)}`);
    }
    if (props.autoDeleteReplicatedData && this.tableBucket) {
      this.integrationDependencies.push(autoDeleteReplicatedData(this, {
        properties: { TableBucketArn: this.tableBucketArn },
        statements: autoDeleteTableBucketStatements(this.tableBucketArn),
        storage: [],
      }));
    }
  }

  /**
   * Gives an integration what to wait for and what to authorize: the catalog resource policy
   * statements go on the bucket's catalog.
   */
  public bind(_integration: IZeroEtlIntegration): ZeroEtlTargetConfig {
    return {
      dependencies: [...this.integrationDependencies],
      catalogResourceArns: [this.targetArn],
      accountWideCatalogResourceArns: [s3TablesCatalogArn(Stack.of(this), '*')],
      eventBus: this.eventBus,
    };
  }

  /**
   * Lets `grantee` query the replicated tables (for example with Athena, through `s3tablescatalog/<bucket>`).
   *
   * IAM mode: Glue `Get*` on the bucket's catalog resources, S3 Tables reads on the bucket and its
   * tables, and `kms:Decrypt` on `encryptionKey`. Lake Formation mode: the same Glue statement and
   * `lakeformation:GetDataAccess` in IAM, plus Lake Formation grants (through a custom resource,
   * revoked on delete) of `DESCRIBE` on the catalog and, with `namespace`, `SELECT` and `DESCRIBE`
   * on its tables ([details and assumptions](README.md#access)). Athena's own permissions stay the caller's.
   *
   * @param grantee who may read; in Lake Formation mode an IAM role or user
   * @param namespace Lake Formation mode only: the namespace zero-ETL created in the bucket, whose
   * tables to grant (it must exist when the stack deploys; AWS does not document its name, so there is
   * [no default](README.md#integration-namespace)). Default: only the catalog is granted, with a warning.
   * @returns the IAM part of the grant
   * @throws Error in Lake Formation mode when the grantee is not a role, a user or an ARN principal
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-lf-to-iam.html
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-permissions-tables.html#grant-lf-table
   */
  public grantRead(grantee: iam.IGrantable, namespace?: string): iam.Grant {
    const stack = Stack.of(this);
    if (this.accessMode !== CatalogAccessMode.LAKE_FORMATION) {
      return grantToPrincipal(grantee, s3TablesIamReadGrants(stack, {
        tableBucketName: this.tableBucketName,
        tableBucketArn: this.tableBucketArn,
        keyArn: this.encryptionKey?.keyArn,
      }));
    }
    const principalArn = lakeFormationPrincipalArn(this, grantee.grantPrincipal);
    if (namespace === undefined) {
      Annotations.of(this).addWarningV2(
        'cdk-dynamodb-zero-etl:lakeFormationReadWithoutNamespace',
        `grantRead in Lake Formation mode without a namespace grants ${principalArn} DESCRIBE on the catalog ` +
        `${lakeFormationCatalogId(stack, this.tableBucketName)} only. Once zero-ETL has created its namespace ` +
        '(aws s3tables list-namespaces), pass it to grantRead to grant SELECT on its tables.',
      );
    }
    const read = lakeFormationReadPermissions(stack, this.tableBucketName, namespace);
    // One grant per principal and namespace.
    this.lakeFormationGrants.grant(readGrantsId(stack, principalArn, namespace), { principalArn, ...read }, this.integrationDependencies);
    return grantToPrincipal(grantee, lakeFormationReadGrants(stack, this.tableBucketName));
  }

  /** What the target role needs on the table bucket, its tables and its key. */
  private targetPermissions(): iam.PolicyStatement[] {
    const statements = targetRoleStatements(Stack.of(this), this.tableBucketArn);
    if (this.encryptionKey) {
      statements.push(new iam.PolicyStatement({ actions: TARGET_KEY_ACTIONS, resources: [this.encryptionKey.keyArn] }));
    }
    return statements;
  }

  /**
   * Adds `statement` to the key policy of a key this stack defines; for any other key, warns with the
   * statement to add (key policies elsewhere are left alone).
   */
  private addToKeyPolicy(key: kms.IKey, statement: iam.PolicyStatement, warningId: string, consequence: string): void {
    const stack = Stack.of(this);
    if (key instanceof kms.Key && Stack.of(key) === stack && key.addToResourcePolicy(statement).statementAdded) {
      return;
    }
    Annotations.of(this).addWarningV2(
      `cdk-dynamodb-zero-etl:${warningId}`,
      'The table bucket key is not defined in this stack, so its key policy is left alone. Add this statement to it, ' +
      `${consequence}: ${JSON.stringify(stack.resolve(statement.toStatementJson()))}`,
    );
  }

  /** Lake Formation mode: the target processing role's grants on the bucket's catalog ([assumption](README.md#lake-formation-mode)). */
  private grantTargetRoleLakeFormation(role: iam.IRole): IDependable {
    const stack = Stack.of(this);
    // After the resource property, which waits for the bucket and the catalog the grant names.
    return this.lakeFormationGrants.grant('TargetRoleLakeFormationPermissions', {
      principalArn: role.roleArn,
      permissions: [
        { resource: { Catalog: { Id: lakeFormationCatalogId(stack, this.tableBucketName) } }, permissions: ['CREATE_DATABASE', 'DESCRIBE'] },
      ],
      catalogResourceArns: s3TablesCatalogArns(stack, this.tableBucketName),
    }, this.integrationDependencies);
  }
}
const TABLE_BUCKET_NAME_RULES = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html';
const RESERVED_TABLE_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-', 'aws'];
const RESERVED_TABLE_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '--x-s3', '--table-s3'];

/** S3 Tables table bucket naming rules. */
function tableBucketNameProblems(name: string): string[] {
  if (Token.isUnresolved(name)) {
    return [];
  }
  const problems: string[] = [];
  const bad = (rule: string) => problems.push(`tableBucketName '${name}' ${rule} (${TABLE_BUCKET_NAME_RULES}).`);
  if (name.length < 3 || name.length > 63) {
    bad(`is ${name.length} characters long; a table bucket name has 3 to 63`);
  }
  if (!/^[a-z0-9-]*$/.test(name)) {
    bad('may only contain lowercase letters, digits and hyphens');
  } else if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) {
    bad('must begin and end with a lowercase letter or digit');
  }
  const prefix = RESERVED_TABLE_BUCKET_PREFIXES.find(p => name.startsWith(p));
  if (prefix) {
    bad(`starts with the reserved prefix '${prefix}'`);
  }
  const suffix = RESERVED_TABLE_BUCKET_SUFFIXES.find(s => name.endsWith(s));
  if (suffix) {
    bad(`ends with the reserved suffix '${suffix}'`);
  }
  return problems;
}

const TABLE_BUCKET_ARN = /^arn:[a-z-]+:s3tables:([a-z0-9-]+):(\d{12}):bucket\/[a-z0-9-]+$/;

/** An S3 Tables target: exactly one bucket source, and options that fit it. */
function s3TablesTargetProblems(stack: Stack, props: S3TablesTargetProps): string[] {
  const problems: string[] = [];
  const existing = props.existingTableBucketArn;
  if ((props.tableBucketName === undefined) === (existing === undefined)) {
    problems.push('give exactly one of tableBucketName (a bucket to create) and existingTableBucketArn (a bucket that exists).');
  }
  if (props.tableBucketName !== undefined) {
    problems.push(...tableBucketNameProblems(props.tableBucketName));
  }
  if (existing !== undefined && props.removalPolicy !== undefined) {
    problems.push('removalPolicy only applies to a table bucket this construct creates, not to existingTableBucketArn.');
  }
  if (existing !== undefined && !Token.isUnresolved(existing)) {
    const match = TABLE_BUCKET_ARN.exec(existing);
    if (!match) {
      problems.push(`existingTableBucketArn '${existing}' is not a table bucket ARN (arn:<partition>:s3tables:<region>:<account>:bucket/<name>).`);
    } else {
      problems.push(...sameEnvironmentProblems(stack, `existingTableBucketArn '${existing}'`, { region: match[1], account: match[2] }));
    }
  }
  problems.push(...withoutResourcePropertyProblems(props, existing !== undefined, 'existingTableBucketArn', 'a bucket'));
  problems.push(...lakeFormationProblems(props));
  problems.push(...autoDeleteProblems(props, props.tableBucketName !== undefined, 'existingTableBucketArn'));
  return problems;
}

/** `lakeFormationRole` belongs to Lake Formation mode, where a bucket key needs it. */
function lakeFormationProblems(props: S3TablesTargetProps): string[] {
  const lakeFormation = props.accessMode === CatalogAccessMode.LAKE_FORMATION;
  if (!lakeFormation && props.lakeFormationRole !== undefined) {
    return ['lakeFormationRole only applies with accessMode CatalogAccessMode.LAKE_FORMATION: remove it, or set that access mode.'];
  }
  if (lakeFormation && props.encryptionKey !== undefined && props.lakeFormationRole === undefined) {
    return [
      'accessMode CatalogAccessMode.LAKE_FORMATION with an encryptionKey needs lakeFormationRole: Lake Formation vends credentials '
      + 'with the role registered for S3 Tables (the console names it S3TablesRoleForLakeFormation), and that role must be allowed to use the key '
      + '(https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html#tables-kms-lf-permissions). '
      + 'Pass it, e.g. iam.Role.fromRoleArn(this, \'LakeFormationRole\', \'arn:aws:iam::<account>:role/service-role/S3TablesRoleForLakeFormation\').',
    ];
  }
  return [];
}

/**
 * Identifies a table bucket within the app: account, region and name, from the ARN of an existing
 * bucket or the stack of a new one. Undefined when the name is only known at deploy time.
 */
function tableBucketKey(stack: Stack, props: S3TablesTargetProps): string | undefined {
  const name = props.tableBucketName;
  if (name !== undefined) {
    return Token.isUnresolved(name) ? undefined : `table bucket ${environmentKey(stack)}/${name}`;
  }
  const arn = props.existingTableBucketArn;
  if (arn === undefined || Token.isUnresolved(arn)) {
    return undefined;
  }
  const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  return `table bucket ${JSON.stringify([parts.account, parts.region])}/${parts.resourceName}`;
}
