/**
 * The fourth example: a development stack that `cdk destroy` deletes whole. The table bucket is
 * created with `removalPolicy: DESTROY` and `autoDeleteReplicatedData`, so the namespaces and tables
 * zero-ETL wrote are deleted after the integration and before the bucket; the integration's status
 * notifications go to an event bus of the stack, where the failure rule watches.
 * `npx projen example` synthesizes it into cdk.out.disposable/.
 */
import { App, Environment, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PLACEHOLDER_ENV } from './app';
import { printSummary } from './summary';
import { DynamoDbZeroEtlToS3Tables } from '../../src';

export function buildDisposableApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'OrdersSandbox', { env });
  const orders = new dynamodb.TableV2(stack, 'OrdersTable', {
    tableName: 'orders_sandbox',
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.DESTROY,
    // Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
    resourcePolicy: new iam.PolicyDocument(),
  });
  const bus = new events.EventBus(stack, 'ZeroEtlStatus');

  const sandbox = new DynamoDbZeroEtlToS3Tables(stack, 'Sandbox', {
    table: orders,
    tableBucketName: 'orders-sandbox',
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteReplicatedData: true,
    eventBus: bus,
  });
  const alerts = new sns.Topic(stack, 'Alerts', {
    enforceSSL: true,
    masterKey: new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY }),
  });
  // A rule on `bus`, where the integration's status notifications arrive.
  sandbox.onFailureOrNeedsAttention('Problems', { target: new targets.SnsTopic(alerts) });
  return app;
}

if (require.main === module) {
  printSummary(buildDisposableApp('cdk.out.disposable', {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ENV.account,
    region: process.env.CDK_DEFAULT_REGION ?? PLACEHOLDER_ENV.region,
  }));
}
