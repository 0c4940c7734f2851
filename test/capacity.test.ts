import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { tempOutdir } from './nag';
import { CatalogPolicyScope, DynamoDbZeroEtlIntegration, S3TablesTarget } from '../src';
import { CATALOG_POLICY_MAX_BYTES, policyBytes, PolicyStatement, sharedStatementSid } from '../src/catalog-policy/policy-document';
import { renderAsDeployed } from '../src/private/render-as-deployed';

/**
 * The README's capacity table: how many tables fit in one stack's catalog-policy statements, and
 * how many such stacks fit in the account-wide policy, for each scope. Computed here from what the
 * construct synthesizes, rendered with a concrete account and region (us-east-1).
 */

/** The statements a stack writes into the catalog policy, as the handler writes them. */
function deployedStatements(buckets: number, tablesPerBucket: number, nameLength: number, scope?: CatalogPolicyScope): PolicyStatement[] {
  const stack = new Stack(new App({ outdir: tempOutdir() }), 'Capacity', { env: { account: '111122223333', region: 'us-east-1' } });
  const name = (prefix: string, i: number) => `${prefix}${i}`.padEnd(nameLength, 'x');
  for (let b = 0; b < buckets; b++) {
    const target = new S3TablesTarget(stack, `Lake${b}`, { tableBucketName: name('lake', b) });
    for (let t = 0; t < tablesPerBucket; t++) {
      const table = new dynamodb.TableV2(stack, `T${b}-${t}`, {
        tableName: name(`t${b}-`, t),
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      });
      new DynamoDbZeroEtlIntegration(stack, `I${b}-${t}`, { table, target, catalogPolicyScope: scope });
    }
  }
  const properties = Object.values(Template.fromStack(stack).findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties;
  const own = renderAsDeployed(stack, properties.Statements ?? []) as PolicyStatement[];
  const shared = (renderAsDeployed(stack, properties.SharedStatements ?? []) as PolicyStatement[]).map(s => ({ Sid: sharedStatementSid(s), ...s }));
  return [...own, ...shared];
}

/** Bytes a stack's statements add to the policy document (the statements and their separators). */
function addedBytes(statements: PolicyStatement[]): number {
  return policyBytes(statements) - policyBytes([]);
}

function capacityRows(): string[] {
  const rows: string[] = [];
  for (const nameLength of [10, 63]) {
    const one = addedBytes(deployedStatements(1, 1, nameLength));
    const perTable = addedBytes(deployedStatements(1, 2, nameLength)) - one;
    const perBucket = addedBytes(deployedStatements(2, 1, nameLength)) - one;
    const empty = policyBytes([]);
    // One stack alone: the document, its first table, and each more table (separator included).
    const tablesPerStack = 1 + Math.floor((CATALOG_POLICY_MAX_BYTES - empty - one) / perTable);
    // N such stacks: the document, N times their statements, N - 1 separators between them.
    const stacks = Math.floor((CATALOG_POLICY_MAX_BYTES - empty + 1) / (one + 1));
    rows.push(`| per table (default) | ${nameLength} | ${one} | ${perTable} | ${perBucket} | ${tablesPerStack} | ${stacks} |`);
  }
  for (const nameLength of [10, 63]) {
    const pair = addedBytes(deployedStatements(1, 1, nameLength, CatalogPolicyScope.ACCOUNT_WIDE));
    const more = addedBytes(deployedStatements(2, 2, nameLength, CatalogPolicyScope.ACCOUNT_WIDE));
    expect(more).toBe(pair);
    rows.push(`| account-wide | ${nameLength} | ${pair} (once per account and region) | 0 | 0 | no limit | no limit |`);
  }
  return rows;
}

test('the README capacity table is what the construct synthesizes', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const table = [
    '| catalog policy scope | table and bucket name length | bytes, 1 bucket and 1 table | bytes per more table | bytes per more bucket | tables per stack in 1 bucket | stacks of 1 table per account |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...capacityRows(),
  ].join('\n');
  if (!readme.includes(table)) {
    console.log(table);
  }
  expect(readme).toContain(table);
});
