import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { CatalogPolicyScope, DynamoDbZeroEtlToS3Tables } from '../src';

/** How the benchmark stack lays out its tables. */
export type Layout = 'bare' | 'bucket-per-table' | 'shared-bucket';
export const LAYOUTS: Layout[] = ['bare', 'bucket-per-table', 'shared-bucket'];

/**
 * A stack with `tables` DynamoDB tables and, unless `layout` is 'bare', their replication into S3 Tables:
 * one construct (and table bucket) per table, or one construct whose bucket receives every table.
 * One bucket per table uses the account-wide catalog-policy scope: per-table statements for more than
 * about 20 buckets are over Glue's 10 KB policy limit, and synthesis rejects them.
 */
export function buildBenchStack(app: App, tables: number, layout: Layout): Stack {
  const stack = new Stack(app, 'Bench', { env: { account: '111122223333', region: 'us-east-1' } });
  let shared: DynamoDbZeroEtlToS3Tables | undefined;
  for (let i = 0; i < tables; i++) {
    const suffix = String(i).padStart(3, '0');
    const table = new dynamodb.TableV2(stack, `Table${suffix}`, {
      tableName: `bench-table-${suffix}`,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    if (layout === 'bucket-per-table') {
      new DynamoDbZeroEtlToS3Tables(stack, `Replication${suffix}`, {
        table,
        tableBucketName: `bench-bucket-${suffix}`,
        catalogPolicyScope: CatalogPolicyScope.ACCOUNT_WIDE,
      });
    } else if (layout === 'shared-bucket') {
      if (shared) {
        shared.addTable(table);
      } else {
        shared = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table, tableBucketName: 'bench-analytics' });
      }
    }
  }
  return stack;
}
