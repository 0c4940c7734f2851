import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { CatalogAccessMode } from './catalog-access-mode';
import { glueCatalogArn, glueDatabaseArn } from './private/arns';
import { autoDeleteProblems, autoDeleteReplicatedData } from './private/auto-delete';
import { claim, environmentKey, ownerOf } from './private/claims';
import { throwIfProblems } from './private/errors';
import {
  glueDatabaseLakeFormationResources, LakeFormationGrantSequence, lakeFormationPrincipalArn, readGrantsId, warnLakeFormationWithoutTargetRole,
} from './private/lake-formation';
import { acknowledgeLocationBucket } from './private/nag';
import {
  autoDeleteGlueDatabaseStatements, GlueDatabaseLocation, glueDatabaseTargetRoleStatements, TARGET_KEY_ACTIONS,
} from './private/permissions';
import { glueDatabaseLakeFormationReadGrants, glueDatabaseReadGrants, grantToPrincipal } from './private/read-access';
import { targetResourceProperty, withoutResourcePropertyProblems } from './private/targets';
import { IZeroEtlIntegration, IZeroEtlTarget, ZeroEtlTargetConfig, ZeroEtlTargetProps } from './target';

/**
 * Properties for `GlueDatabaseTarget`.
 */
export interface GlueDatabaseTargetProps extends ZeroEtlTargetProps {
  /**
   * Name of the Glue database to create. Give this or `existingDatabaseName`.
   *
   * 1 to 255 characters: lowercase letters, digits and underscores (zero-ETL rejects others with
   * "contains invalid characters"). One `GlueDatabaseTarget` per database in an app.
   *
   * @default - none: give `existingDatabaseName` instead
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_DatabaseInput.html
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-glue-database
   */
  readonly databaseName?: string;

  /**
   * Name of an existing Glue database in the stack's account and region, whose `LocationUri` is
   * `s3://<bucket>/<prefix>/`: give that `bucket` and `prefix` too, since the target role is granted
   * access there. No database or bucket is created. Give this or `databaseName`. Same naming rules.
   *
   * @default - none: give `databaseName` instead
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-glue-database
   */
  readonly existingDatabaseName?: string;

  /**
   * An existing general purpose S3 bucket, in the database's region, for the database's location.
   * Required with `existingDatabaseName`. The construct does not change the bucket or its policy:
   * the bucket policy must not deny the target role.
   *
   * @default - a new bucket: S3-managed encryption (or `encryptionKey`), all public access blocked,
   * SSL enforced, versioned, kept on stack deletion
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-regular-s3
   */
  readonly bucket?: s3.IBucket;

  /**
   * The key prefix of the database's location in the bucket, without leading or trailing slash:
   * the location is `s3://<bucket>/<prefix>/`, and the target role may read, write and delete
   * objects under it. An empty string puts the location at the bucket's root (and the grant on
   * every object of the bucket). Required with `existingDatabaseName`.
   *
   * @default - the database name
   */
  readonly prefix?: string;

  /**
   * Whether a bucket this construct creates keeps object versions. Zero-ETL writes Iceberg data and
   * metadata files, which versioning protects from accidental deletion; add a lifecycle rule for
   * noncurrent versions if storage matters. Only for a bucket this construct creates.
   *
   * @default true
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
   */
  readonly versioned?: boolean;
}

/**
 * A Glue database on a general purpose Amazon S3 bucket as the target of Glue zero-ETL
 * integrations (the "Amazon SageMaker Lakehouse" target): the bucket (new or existing), the database
 * (new, with `LocationUri` on the bucket, or an existing one), the target processing role Glue
 * assumes to write Iceberg tables there, and the `AWS::Glue::IntegrationResourceProperty` that
 * associates the role with the target `arn:<partition>:glue:<region>:<account>:database/<name>`.
 *
 * Any number of integrations in the same account and region may write into it, each into an
 * Iceberg table of its own ([assumptions](README.md#glue-database-target)).
 *
 * @throws Error at construction, listing every problem found in the props, or when another
 * `GlueDatabaseTarget` of the app has the same database
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-regular-s3
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * const lakehouse = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
 * new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', { table: orders, target: lakehouse });
 */
export class GlueDatabaseTarget extends Construct implements IZeroEtlTarget {
  /** The bucket of the database's location. */
  public readonly bucket: s3.IBucket;
  /** The location's key prefix in the bucket, without slashes. */
  public readonly prefix: string;
  /** The database's location: `s3://<bucket>/<prefix>/`. */
  public readonly locationUri: string;
  /** The database this construct created; undefined with `existingDatabaseName`. */
  public readonly database?: glue.CfnDatabase;
  /** Name of the Glue database. */
  public readonly databaseName: string;
  /** The integrations' target, the database's ARN: `arn:<partition>:glue:<region>:<account>:database/<name>`. */
  public readonly targetArn: string;
  /** The target processing role; undefined when `createIntegrationResourceProperty` is false. */
  public readonly targetRole?: iam.IRole;
  /** Associates the target processing role with the database; undefined when `createIntegrationResourceProperty` is false. */
  public readonly integrationResourceProperty?: glue.CfnIntegrationResourceProperty;
  /** The bucket's customer managed key, if any. */
  public readonly encryptionKey?: kms.IKey;
  /** The event bus of the integrations' status notifications; undefined for the default event bus. */
  public readonly eventBus?: events.IEventBus;
  /** Who controls access to the database and its tables. */
  public readonly accessMode: CatalogAccessMode;

  /** What an integration into this target must be created after. */
  private readonly integrationDependencies: IDependable[] = [];
  /** The Lake Formation grants of this target, in the order they are made. */
  private readonly lakeFormationGrants = new LakeFormationGrantSequence(this);

  constructor(scope: Construct, id: string, props: GlueDatabaseTargetProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const problems = glueDatabaseTargetProblems(props);
    const name = props.databaseName ?? props.existingDatabaseName;
    const databaseKey = problems.length === 0 && !Token.isUnresolved(name) ? `glue database ${environmentKey(stack)}/${name}` : undefined;
    const owner = databaseKey && ownerOf(this, databaseKey);
    if (owner) {
      problems.push(
        `Glue database '${name}' is already the target of '${owner}'. ` +
        'CloudFormation would create the database twice and Glue allows one integration resource property per target: ' +
        'pass that GlueDatabaseTarget to both integrations instead of creating a second one.');
    }
    throwIfProblems('GlueDatabaseTarget', this, problems);
    if (databaseKey) {
      claim(this, databaseKey);
    }

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.databaseName = name!;
    this.prefix = props.prefix ?? this.databaseName;
    this.encryptionKey = props.encryptionKey ?? props.bucket?.encryptionKey;
    this.eventBus = props.eventBus;
    this.accessMode = props.accessMode ?? CatalogAccessMode.IAM;
    this.bucket = props.bucket ?? new s3.Bucket(this, 'Bucket', {
      encryption: this.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: this.encryptionKey ? true : undefined,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: props.versioned ?? true,
      removalPolicy,
    });
    if (!props.bucket) acknowledgeLocationBucket(this.bucket);
    this.locationUri = `s3://${this.bucket.bucketName}/${this.prefix === '' ? '' : `${this.prefix}/`}`;
    if (props.databaseName !== undefined) {
      this.database = new glue.CfnDatabase(this, 'Database', {
        catalogId: stack.account,
        // The location is required for a zero-ETL target (zero-etl-target#zero-etl-config-target-s3-glue-database).
        databaseInput: { name: props.databaseName, locationUri: this.locationUri },
      });
      this.database.applyRemovalPolicy(removalPolicy);
      this.integrationDependencies.push(this.database);
    }
    // Built from the name, so that it never references the database resource.
    this.targetArn = glueDatabaseArn(stack, this.databaseName);

    if (props.createIntegrationResourceProperty ?? true) {
      const { role, property } = targetResourceProperty(this, {
        resourceArn: this.targetArn,
        targetRole: props.targetRole,
        roleDescription: `Glue zero-ETL target processing role for Glue database ${this.databaseName}`,
        kmsArn: this.encryptionKey?.keyArn,
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
      warnLakeFormationWithoutTargetRole(this, `CREATE_TABLE, ALTER, DROP and DESCRIBE on the database ${this.databaseName}, and its tables`);
    }
    if (props.autoDeleteReplicatedData && this.database && !props.bucket) {
      this.integrationDependencies.push(autoDeleteReplicatedData(this, {
        properties: { DatabaseName: this.databaseName, BucketName: this.bucket.bucketName, Prefix: this.prefix === '' ? '' : `${this.prefix}/` },
        statements: autoDeleteGlueDatabaseStatements(stack, this.location()),
        storage: [this.database],
        grantHandler: this.accessMode === CatalogAccessMode.LAKE_FORMATION ? roleArn => this.grantAutoDeleteLakeFormation(roleArn) : undefined,
      }));
    }
  }

  /**
   * Gives an integration what to wait for and what to authorize: the catalog resource policy
   * statements go on the catalog and the database, as in the Glue guide.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-rbac-policy
   */
  public bind(_integration: IZeroEtlIntegration): ZeroEtlTargetConfig {
    const stack = Stack.of(this);
    return {
      dependencies: [...this.integrationDependencies],
      catalogResourceArns: [glueCatalogArn(stack), this.targetArn],
      accountWideCatalogResourceArns: [glueCatalogArn(stack), glueDatabaseArn(stack, '*')],
      eventBus: this.eventBus,
    };
  }

  /**
   * Lets `grantee` query the replicated Iceberg tables, for example with Athena. Adds to the
   * grantee's IAM policy:
   *
   * - `glue:GetDatabase(s)`, `glue:GetTable(s)` on the catalog, `database/<db>` and `table/<db>/*`
   *   (the resources of the Glue guide's target role policy);
   * - `s3:ListBucket` on the bucket and `s3:GetObject` on `<bucket>/<prefix>/*`;
   * - `kms:Decrypt` on `encryptionKey`, if any (the key policy must let IAM policies of the account
   *   use the key, as a new `kms.Key`'s default policy does).
   *
   * Not granted, and the caller's job: Athena itself (the workgroup and the query results bucket).
   *
   * In Lake Formation mode: the same Glue statement and `lakeformation:GetDataAccess` in IAM, and no
   * S3 or KMS statement (Lake Formation vends the credentials); Lake Formation grants (through a
   * custom resource, revoked on delete) of `DESCRIBE` on the database and `SELECT`, `DESCRIBE` on
   * its tables ([details and assumptions](README.md#lake-formation-mode)).
   *
   * @param grantee who may read; in Lake Formation mode an IAM role or user
   * @returns the IAM part of the grant
   * @throws Error in Lake Formation mode when the grantee is not a role, a user or an ARN principal
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-iam-role
   * @see https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/access-control-underlying-data.html
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    if (this.accessMode !== CatalogAccessMode.LAKE_FORMATION) {
      return grantToPrincipal(grantee, glueDatabaseReadGrants(stack, { ...this.location(), keyArn: this.encryptionKey?.keyArn }));
    }
    const principalArn = lakeFormationPrincipalArn(this, grantee.grantPrincipal);
    this.grantLakeFormation(readGrantsId(stack, principalArn, undefined), principalArn, ['DESCRIBE'], ['SELECT', 'DESCRIBE']);
    return grantToPrincipal(grantee, glueDatabaseLakeFormationReadGrants(stack, this.databaseName));
  }

  /**
   * Lake Formation mode: the target processing role may create, alter and drop tables in the
   * database ([assumption](README.md#lake-formation-mode)). No data location permission: tables
   * within the database's own location need none.
   *
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/creating-database.html
   */
  private grantTargetRoleLakeFormation(role: iam.IRole): IDependable {
    // After the resource property, which waits for the database the grants name.
    return this.grantLakeFormation('TargetRoleLakeFormationPermissions', role.roleArn,
      ['CREATE_TABLE', 'ALTER', 'DROP', 'DESCRIBE'], ['ALTER', 'DROP', 'DESCRIBE', 'SELECT', 'INSERT', 'DELETE']);
  }

  /** Lake Formation mode: the auto-delete handler may list and drop the database's tables. */
  private grantAutoDeleteLakeFormation(handlerRoleArn: string): IDependable {
    return this.grantLakeFormation('AutoDeleteLakeFormationPermissions', handlerRoleArn, ['DESCRIBE'], ['DROP', 'DESCRIBE']);
  }

  /** Lake Formation permissions of `principalArn` on the database and on its tables, next in this target's grant sequence. */
  private grantLakeFormation(id: string, principalArn: string, onDatabase: string[], onTables: string[]): IDependable {
    const { database, tables, catalogResourceArns } = glueDatabaseLakeFormationResources(Stack.of(this), this.databaseName);
    return this.lakeFormationGrants.grant(id, {
      principalArn,
      permissions: [{ resource: database, permissions: onDatabase }, { resource: tables, permissions: onTables }],
      catalogResourceArns,
    }, this.integrationDependencies);
  }

  /** Where the integrations write: the database, and the bucket and prefix of its location. */
  private location(): GlueDatabaseLocation {
    return { databaseName: this.databaseName, bucketArn: this.bucket.bucketArn, prefix: this.prefix };
  }

  /**
   * What the target role needs on the location and the database. The KMS statement is an
   * assumption: the Glue guide lists none for this target.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-iam-role
   */
  private targetPermissions(): iam.PolicyStatement[] {
    const statements = glueDatabaseTargetRoleStatements(Stack.of(this), this.location());
    if (this.encryptionKey) {
      statements.push(new iam.PolicyStatement({ sid: 'LocationKey', actions: TARGET_KEY_ACTIONS, resources: [this.encryptionKey.keyArn] }));
    }
    return statements;
  }
}

const GLUE_DATABASE_NAME_RULES = 'https://docs.aws.amazon.com/glue/latest/webapi/API_DatabaseInput.html, '
  + 'https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html';

/**
 * Glue database names for a zero-ETL target: 1 to 255 characters (Glue API DatabaseInput) of
 * lowercase letters, digits and underscores. Glue folds names to lowercase when it stores them, and
 * zero-ETL rejects other characters: an older revision of the zero-ETL target page allowed only
 * "lowercase alphanumeric characters and underscores", and a hyphenated name is reported to fail
 * with "contains invalid characters" when the integration is created.
 */
function glueDatabaseNameProblems(label: string, name: string): string[] {
  if (Token.isUnresolved(name)) {
    return [];
  }
  const problems: string[] = [];
  const bad = (rule: string) => problems.push(`${label} '${name}' ${rule} (${GLUE_DATABASE_NAME_RULES}).`);
  if (name.length < 1 || name.length > 255) {
    bad(`is ${name.length} characters long; a Glue database name has 1 to 255`);
  }
  if (!/^[a-z0-9_]*$/.test(name)) {
    bad('may only contain lowercase letters, digits and underscores: zero-ETL rejects other characters ("contains invalid characters")');
  }
  return problems;
}

/**
 * The key prefix of a Glue database's location: no leading or trailing slash (the construct adds
 * the slashes) and no IAM wildcard, since the prefix becomes part of the role's S3 grant.
 */
function locationPrefixProblems(prefix: string): string[] {
  if (Token.isUnresolved(prefix)) {
    return [];
  }
  const problems: string[] = [];
  if (prefix.startsWith('/') || prefix.endsWith('/')) {
    problems.push(`prefix '${prefix}' must not begin or end with '/': the location is s3://<bucket>/<prefix>/. Remove the slashes.`);
  }
  if (/[*?]/.test(prefix)) {
    problems.push(`prefix '${prefix}' must not contain '*' or '?': they would widen the target role's S3 grant beyond the location.`);
  }
  return problems;
}

/** A Glue database target: exactly one database source, and options that fit it. */
function glueDatabaseTargetProblems(props: GlueDatabaseTargetProps): string[] {
  const problems: string[] = [];
  const existing = props.existingDatabaseName;
  if ((props.databaseName === undefined) === (existing === undefined)) {
    problems.push('give exactly one of databaseName (a database to create) and existingDatabaseName (a database that exists).');
  }
  if (props.databaseName !== undefined) {
    problems.push(...glueDatabaseNameProblems('databaseName', props.databaseName));
  }
  if (existing !== undefined) {
    problems.push(...glueDatabaseNameProblems('existingDatabaseName', existing));
    if (props.bucket === undefined || props.prefix === undefined) {
      problems.push('existingDatabaseName needs bucket and prefix, the location the database lives on (its LocationUri, '
        + 's3://<bucket>/<prefix>/): the target role is granted access there. Give both.');
    }
    if (props.removalPolicy !== undefined) {
      problems.push('removalPolicy only applies to a database and bucket this construct creates, not to existingDatabaseName.');
    }
  }
  if (props.bucket !== undefined && props.versioned !== undefined) {
    problems.push('versioned only applies to a bucket this construct creates: set versioning on the bucket you pass as bucket.');
  }
  if (props.prefix !== undefined) {
    problems.push(...locationPrefixProblems(props.prefix));
  }
  problems.push(...withoutResourcePropertyProblems(props, existing !== undefined, 'existingDatabaseName', 'a database'));
  problems.push(...autoDeleteProblems(props, props.databaseName !== undefined && props.bucket === undefined,
    'existingDatabaseName or a bucket you pass'));
  return problems;
}
