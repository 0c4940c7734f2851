/**
 * The fourth example: DynamoDB tables replicated into Amazon Redshift Serverless through Redshift
 * zero-ETL integrations. One line creates the namespace (its resource policy authorizing the tables),
 * the workgroup (case-sensitive identifiers), the admin secret, the first integration and its database;
 * `addTable` adds a second table with a database of its own. `npx projen example` synthesizes it into
 * cdk.out.redshift/.
 */
import { App, Environment, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PLACEHOLDER_ENV } from './app';
import { printSummary } from './summary';
import { DynamoDbZeroEtlToRedshift } from '../../src';

export function buildRedshiftApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'OrdersWarehouse', { env });
  const [orders, customers] = ['orders', 'customers'].map(tableName => new dynamodb.TableV2(stack, `${tableName}Table`, {
    tableName,
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    // Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
    resourcePolicy: new iam.PolicyDocument(),
  }));

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
