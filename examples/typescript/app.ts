/**
 * The example app: the `orders` and `customers` tables replicated into the `orders-analytics` table bucket.
 * `npx projen example` synthesizes it into cdk.out/ and prints what the stack deploys.
 */
import { App, Environment, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { printSummary } from './summary';
import { DynamoDbZeroEtlToS3Tables } from '../../src';

/** The account and region the examples synthesize for when none is configured. */
export const PLACEHOLDER_ENV: Environment = { account: '111122223333', region: 'us-east-1' };

export function buildExampleApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'OrdersAnalytics', { env });

  // Lowercase names: Glue derives the Iceberg table and column names from them (see README, Querying).
  const orders = new dynamodb.TableV2(stack, 'Orders', {
    tableName: 'orders',
    partitionKey: { name: 'order_id', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'created_at', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    // Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
    resourcePolicy: new iam.PolicyDocument(),
  });

  const customers = new dynamodb.TableV2(stack, 'Customers', {
    tableName: 'customers',
    partitionKey: { name: 'customer_id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    resourcePolicy: new iam.PolicyDocument(),
  });

  const analytics = new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', {
    table: orders,
    tableBucketName: 'orders-analytics',
  });
  analytics.addTable(customers);
  return app;
}

if (require.main === module) {
  const started = process.hrtime.bigint();
  const app = buildExampleApp('cdk.out', {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ENV.account,
    region: process.env.CDK_DEFAULT_REGION ?? PLACEHOLDER_ENV.region,
  });
  printSummary(app);
  console.log(`Synthesized in ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
}
