/**
 * The fourth example: DynamoDB tables replicated into Amazon Redshift Serverless through Redshift
 * zero-ETL integrations. One line creates the namespace (its resource policy authorizing the tables),
 * the workgroup (case-sensitive identifiers), the admin secret, the first integration and its database;
 * `addTable` adds a second table with a database of its own. `npx projen example` synthesizes it into
 * cdk.out.redshift/.
 */
import { App, Environment, Stack } from 'aws-cdk-lib';
import { PLACEHOLDER_ENV } from './app';
import { sourceTables } from './source-tables';
import { printSummary } from './summary';
import { DynamoDbZeroEtlToRedshift } from '../../src';

export function buildRedshiftApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'OrdersWarehouse', { env });
  const [orders, customers] = sourceTables(stack, ['orders', 'customers']);

  // Query with SELECT * FROM orders.public.orders once the integration has synced.
  const warehouse = new DynamoDbZeroEtlToRedshift(stack, 'Warehouse', { table: orders, databaseName: 'orders', baseCapacity: 8 });
  warehouse.addTable(customers, { databaseName: 'customers' });
  return app;
}

if (require.main === module) {
  printSummary(buildRedshiftApp('cdk.out.redshift', {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ENV.account,
    region: process.env.CDK_DEFAULT_REGION ?? PLACEHOLDER_ENV.region,
  }));
}
