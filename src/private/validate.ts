import { Arn, ArnFormat, Duration, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SourceTableSettings } from './source-table';
import { CatalogAccessMode } from '../catalog-access-mode';
import type { DynamoDbZeroEtlIntegrationProps } from '../dynamodb-zero-etl-integration';
import type { GlueDatabaseTargetProps } from '../glue-database-target';
import type { S3TablesTargetProps } from '../s3-tables-target';
import { PartitionFunction, TargetTableProperties } from '../target-table-properties';

/**
 * Synth-time checks. Each returns the problems it found, each naming the value, the rule and the
 * fix; the construct collects them all and throws one Error. Unresolved tokens are skipped: their
 * value is only known at deploy time.
 */

const TABLE_BUCKET_NAME_RULES = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html';
const RESERVED_TABLE_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-', 'aws'];
const RESERVED_TABLE_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '--x-s3', '--table-s3'];

/** S3 Tables table bucket naming rules. */
export function tableBucketNameProblems(name: string): string[] {
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
export function s3TablesTargetProblems(stack: Stack, props: S3TablesTargetProps): string[] {
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
  return problems;
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
export function glueDatabaseNameProblems(label: string, name: string): string[] {
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
export function glueDatabaseTargetProblems(props: GlueDatabaseTargetProps): string[] {
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
  return problems;
}

/**
 * `createIntegrationResourceProperty: false` fits only a target that exists (`existingProp`), and
 * then takes no role: the existing property names its own.
 */
function withoutResourcePropertyProblems(
  props: { readonly createIntegrationResourceProperty?: boolean; readonly targetRole?: unknown },
  existing: boolean, existingProp: string, created: string): string[] {
  const problems: string[] = [];
  if (props.createIntegrationResourceProperty === false) {
    if (!existing) {
      problems.push(`createIntegrationResourceProperty: false needs ${existingProp}: ${created} created here has no resource property yet.`);
    }
    if (props.targetRole !== undefined) {
      problems.push('targetRole is only used by the integration resource property this construct creates; '
        + 'with createIntegrationResourceProperty: false the existing property names its own role. Remove targetRole.');
    }
  }
  return problems;
}

/**
 * A table or bucket of another account or region than the stack. Glue documents cross-account
 * integrations; this library creates same-account, same-region ones only.
 */
function sameEnvironmentProblems(stack: Stack, label: string, where: { account?: string; region?: string }): string[] {
  const problems: string[] = [];
  for (const what of ['account', 'region'] as const) {
    const value = where[what];
    if (value !== undefined && Token.compareStrings(value, stack[what]) === TokenComparison.DIFFERENT) {
      problems.push(
        `${label} is in ${what} '${value}' but the stack is in ${what} '${stack[what]}'. This library replicates within one ` +
        `account and region (a limit of this library, not of Glue): define the construct in a stack with ${what} '${value}'.`);
    }
  }
  return problems;
}

const MAX_DESCRIPTION_LENGTH = 1000;
const MAX_TAGS = 50;

/**
 * A DynamoDB zero-ETL integration: the source table, the integration's own settings and its target
 * table properties.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
 */
export function integrationProblems(scope: Construct, props: Omit<DynamoDbZeroEtlIntegrationProps, 'target'>, source: SourceTableSettings): string[] {
  const problems = [
    ...sourceTableProblems(scope, props.table, source),
    ...(props.integrationName === undefined ? [] : integrationNameProblems(props.integrationName)),
    ...refreshIntervalProblems(props.refreshInterval),
    ...targetTablePropertiesProblems(props.targetTableProperties),
  ];
  if (props.additionalEncryptionContext !== undefined && props.encryptionKey === undefined) {
    problems.push('additionalEncryptionContext needs an integration encryption key: Glue only accepts it with a KmsKeyId.');
  }
  const description = props.description;
  if (description !== undefined && !Token.isUnresolved(description) && description.length > MAX_DESCRIPTION_LENGTH) {
    problems.push(`description is ${description.length} characters long; Glue accepts at most ${MAX_DESCRIPTION_LENGTH}.`);
  }
  const tags = Object.keys(props.tags ?? {}).length;
  if (tags > MAX_TAGS) {
    problems.push(`tags has ${tags} entries; Glue accepts at most ${MAX_TAGS} tags on an integration.`);
  }
  return problems;
}

/** Glue `CreateIntegration` IntegrationName: 1 to 128 characters. */
export function integrationNameProblems(name: string): string[] {
  if (Token.isUnresolved(name) || (name.length >= 1 && name.length <= 128)) {
    return [];
  }
  return [
    `integrationName '${name}' is ${name.length} characters long; Glue accepts 1 to 128 ` +
    '(https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html). Shorten it, or leave it out to get a generated name.',
  ];
}

/**
 * Source table rules from the Glue zero-ETL prerequisites and limitations: an explicit name, PITR on,
 * not the AWS managed key, same account and region as the integration.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
 */
export function sourceTableProblems(scope: Construct, table: dynamodb.ITable, settings: SourceTableSettings): string[] {
  const problems: string[] = [];
  const label = `table '${table.node.path}'`;

  if (settings.tableName === undefined) {
    problems.push(
      `${label} has no explicit name. The integration and the account-wide Glue catalog policy name the source table by ARN, ` +
      'and a generated name changes whenever CloudFormation replaces the table. Set tableName on the table.',
    );
  }
  if (settings.pointInTimeRecoveryEnabled === false) {
    problems.push(
      `${label} does not have point-in-time recovery (PITR) enabled, which zero-ETL needs to export it. ` +
      'Set pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } on the table.',
    );
  }
  if (settings.awsManagedKey === true) {
    problems.push(
      `${label} is encrypted with the AWS managed key (aws/dynamodb), which zero-ETL does not support. ` +
      'Use the AWS owned key (TableEncryption.DEFAULT / TableEncryptionV2.dynamoOwnedKey()) or a customer managed key.',
    );
  }

  // An imported table's env is its importing stack's; its ARN says where it really is.
  const arn = Arn.split(table.tableArn, ArnFormat.SLASH_RESOURCE_NAME);
  const stack = Stack.of(scope);
  const elsewhere = new Set([
    ...sameEnvironmentProblems(stack, label, table.env),
    ...sameEnvironmentProblems(stack, label, { account: arn.account, region: arn.region }),
  ]);
  problems.push(...elsewhere);
  return problems;
}

const MIN_REFRESH_MINUTES = 15;
const MAX_REFRESH_MINUTES = 8640;

/**
 * Glue `IntegrationConfig.RefreshInterval`: whole minutes from 15 to 8640 (6 days).
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_IntegrationConfig.html
 */
export function refreshIntervalProblems(refreshInterval: Duration | undefined): string[] {
  if (refreshInterval === undefined || refreshInterval.isUnresolved()) {
    return [];
  }
  const minutes = refreshInterval.toMinutes({ integral: false });
  if (Number.isInteger(minutes) && minutes >= MIN_REFRESH_MINUTES && minutes <= MAX_REFRESH_MINUTES) {
    return [];
  }
  return [
    `refreshInterval ${refreshInterval.toHumanString()} is not a whole number of minutes from ${MIN_REFRESH_MINUTES} to ` +
    `${MAX_REFRESH_MINUTES} (6 days), the range Glue accepts (https://docs.aws.amazon.com/glue/latest/webapi/API_IntegrationConfig.html).`,
  ];
}

const TIME_FUNCTIONS = [PartitionFunction.YEAR, PartitionFunction.MONTH, PartitionFunction.DAY, PartitionFunction.HOUR];
const MAX_PARTITION_FIELDS = 10;

/**
 * Glue `TargetTableConfig` limits: at most 10 partition fields, a conversion only with a time
 * function, a target table name S3 Tables and Athena accept.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_TargetTableConfig.html
 */
export function targetTablePropertiesProblems(properties: TargetTableProperties | undefined): string[] {
  if (properties === undefined) {
    return [];
  }
  const problems: string[] = [];
  const fields = properties.partitionSpec ?? [];
  if (fields.length > MAX_PARTITION_FIELDS) {
    problems.push(`partitionSpec has ${fields.length} fields; Glue accepts at most ${MAX_PARTITION_FIELDS}.`);
  }
  for (const field of fields) {
    if (!Token.isUnresolved(field.fieldName) && field.fieldName.length === 0) {
      problems.push('partitionSpec has a field with an empty fieldName.');
    }
    const fn = field.function ?? PartitionFunction.IDENTITY;
    if (field.conversion !== undefined && !TIME_FUNCTIONS.includes(fn)) {
      problems.push(
        `partitionSpec field '${field.fieldName}' has conversion '${field.conversion}' with function '${fn}'; ` +
        'a conversion only applies to the time functions year, month, day and hour.',
      );
    }
  }
  problems.push(...targetTableNameProblems(properties.targetTableName));
  return problems;
}

const TARGET_TABLE_NAME_RULES = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html#naming-rules-table';
const MAX_TARGET_TABLE_NAME_LENGTH = 128;

/**
 * A target table name that S3 Tables, the Glue Data Catalog and Athena all accept: 1 to 128
 * characters (Glue `TargetTableConfig`; S3 Tables allows 255) of lowercase letters, digits and
 * underscores, beginning and ending with a letter or digit. S3 Tables says that with capital
 * letters the Glue Data Catalog and Lake Formation do not support the table, and Athena fails with
 * "Unsupported Federation Resource - Invalid table or column names".
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html#naming-rules-table
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_TargetTableConfig.html
 */
function targetTableNameProblems(name: string | undefined): string[] {
  if (name === undefined || Token.isUnresolved(name)) {
    return [];
  }
  const problems: string[] = [];
  if (name.length < 1 || name.length > MAX_TARGET_TABLE_NAME_LENGTH) {
    problems.push(`targetTableName '${name}' is ${name.length} characters long; Glue accepts 1 to ${MAX_TARGET_TABLE_NAME_LENGTH}.`);
  }
  if (!/^[a-z0-9_]*$/.test(name)) {
    problems.push(
      `targetTableName '${name}' may only contain lowercase letters, digits and underscores: S3 Tables table names ` +
      'allow nothing else, and with capital letters the Glue Data Catalog, Lake Formation and Athena do not support the table ' +
      `(${TARGET_TABLE_NAME_RULES}).`);
  } else if (name.length > 0 && !/^[a-z0-9](.*[a-z0-9])?$/.test(name)) {
    problems.push(`targetTableName '${name}' must begin and end with a lowercase letter or digit (${TARGET_TABLE_NAME_RULES}).`);
  }
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
