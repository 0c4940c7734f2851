import { Arn, ArnFormat, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SourceTableSettings } from './source-table';

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
