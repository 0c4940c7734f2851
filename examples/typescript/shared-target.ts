/**
 * The second example: one S3 Tables target, in a stack of its own, shared by integrations defined
 * in two other stacks. CloudFormation deploys the target's stack first (the integration stacks
 * depend on it); no export is needed, because the target ARN is built from the bucket name.
 * `npx projen example` synthesizes it into cdk.out.shared-target/ after the main example.
 */
import { App, Environment, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PLACEHOLDER_ENV } from './app';
import { printSummary } from './summary';
import { DynamoDbZeroEtlIntegration, S3TablesTarget } from '../../src';

export function buildSharedTargetApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const lakeStack = new Stack(app, 'AnalyticsLake', { env });
  const lake = new S3TablesTarget(lakeStack, 'Lake', { tableBucketName: 'company-analytics' });

  for (const [team, tableName] of [['Sales', 'orders'], ['Support', 'tickets']]) {
    const stack = new Stack(app, `${team}Service`, { env });
    const table = new dynamodb.TableV2(stack, 'Table', {
      tableName,
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
      // Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
      resourcePolicy: new iam.PolicyDocument(),
    });
    new DynamoDbZeroEtlIntegration(stack, 'ToAnalyticsLake', { table, target: lake });
  }
  return app;
}

if (require.main === module) {
  printSummary(buildSharedTargetApp('cdk.out.shared-target', {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ENV.account,
    region: process.env.CDK_DEFAULT_REGION ?? PLACEHOLDER_ENV.region,
  }));
}
