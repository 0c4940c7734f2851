import { Annotations, Arn, ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3tables from 'aws-cdk-lib/aws-s3tables';
import { Construct, IDependable } from 'constructs';
import { CatalogAccessMode } from './catalog-access-mode';
import { s3TablesCatalogArn, s3TablesCatalogArns, s3TablesNamespaceArns, tableBucketArn } from './private/arns';
import { claim, environmentKey, ownerOf } from './private/claims';
import { throwIfProblems } from './private/errors';
import {
  LakeFormationPermission, lakeFormationCatalogId, lakeFormationGrants, lakeFormationKeyStatement, lakeFormationPrincipalArn,
} from './private/lake-formation';
import { s3TablesMaintenanceKeyStatement, TARGET_KEY_ACTIONS, targetRoleStatements } from './private/permissions';
import { grantToPrincipal, lakeFormationReadGrants, s3TablesIamReadGrants } from './private/read-access';
import { s3TablesCatalog } from './private/s3-tables-catalog';
import { assertSameEnvironment, targetResourceProperty } from './private/targets';
import { s3TablesTargetProblems } from './private/validate';
import { IZeroEtlTarget, ZeroEtlTargetConfig } from './target';

/**
 * Properties for `S3TablesTarget`.
 */
export interface S3TablesTargetProps {
  /**
   * Name of the S3 table bucket to create. Give this or `existingTableBucketArn`.
   *
   * 3 to 63 characters: lowercase letters, digits and hyphens, beginning and ending with a letter
   * or digit; not starting with `xn--`, `sthree-`, `amzn-s3-demo-` or `aws`, and not ending with
   * `-s3alias`, `--ol-s3`, `--x-s3` or `--table-s3`. Unique within the account and region, so one
   * name may be targeted by one `S3TablesTarget` in an app.
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
   * What happens to a table bucket this construct creates when it is removed from the stack or
   * the stack is deleted. The bucket holds the replicated data, so it is kept by default.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The role Glue assumes to write into the table bucket (the target processing role). It must
   * trust `glue.amazonaws.com`. The construct adds the permissions it needs to the role's policy;
   * for an imported role it also warns with what to grant, since a role imported with
   * `mutable: false` drops them.
   *
   * @default - a new role with exactly the permissions the target needs
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-iam-role
   */
  readonly targetRole?: iam.IRole;

  /**
   * A customer managed key for the table bucket (SSE-KMS). The target role may use it to read and
   * write tables; when the key is defined in this stack, its key policy also gets the statement
   * S3 Tables maintenance needs, otherwise the construct warns with what to add. It is also the
   * integration resource property's `KmsArn`. With `existingTableBucketArn`, give the key that
   * bucket uses.
   *
   * @default - S3-managed encryption (SSE-S3, AES256)
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Create the target's `AWS::Glue::IntegrationResourceProperty`, which associates the target
   * processing role with the target. Glue allows one per target resource, so set `false` when the
   * property already exists outside this app (made by another app, the CLI, or the console's
   * "Fix it for me"): `aws glue get-integration-resource-property --resource-arn <targetArn>`
   * returns it then. Without it, no role is created or changed here. Only with `existingTableBucketArn`.
   *
   * @default true
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_GetIntegrationResourceProperty.html
   */
  readonly createIntegrationResourceProperty?: boolean;

  /**
   * Create the `s3tablescatalog` federated catalog (the S3 Tables integration with AWS analytics
   * services) if the account has none in this region. An existing catalog is left as it is, and
   * the construct never deletes the catalog. Safe when several stacks opt in.
   *
   * @default false
   * @see https://docs.aws.amazon.com/glue/latest/dg/enable-s3-tables-catalog-integration.html
   */
  readonly createS3TablesCatalog?: boolean;

  /**
   * Who controls access to the bucket's catalog `s3tablescatalog/<bucket>`. Declare the account's
   * mode; the construct does not change it.
   *
   * With `CatalogAccessMode.LAKE_FORMATION`, a custom resource grants the target processing role
   * `CREATE_DATABASE` and `DESCRIBE` on the catalog `<account>:s3tablescatalog/<bucket>` with the Lake
   * Formation API (`GrantPermissions`, which fails the deployment when Lake Formation refuses it;
   * revoked with `RevokePermissions` when the target is removed), and integrations into this target
   * wait for that grant. These permissions are
   * assumptions: the Glue guide only says the role needs "sufficient Lake Formation permissions to
   * create, modify and delete the table and database", without naming them. The construct assumes
   * zero-ETL creates its namespace as the target role, which then holds all permissions on the
   * namespace and its tables as their creator (implicit permissions); the docs do not confirm it.
   * Permissions on the namespace and its tables (`ALL` on the database, `ALL` on its table wildcard)
   * cannot be granted before zero-ETL creates the namespace, and are not granted.
   *
   * Prerequisites, done once by a Lake Formation administrator, not by this construct:
   * - the catalog is opted into Lake Formation (table buckets registered with Lake Formation, and
   *   the `IAM_ALLOWED_PRINCIPALS` default permissions removed), see `@see` below;
   * - the role that deploys the stack's `AwsCustomResource` function (its role is in the stack) is a
   *   data lake administrator, or holds the permissions with grant option: IAM alone cannot grant
   *   Lake Formation permissions. The construct does not add it to the administrators, since
   *   `PutDataLakeSettings` replaces the whole list.
   *
   * Without an integration resource property (`createIntegrationResourceProperty: false`) there is
   * no target role here, and nothing is granted.
   *
   * @default CatalogAccessMode.IAM
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-iam-to-lf.html
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/implicit-permissions.html
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/required-permissions-for-grant.html
   */
  readonly accessMode?: CatalogAccessMode;

  /**
   * The role Lake Formation uses to vend credentials for the table buckets (the role registered with
   * Lake Formation for S3 Tables; the console names it `service-role/S3TablesRoleForLakeFormation`,
   * but the name varies by account). When `encryptionKey` is a key defined in this stack, its key
   * policy lets this role use the key (`kms:GenerateDataKey`, `kms:Decrypt`); for any other key, the
   * construct warns with the statement to add. Required with `accessMode`
   * `CatalogAccessMode.LAKE_FORMATION` and an `encryptionKey`; not allowed in IAM mode.
   *
   * @default - none: required in Lake Formation mode with an `encryptionKey`
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html#tables-kms-lf-permissions
   */
  readonly lakeFormationRole?: iam.IRole;
}

/**
 * An Amazon S3 table bucket as the target of Glue zero-ETL integrations: the bucket (new, or an
 * existing one by ARN), the target processing role Glue assumes to write into it, and the
 * `AWS::Glue::IntegrationResourceProperty` that associates the two with the target
 * `catalog/s3tablescatalog/<bucket>`.
 *
 * Any number of `DynamoDbZeroEtlIntegration`s, in this stack or others of the same account and
 * region, may write into one target. A table bucket can be the target of one `S3TablesTarget` per
 * app: a second one for the same bucket name or ARN is an error, because CloudFormation would
 * create the bucket twice and Glue allows one resource property per target.
 *
 * @throws Error at construction, listing every problem found in the props
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'analytics-lake' });
 * new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: orders, target: lake });
 */
export class S3TablesTarget extends Construct implements IZeroEtlTarget {
  /** The table bucket this construct created; undefined with `existingTableBucketArn`. */
  public readonly tableBucket?: s3tables.CfnTableBucket;
  /** ARN of the table bucket: `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`. */
  public readonly tableBucketArn: string;
  /** Name of the table bucket. */
  public readonly tableBucketName: string;
  /** The integrations' target: `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`. */
  public readonly targetArn: string;
  /** The target processing role; undefined when `createIntegrationResourceProperty` is false. */
  public readonly targetRole?: iam.IRole;
  /** Associates the target processing role with the target; undefined when `createIntegrationResourceProperty` is false. */
  public readonly integrationResourceProperty?: glue.CfnIntegrationResourceProperty;
  /** The table bucket's customer managed key, if any. */
  public readonly encryptionKey?: kms.IKey;
  /** Who controls access to the bucket's catalog. */
  public readonly accessMode: CatalogAccessMode;

  /** What an integration into this target must be created after. */
  private readonly integrationDependencies: IDependable[] = [];
  /** The Lake Formation grants of this target, in the order they are made. */
  private readonly lakeFormationGrants: IDependable[] = [];

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
      this.allowS3TablesMaintenance(props.encryptionKey);
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
        statements: this.targetPermissions(),
        dependencies: this.integrationDependencies,
      });
      this.targetRole = role;
      this.integrationResourceProperty = property;
      this.integrationDependencies.splice(0, this.integrationDependencies.length, property);
      if (this.accessMode === CatalogAccessMode.LAKE_FORMATION) {
        const grants = this.grantTargetRoleLakeFormation(role);
        this.lakeFormationGrants.push(grants);
        this.integrationDependencies.push(grants);
      }
    } else if (this.accessMode === CatalogAccessMode.LAKE_FORMATION) {
      Annotations.of(this).addWarningV2(
        'dynamodb-zero-etl-s3tables:lakeFormationWithoutTargetRole',
        'accessMode is CatalogAccessMode.LAKE_FORMATION but createIntegrationResourceProperty is false, so the target processing role is not known here '
        + 'and no Lake Formation permission is granted to it: grant it yourself (for example CREATE_DATABASE and DESCRIBE on the catalog '
        + `${lakeFormationCatalogId(Stack.of(this), this.tableBucketName)}).`,
      );
    }
  }

  /**
   * Gives an integration this target's ARN, what to wait for and what to authorize.
   *
   * @throws Error when the integration's stack is in another account or region: this construct
   * supports same-account, same-region integrations only (a limit of this library, not of Glue)
   */
  public bind(integration: Construct): ZeroEtlTargetConfig {
    assertSameEnvironment(this, integration);
    return {
      targetArn: this.targetArn,
      dependencies: [...this.integrationDependencies],
      catalogResourceArns: [this.targetArn],
      accountWideCatalogResourceArns: [s3TablesCatalogArn(Stack.of(this), '*')],
    };
  }

  /**
   * Lets `grantee` query the replicated tables, for example with Athena through the federated
   * catalog `s3tablescatalog/<bucket>`.
   *
   * In IAM mode (`CatalogAccessMode.IAM`), adds to the grantee's IAM policy:
   * - `glue:GetCatalog`, `glue:GetDatabase(s)`, `glue:GetTable(s)` on the root catalog,
   *   `catalog/s3tablescatalog`, `catalog/s3tablescatalog/<bucket>`, `database/s3tablescatalog/<bucket>/*`
   *   and `table/s3tablescatalog/<bucket>/*` + `/*` (the namespace zero-ETL creates is generated, so
   *   every namespace of the bucket is granted; `namespace` is not used);
   * - `s3tables:GetTableBucket` on the bucket; `s3tables:GetTable`, `GetTableMetadataLocation`,
   *   `GetTableData` on `bucket/<bucket>/table/*`;
   * - `kms:Decrypt` on `encryptionKey`, if any (the key policy must let IAM policies of the account
   *   use the key, as a new `kms.Key`'s default policy does).
   *
   * In Lake Formation mode (`CatalogAccessMode.LAKE_FORMATION`), adds to the grantee's IAM policy the
   * same Glue statement and `lakeformation:GetDataAccess` (on `*`: it has no resource type), but no
   * S3 Tables or KMS statement (Lake Formation vends the credentials), and a custom resource under this
   * target grants with the Lake Formation API, revoked when it is removed:
   * - `DESCRIBE` on the catalog `<account>:s3tablescatalog/<bucket>` (an assumption: the docs only show
   *   `ALL` there, and this is what makes the catalog visible);
   * - with `namespace`, `SELECT` and `DESCRIBE` on every table of it (`TableWildcard`), which implies
   *   `DESCRIBE` on the namespace. The namespace must exist when the stack deploys: zero-ETL creates
   *   it (`zetl_…`) when the first integration runs, so grant it in a later deployment. Without
   *   `namespace`, only the catalog is granted, and the construct warns. Whether the table wildcard
   *   covers tables created later is not documented.
   * The grantee's principal must be an IAM role or user (Lake Formation principals are ARNs), and the
   * same prerequisites as `accessMode` apply: the custom resource's role must be a data lake
   * administrator. Lake Formation grants of one target are made one after the other, since
   * concurrent grants can fail with `ConcurrentModificationException`.
   *
   * Not granted, and the caller's job in both modes: Athena itself (the workgroup and the query
   * results bucket, for example `AmazonAthenaFullAccess` and a results bucket grant), which the pages
   * below leave to standard Athena IAM.
   *
   * @param grantee who may read
   * @param namespace Lake Formation mode only: the namespace (Glue database) zero-ETL created in the
   * bucket, whose tables to grant. Default: none, only the catalog is granted.
   * @returns the IAM part of the grant
   * @throws Error in Lake Formation mode when the grantee's principal is not a role, a user or an ARN principal
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-lf-to-iam.html
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-integrating-glue-endpoint.html
   * @see https://docs.aws.amazon.com/athena/latest/ug/gdc-register-s3-table-bucket-cat.html
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-iam-to-lf.html
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
    const catalogId = lakeFormationCatalogId(stack, this.tableBucketName);
    const permissions: LakeFormationPermission[] = [{ resource: { Catalog: { Id: catalogId } }, permissions: ['DESCRIBE'] }];
    const catalogResourceArns = s3TablesCatalogArns(stack, this.tableBucketName);
    if (namespace === undefined) {
      Annotations.of(this).addWarningV2(
        'dynamodb-zero-etl-s3tables:lakeFormationReadWithoutNamespace',
        `grantRead in Lake Formation mode without a namespace grants ${principalArn} DESCRIBE on the catalog ${catalogId} only. ` +
        'Once zero-ETL has created its namespace (aws s3tables list-namespaces), pass it to grantRead to grant SELECT on its tables.',
      );
    } else {
      permissions.push({
        resource: { Table: { CatalogId: catalogId, DatabaseName: namespace, TableWildcard: {} } },
        permissions: ['SELECT', 'DESCRIBE'],
      });
      catalogResourceArns.push(...s3TablesNamespaceArns(stack, this.tableBucketName, namespace));
    }
    const id = `ReadLakeFormationPermissions${Construct.isConstruct(grantee.grantPrincipal) ? grantee.grantPrincipal.node.addr : this.lakeFormationGrants.length}`;
    const grants = lakeFormationGrants(this, id, { principalArn, permissions, catalogResourceArns });
    grants.node.addDependency(...this.lakeFormationGrants.slice(-1), ...this.integrationDependencies);
    this.lakeFormationGrants.push(grants);
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
   * Gives S3 Tables maintenance use of the table bucket's key (compaction and snapshot management).
   */
  private allowS3TablesMaintenance(key: kms.IKey): void {
    const stack = Stack.of(this);
    // The bucket ARN from its name, not the bucket's attribute: the bucket references the key, so the
    // key policy must not reference the bucket (a dependency cycle).
    const statement = s3TablesMaintenanceKeyStatement(stack, tableBucketArn(stack, this.tableBucketName));
    this.addToKeyPolicy(key, statement, 'tableBucketKeyPolicy', 'or S3 Tables cannot maintain the bucket\'s tables');
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
      `dynamodb-zero-etl-s3tables:${warningId}`,
      'The table bucket key is not defined in this stack, so its key policy is left alone. Add this statement to it, ' +
      `${consequence}: ${JSON.stringify(stack.resolve(statement.toStatementJson()))}`,
    );
  }

  /**
   * Lake Formation mode: grants the target processing role `CREATE_DATABASE` and `DESCRIBE` on the
   * bucket's catalog (assumptions, see `accessMode`).
   */
  private grantTargetRoleLakeFormation(role: iam.IRole): IDependable {
    const stack = Stack.of(this);
    const grants = lakeFormationGrants(this, 'TargetRoleLakeFormationPermissions', {
      principalArn: role.roleArn,
      permissions: [
        { resource: { Catalog: { Id: lakeFormationCatalogId(stack, this.tableBucketName) } }, permissions: ['CREATE_DATABASE', 'DESCRIBE'] },
      ],
      catalogResourceArns: s3TablesCatalogArns(stack, this.tableBucketName),
    });
    // After the resource property, which waits for the bucket and the catalog the grant names.
    grants.node.addDependency(...this.integrationDependencies);
    return grants;
  }
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
