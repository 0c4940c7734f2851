import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNT, newStack, table } from './stacks';
import { DynamoDbZeroEtlIntegration, DynamoDbZeroEtlToGlueDatabase, DynamoDbZeroEtlToS3Tables, S3TablesTarget } from '../src';

const BUS_ARN = { 'Fn::GetAtt': ['StatusBusBDF8139E', 'Arn'] };

describe('eventBus', () => {
  test.each([
    ['DynamoDbZeroEtlToS3Tables', (stack: any, bus: events.IEventBus) =>
      new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: table(stack, 'orders'), tableBucketName: 'lake', eventBus: bus })],
    ['DynamoDbZeroEtlToGlueDatabase', (stack: any, bus: events.IEventBus) =>
      new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: table(stack, 'orders'), databaseName: 'analytics', eventBus: bus })],
  ])('%s: the resource property\'s EventBusArn, the one-liner\'s and each integration\'s rules on that bus, PutEvents for the role', (_, create) => {
    const stack = newStack();
    const bus = new events.EventBus(stack, 'StatusBus');
    const replication = create(stack, bus);
    replication.addTable(table(stack, 'customers'));
    replication.onFailureOrNeedsAttention('Problems');
    replication.integrations[1].onEvent('CustomerEvents');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Glue::IntegrationResourceProperty', { TargetProcessingProperties: { EventBusArn: BUS_ARN } });
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.Properties.EventBusName).toEqual({ Ref: 'StatusBusBDF8139E' });
    }
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain(JSON.stringify({ Action: 'events:PutEvents', Effect: 'Allow', Resource: BUS_ARN, Sid: 'StatusNotifications' }));
  });

  test('without it: no EventBusArn, rules on the default bus, no PutEvents', () => {
    const stack = newStack();
    const replication = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: table(stack, 'orders'), tableBucketName: 'lake' });
    replication.onEvent('Events');
    const template = Template.fromStack(stack);
    const property = Object.values(template.findResources('AWS::Glue::IntegrationResourceProperty'))[0];
    expect(property.Properties.TargetProcessingProperties.EventBusArn).toBeUndefined();
    expect(Object.values(template.findResources('AWS::Events::Rule'))[0].Properties.EventBusName).toBeUndefined();
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('events:PutEvents');
  });

  test('an imported bus with an existing resource property: only the rules move to it', () => {
    const stack = newStack();
    const bus = events.EventBus.fromEventBusName(stack, 'Bus', 'zero-etl-status');
    const lake = new S3TablesTarget(stack, 'Lake', {
      existingTableBucketArn: `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/lake`, createIntegrationResourceProperty: false, eventBus: bus,
    });
    const integration = new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'orders'), target: lake });
    integration.onFailureOrNeedsAttention('Problems', { target: { bind: () => ({ arn: 'arn:aws:sns:us-east-1:111122223333:alerts' }) } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Glue::IntegrationResourceProperty', 0);
    template.hasResourceProperties('AWS::Events::Rule', { EventBusName: 'zero-etl-status' });
    expect(integration.eventBus).toBe(bus);
  });

  test('a target role passed in gets the PutEvents statement, and the warning lists it', () => {
    const stack = newStack();
    const bus = new events.EventBus(stack, 'StatusBus');
    new S3TablesTarget(stack, 'Lake', {
      tableBucketName: 'lake',
      eventBus: bus,
      targetRole: iam.Role.fromRoleArn(stack, 'Imported', `arn:aws:iam::${ACCOUNT}:role/zero-etl`),
    });
    const warnings = JSON.stringify(stack.node.findAll().flatMap(c => c.node.metadata).filter(m => m.type === 'aws:cdk:warning').map(m => m.data));
    expect(warnings).toContain('events:PutEvents');
  });
});
