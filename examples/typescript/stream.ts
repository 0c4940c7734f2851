/**
 * The fourth example: the near-real-time path. An orders table streams its changes to a Kinesis data
 * stream, and DynamoDbStreamToS3Tables delivers them through Firehose into an Iceberg table in the
 * same table bucket that a zero-ETL integration fills with the customers table every 15 minutes.
 * `npx projen example` synthesizes it into cdk.out.stream/.
 */
import { App, Duration, Environment, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { PLACEHOLDER_ENV } from './app';
import { printSummary } from './summary';
import { DynamoDbStreamToS3Tables, DynamoDbZeroEtlIntegration, S3TablesTarget } from '../../src';

export function buildStreamApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'OrdersNearRealTime', { env });
  const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'orders-near-real-time' });

  // The customers table replicates every 15 minutes through zero-ETL (PITR and a resource policy needed).
  const customers = new dynamodb.TableV2(stack, 'CustomersTable', {
    tableName: 'customers',
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    // Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
    resourcePolicy: new iam.PolicyDocument(),
  });
  new DynamoDbZeroEtlIntegration(stack, 'CustomersToLake', { table: customers, target: lake });

  // The orders table streams within a minute: its Kinesis stream is set on the table and given to the construct.
  const changes = new kinesis.Stream(stack, 'OrderChanges', { streamMode: kinesis.StreamMode.ON_DEMAND, encryption: kinesis.StreamEncryption.MANAGED });
  const orders = new dynamodb.TableV2(stack, 'OrdersTable', {
    tableName: 'orders',
    partitionKey: { name: 'customer_id', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'order_id', type: dynamodb.AttributeType.NUMBER },
    kinesisStream: changes,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const nearRealTime = new DynamoDbStreamToS3Tables(stack, 'OrdersToLake', {
    table: orders,
    kinesisStream: changes,
    target: lake,
    namespaceName: 'near_real_time',
    tableName: 'orders',
    columns: [
      { name: 'customer_id', type: 'string' },
      { name: 'order_id', type: 'long' },
      { name: 'status', type: 'string' },
      { name: 'total', type: 'decimal(12,2)' },
      { name: 'placed_at', type: 'timestamp' },
      { name: 'lines', type: 'list<struct<sku:string,quantity:int>>' },
    ],
    bufferingInterval: Duration.seconds(60),
    bufferingSize: Size.mebibytes(64),
  });
  nearRealTime.addIngestionFailedAlarm('RowsFailed');
  nearRealTime.addReplicationLagAlarm('Lag');
  return app;
}

if (require.main === module) {
  printSummary(buildStreamApp('cdk.out.stream', {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ENV.account,
    region: process.env.CDK_DEFAULT_REGION ?? PLACEHOLDER_ENV.region,
  }));
}
