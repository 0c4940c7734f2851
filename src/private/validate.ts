import { Arn, ArnFormat, Duration, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SourceTableSettings } from './source-table';
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

  const stack = Stack.of(scope);
  // An imported table's env is its importing stack's; its ARN says where it really is.
  const arn = Arn.split(table.tableArn, ArnFormat.SLASH_RESOURCE_NAME);
  for (const [what, tableValues, stackValue] of [
    ['account', [table.env.account, arn.account], stack.account],
    ['region', [table.env.region, arn.region], stack.region],
  ] as const) {
    const other = tableValues.find(value => value !== undefined && Token.compareStrings(value, stackValue) === TokenComparison.DIFFERENT);
    if (other !== undefined) {
      problems.push(
        `${label} is in ${what} '${other}' but the integration's stack is in ${what} '${stackValue}'. ` +
        `A zero-ETL integration reads a table of its own account and region: define the construct in a stack with ${what} '${other}'.`,
      );
    }
  }
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
 * function, a target table name of 1 to 128 characters.
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
  const name = properties.targetTableName;
  if (name !== undefined && !Token.isUnresolved(name) && (name.length < 1 || name.length > 128)) {
    problems.push(`targetTableName '${name}' is ${name.length} characters long; Glue accepts 1 to 128.`);
  }
  return problems;
}
