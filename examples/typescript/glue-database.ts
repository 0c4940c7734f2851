/**
 * The third example: DynamoDB tables replicated into a Glue database on a general purpose S3 bucket
 * (the Amazon SageMaker Lakehouse target) instead of an S3 table bucket. One line creates the bucket,
 * the database (LocationUri s3://<bucket>/orders_lakehouse/), the target processing role, the
 * integration resource property and the first integration; `addTable` adds a second table.
 * `npx projen example` synthesizes it into cdk.out.glue-database/.
 */
import { App, Environment, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PLACEHOLDER_ENV } from './app';
import { printSummary } from './summary';
import { DynamoDbZeroEtlToGlueDatabase } from '../../src';

export function buildGlueDatabaseApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'OrdersLakehouse', { env });
  const [orders, customers] = ['orders', 'customers'].map(tableName => new dynamodb.TableV2(stack, `${tableName}Table`, {
    tableName,
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    // Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
    resourcePolicy: new iam.PolicyDocument(),
  }));

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
