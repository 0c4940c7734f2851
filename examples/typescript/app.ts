/**
 * The example app: the `Orders` and `Customers` tables replicated into the `orders-analytics` table bucket.
 * `npx projen example` synthesizes it into cdk.out/ and prints what the stack deploys.
 */
import * as path from 'path';
import { App, Environment, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { DynamoDbZeroEtlToS3Tables } from '../../src';

/** The account and region the example synthesizes for when none is configured. */
const PLACEHOLDER_ENV: Environment = { account: '111122223333', region: 'us-east-1' };

export function buildExampleApp(outdir?: string, env: Environment = PLACEHOLDER_ENV): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'OrdersAnalytics', { env });

  const orders = new dynamodb.TableV2(stack, 'Orders', {
    tableName: 'Orders',
    partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const customers = new dynamodb.TableV2(stack, 'Customers', {
    tableName: 'Customers',
    partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const analytics = new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', {
    table: orders,
    tableBucketName: 'orders-analytics',
  });
  analytics.addTable(customers);
  return app;
}

function printSummary(app: App): void {
  const assembly = app.synth();
  for (const stack of assembly.stacks) {
    const resources: Record<string, { Type: string; Properties?: any }> = stack.template.Resources;
    const counts = new Map<string, number>();
    for (const resource of Object.values(resources)) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
    console.log(`Stack ${stack.stackName} (${stack.environment.account}/${stack.environment.region})`);
    console.log(`  template: ${path.relative(process.cwd(), stack.templateFullPath)}`);
    console.log(`  ${Object.keys(resources).length} resources:`);
    for (const [type, count] of [...counts].sort()) {
      console.log(`    ${String(count).padStart(3)}  ${type}`);
    }
    for (const resource of Object.values(resources).filter(r => r.Type === 'AWS::Glue::Integration')) {
      const { IntegrationName, SourceArn, TargetArn } = resource.Properties;
      console.log(`  integration ${IntegrationName}:`);
      console.log(`    source ${JSON.stringify(SourceArn)}`);
      console.log(`    target ${JSON.stringify(TargetArn)}`);
    }
  }
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
