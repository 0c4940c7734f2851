/**
 * The third example: DynamoDB tables replicated into a Glue database on a general purpose S3 bucket
 * (the Amazon SageMaker Lakehouse target) instead of an S3 table bucket. One line creates the bucket,
 * the database (LocationUri s3://<bucket>/orders_lakehouse/), the target processing role, the
 * integration resource property and the first integration; `addTable` adds a second table.
 * `npx projen example` synthesizes it into cdk.out.glue-database/.
 */
import { App, Environment, Stack } from 'aws-cdk-lib';
import { PLACEHOLDER_ENV } from './app';
import { sourceTables } from './source-tables';
import { printSummary } from './summary';
import { DynamoDbZeroEtlToGlueDatabase } from '../../src';

export function buildGlueDatabaseApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'OrdersLakehouse', { env });
  const [orders, customers] = sourceTables(stack, ['orders', 'customers']);

  // Glue database names: lowercase letters, digits and underscores.
  const lakehouse = new DynamoDbZeroEtlToGlueDatabase(stack, 'Lakehouse', { table: orders, databaseName: 'orders_lakehouse' });
  lakehouse.addTable(customers);
  return app;
}

if (require.main === module) {
  printSummary(buildGlueDatabaseApp('cdk.out.glue-database', {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ENV.account,
    region: process.env.CDK_DEFAULT_REGION ?? PLACEHOLDER_ENV.region,
  }));
}
