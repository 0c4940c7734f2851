/**
 * Integration test: two DynamoDB tables replicated into one S3 table bucket through two Glue
 * zero-ETL integrations (`DynamoDbZeroEtlToS3Tables` plus `addTable`).
 *
 * integ-runner synthesizes this app and compares it with `integ.zero-etl.ts.snapshot/` (offline,
 * no AWS credentials needed). With credentials, `--update-on-failed` deploys the stack, waits for
 * both integrations to become ACTIVE, destroys the stack and refreshes the snapshot.
 * See README.md in this directory.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { DynamoDbZeroEtlToS3Tables } from '../../src';

// No stack traces in the snapshot's metadata: they hold absolute paths of the checkout.
const app = new App({
  stackTraces: false,
  context: { 'aws:cdk:disable-creation-stack-traces': true },
});
// Environment-agnostic: integ-runner deploys into the account and region of the credentials it
// runs with, and the snapshot stays region-agnostic (required by the update workflow).
const stack = new Stack(app, 'ZeroEtlToS3TablesInteg');

function sourceTable(id: string, tableName: string): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, id, {
    tableName,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

const orders = sourceTable('Orders', 'zero-etl-integ-orders');
const customers = sourceTable('Customers', 'zero-etl-integ-customers');

const analytics = new DynamoDbZeroEtlToS3Tables(stack, 'Analytics', {
  table: orders,
  tableBucketName: 'zero-etl-integ-analytics',
  removalPolicy: RemovalPolicy.DESTROY,
});
const customersIntegration = analytics.addTable(customers);

const integ = new IntegTest(app, 'ZeroEtlToS3TablesIntegTest', {
  testCases: [stack],
  // Glue zero-ETL into S3 Tables needs the s3tablescatalog set up per region: keep to one.
  regions: ['us-east-1'],
});

for (const integrationArn of [analytics.integrations[0].integrationArn, customersIntegration.integrationArn]) {
  integ.assertions
    .awsApiCall('Glue', 'describeIntegrations', { IntegrationIdentifier: integrationArn })
    .expect(ExpectedResult.objectLike({ Integrations: [{ Status: 'ACTIVE' }] }))
    .waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.minutes(1) });
}
