import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { nagFindings, tempOutdir, unacknowledged } from './nag';
import {
  CatalogAccessMode, DynamoDbZeroEtlIntegration, DynamoDbZeroEtlToS3Tables, DynamoDbZeroEtlToS3TablesProps, MetricsInsightsAggregation,
  PartitionFunction, TimestampConversion, UnnestSpec,
} from '../src';
import { renderAsDeployed } from '../src/private/render-as-deployed';

const ACCOUNT = '111122223333';
const PARTITION = { Ref: 'AWS::Partition' };
const BUCKET_ARN = `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/shared-lake`;

function arn(rest: string) {
  return { 'Fn::Join': ['', ['arn:', PARTITION, `:${rest}`]] };
}

function newStack(app = new App({ outdir: tempOutdir() })): Stack {
  return new Stack(app, 'TestStack', { env: { account: ACCOUNT, region: 'us-east-1' } });
}

function table(stack: Stack, name = 'Orders'): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, name, {
    tableName: name,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

function replicate(stack: Stack, props: Partial<DynamoDbZeroEtlToS3TablesProps> = {}): DynamoDbZeroEtlToS3Tables {
  return new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
    table: props.table ?? table(stack),
    ...(props.existingTableBucketArn ? {} : { tableBucketName: 'orders-analytics' }),
    ...props,
  });
}

describe('an existing table bucket', () => {
  test('is used by ARN and no bucket is created', () => {
    const stack = newStack();
    const construct = replicate(stack, { existingTableBucketArn: BUCKET_ARN });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3Tables::TableBucket', 0);
    expect(construct.target.tableBucket).toBeUndefined();
    expect(construct.target.tableBucketName).toBe('shared-lake');
    template.hasResourceProperties('AWS::Glue::Integration', {
      TargetArn: arn(`glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/shared-lake`),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'TableBucket', Resource: BUCKET_ARN })]) },
    });
  });

  test.each([
    [{ tableBucketName: 'a-bucket', existingTableBucketArn: BUCKET_ARN }, /give exactly one of tableBucketName .* and existingTableBucketArn/],
    [{ tableBucketName: undefined }, /give exactly one of tableBucketName/],
    [{ existingTableBucketArn: 'arn:aws:s3:::not-a-table-bucket' }, /existingTableBucketArn 'arn:aws:s3:::not-a-table-bucket' is not a table bucket ARN/],
    [{ existingTableBucketArn: BUCKET_ARN, removalPolicy: 1 as any }, /removalPolicy only applies to a table bucket this construct creates/],
  ])('rejects %j', (props, message) => {
    const stack = newStack();
    expect(() => new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: table(stack), ...props } as any)).toThrow(message);
  });
});

describe('a given target role', () => {
  test('gets the permissions and no role is created', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') });
    const construct = replicate(stack, { targetRole: role });
    expect(construct.target.targetRole).toBe(role);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'TablesInBucket' })]) },
    });
    template.hasResourceProperties('AWS::Glue::IntegrationResourceProperty', {
      TargetProcessingProperties: { RoleArn: { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] } },
    });
    expect(construct.target.node.tryFindChild('Role')).toBeUndefined();
  });

  test('imported: a warning lists what to grant, in case it is immutable', () => {
    const stack = newStack();
    replicate(stack, { targetRole: iam.Role.fromRoleArn(stack, 'Imported', `arn:aws:iam::${ACCOUNT}:role/zero-etl`, { mutable: false }) });
    Annotations.fromStack(stack).hasWarning('/TestStack/Replication/Target', Match.stringLikeRegexp(
      '^The target role is imported: if it was imported with mutable: false, the construct could not add its permissions\\. ' +
      'Make sure it trusts glue.amazonaws.com and grants: .*s3tables:GetTableBucket.*cloudwatch:PutMetricData',
    ));
  });
});

describe('encryption', () => {
  test('a table bucket key: SSE-KMS bucket, role may use the key, maintenance allowed in the key policy, KmsArn set', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'LakeKey');
    replicate(stack, { encryptionKey: key });
    const template = Template.fromStack(stack);
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    template.hasResourceProperties('AWS::S3Tables::TableBucket', {
      EncryptionConfiguration: { SSEAlgorithm: 'aws:kms', KMSKeyArn: keyArn },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn }]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowS3TablesMaintenance',
          Effect: 'Allow',
          Principal: { Service: 'maintenance.s3tables.amazonaws.com' },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': arn(`s3tables:us-east-1:${ACCOUNT}:bucket/orders-analytics/*`) },
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
          },
        }]),
      },
    });
    template.hasResourceProperties('AWS::Glue::IntegrationResourceProperty', { TargetProcessingProperties: { KmsArn: keyArn } });
  });

  test('an imported table bucket key keeps its key policy and gets a warning', () => {
    const stack = newStack();
    replicate(stack, { encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`) });
    Annotations.fromStack(stack).hasWarning('/TestStack/Replication/Target', Match.stringLikeRegexp(
      '^The table bucket key is not defined in this stack, so its key policy is left alone.*maintenance.s3tables.amazonaws.com',
    ));
  });

  test('an integration key with encryption context', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'IntegrationKey');
    replicate(stack, { integrationEncryptionKey: key, additionalEncryptionContext: { team: 'analytics' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Integration', {
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      AdditionalEncryptionContext: { team: 'analytics' },
    });
  });

  test('encryption context without an integration key is rejected', () => {
    const stack = newStack();
    expect(() => replicate(stack, { additionalEncryptionContext: { team: 'analytics' } }))
      .toThrow(/additionalEncryptionContext needs integrationEncryptionKey: Glue only accepts it with a KmsKeyId\./);
  });
});

describe('refresh interval', () => {
  test('maps to IntegrationConfig.RefreshInterval in minutes, also for added tables', () => {
    const stack = newStack();
    const construct = replicate(stack, { refreshInterval: Duration.hours(1) });
    construct.addTable(table(stack, 'Customers'), { refreshInterval: Duration.days(6) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Glue::Integration', { IntegrationConfig: { RefreshInterval: '60' } });
    template.hasResourceProperties('AWS::Glue::Integration', { IntegrationConfig: { RefreshInterval: '8640' } });
  });

  test.each([Duration.minutes(14), Duration.minutes(8641), Duration.seconds(930)])('rejects %s', interval => {
    const stack = newStack();
    expect(() => replicate(stack, { refreshInterval: interval }))
      .toThrow(/refreshInterval .* is not a whole number of minutes from 15 to 8640 \(6 days\)/);
  });

  test('accepts the bounds', () => {
    expect(() => replicate(newStack(), { refreshInterval: Duration.minutes(15) })).not.toThrow();
    expect(() => replicate(newStack(), { refreshInterval: Duration.minutes(8640) })).not.toThrow();
  });
});

/** The SDK calls of the stack's one `Custom::AWS` resource, rendered with the stack's partition, account and region. */
function sdkCalls(build: (stack: Stack) => void): Record<'Create' | 'Update' | 'Delete', any> {
  const stack = newStack();
  build(stack);
  const properties = Object.values(Template.fromStack(stack).findResources('Custom::AWS'))[0].Properties;
  const parse = (call: unknown) => JSON.parse(renderAsDeployed(stack, call) as string);
  return { Create: parse(properties.Create), Update: parse(properties.Update), Delete: parse(properties.Delete) };
}

describe('target table properties', () => {
  test('are created with Glue before the integration', () => {
    const stack = newStack();
    const construct = replicate(stack, {
      targetTableProperties: {
        unnestSpec: UnnestSpec.TOPLEVEL,
        targetTableName: 'orders_iceberg',
        partitionSpec: [
          { fieldName: 'region' },
          { fieldName: 'createdAt', function: PartitionFunction.DAY, conversion: TimestampConversion.EPOCH_MILLISECONDS },
        ],
      },
    });
    const template = Template.fromStack(stack);
    const [customResource] = Object.entries(template.findResources('Custom::AWS'));
    const create = JSON.stringify(customResource[1].Properties.Create);
    expect(create).toContain('"action\\":\\"createIntegrationTableProperties\\"');
    expect(create).toContain('\\"TableName\\":\\"Orders\\"');
    expect(create).toContain('\\"TargetTableConfig\\":{\\"UnnestSpec\\":\\"TOPLEVEL\\",\\"TargetTableName\\":\\"orders_iceberg\\",' +
      '\\"PartitionSpec\\":[{\\"FieldName\\":\\"region\\"},{\\"FieldName\\":\\"createdAt\\",\\"FunctionSpec\\":\\"day\\",\\"ConversionSpec\\":\\"epoch_milli\\"}]}');
    expect(JSON.stringify(customResource[1].Properties.Update)).toContain('updateIntegrationTableProperties');
    expect(JSON.stringify(customResource[1].Properties.Delete)).toContain('deleteIntegrationTableProperties');
    const integrationId = stack.getLogicalId(construct.integrations[0].node.defaultChild as CfnResource);
    expect(template.toJSON().Resources[integrationId].DependsOn).toContain(customResource[0]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['glue:CreateIntegrationTableProperties', 'glue:UpdateIntegrationTableProperties', 'glue:DeleteIntegrationTableProperties'],
        })]),
      },
    });
  });

  test.each([
    [{ partitionSpec: Array.from({ length: 11 }, (_, i) => ({ fieldName: `f${i}` })) }, /partitionSpec has 11 fields; Glue accepts at most 10/],
    [{ partitionSpec: [{ fieldName: 'id', conversion: TimestampConversion.ISO_8601 }] },
      /partitionSpec field 'id' has conversion 'iso' with function 'identity'; a conversion only applies to the time functions/],
    [{ partitionSpec: [{ fieldName: '' }] }, /partitionSpec has a field with an empty fieldName/],
    [{ targetTableName: 't'.repeat(129) }, /targetTableName 't+' is 129 characters long; Glue accepts 1 to 128/],
    [{ targetTableName: 'Orders' }, /targetTableName 'Orders' may only contain lowercase letters, digits and underscores: S3 Tables table names allow nothing else, and with capital letters the Glue Data Catalog, Lake Formation and Athena do not support the table \(https:\/\/docs.aws.amazon.com\/AmazonS3\/latest\/userguide\/s3-tables-buckets-naming.html#naming-rules-table\)/],
    [{ targetTableName: 'shop-orders' }, /targetTableName 'shop-orders' may only contain lowercase letters, digits and underscores/],
    [{ targetTableName: '_orders' }, /targetTableName '_orders' must begin and end with a lowercase letter or digit/],
    [{ targetTableName: 'orders_' }, /targetTableName 'orders_' must begin and end with a lowercase letter or digit/],
  ])('rejects %j', (properties, message) => {
    const stack = newStack();
    expect(() => replicate(stack, { targetTableProperties: properties })).toThrow(message);
  });

  test.each(['orders', 'o', 'shop_orders_2024', '2024_orders', 't'.repeat(128)])('targetTableName %s is accepted', name => {
    expect(() => replicate(newStack(), { targetTableProperties: { targetTableName: name } })).not.toThrow();
  });

  test('a changed partition spec is an update of the same table properties, not a replacement', () => {
    const render = (fieldName: string) => sdkCalls(stack => replicate(stack, { targetTableProperties: { partitionSpec: [{ fieldName }] } }));
    const [before, after] = [render('region'), render('country')];
    expect(after.Update.physicalResourceId).toEqual(before.Update.physicalResourceId);
    expect(after.Create.physicalResourceId).toEqual(before.Create.physicalResourceId);
    expect(after.Update.action).toBe('updateIntegrationTableProperties');
    expect(after.Update.parameters.TargetTableConfig.PartitionSpec).toEqual([{ FieldName: 'country' }]);
  });

  test('the delete tolerates both "not found" errors the Glue API lists', () => {
    const { Delete } = sdkCalls(stack => replicate(stack, { targetTableProperties: { unnestSpec: UnnestSpec.NOUNNEST } }));
    expect(Delete.action).toBe('deleteIntegrationTableProperties');
    expect(Delete.ignoreErrorCodesMatching).toBe('EntityNotFoundException|ResourceNotFoundException');
  });

  test('ten partition fields with conversions on time functions are accepted', () => {
    const fields = Array.from({ length: 10 }, (_, i) => ({ fieldName: `f${i}`, function: PartitionFunction.HOUR, conversion: TimestampConversion.EPOCH_SECONDS }));
    expect(() => replicate(newStack(), { targetTableProperties: { partitionSpec: fields } })).not.toThrow();
  });
});

describe('s3tablescatalog bootstrap', () => {
  test('is off by default', () => {
    const stack = newStack();
    replicate(stack);
    Template.fromStack(stack).resourceCountIs('Custom::AWS', 0);
  });

  test('creates the catalog if absent, never deletes it, once per stack, before the target', () => {
    const stack = newStack();
    const first = replicate(stack, { createS3TablesCatalog: true });
    new DynamoDbZeroEtlToS3Tables(stack, 'Second', { table: table(stack, 'Customers'), tableBucketName: 'customers', createS3TablesCatalog: true });
    const template = Template.fromStack(stack);
    const resources = Object.entries(template.findResources('Custom::AWS'));
    expect(resources).toHaveLength(1);
    const [logicalId, resource] = resources[0];
    const create = JSON.stringify(resource.Properties.Create);
    expect(create).toContain('\\"action\\":\\"createCatalog\\"');
    expect(create).toContain('\\"Name\\":\\"s3tablescatalog\\"');
    expect(create).toContain('\\"ignoreErrorCodesMatching\\":\\"AlreadyExistsException|FederatedResourceAlreadyExistsException\\"');
    expect(create).toContain('\\"ConnectionName\\":\\"aws:s3tables\\"');
    expect(resource.Properties.Delete).toBeUndefined();
    expect(template.toJSON().Resources[stack.getLogicalId(first.target.integrationResourceProperty!)].DependsOn).toContain(logicalId);
  });
});

describe('monitoring', () => {
  /** The integration ARN of `integration`, as the template references it. */
  function integrationArn(stack: Stack, integration: DynamoDbZeroEtlIntegration) {
    return { 'Fn::GetAtt': [stack.getLogicalId(integration.node.defaultChild as CfnResource), 'IntegrationArn'] };
  }

  /** The Metrics Insights query of `metricName` for `integration`, as the template renders it. */
  function query(stack: Stack, integration: DynamoDbZeroEtlIntegration, aggregation: string, metricName: string) {
    return {
      'Fn::Join': ['', [
        `SELECT ${aggregation}(${metricName}) FROM "AWS/Glue/ZeroETL" WHERE integrationArn = '`, integrationArn(stack, integration), "'",
      ]],
    };
  }

  test('metrics are Metrics Insights queries over every dimension set of the integration', () => {
    const stack = newStack();
    const [integration] = replicate(stack).integrations;
    const failed = integration.metricIngestionFailed();
    expect(stack.resolve(failed.expression)).toEqual(query(stack, integration, 'SUM', 'IngestionFailed'));
    expect(failed.period.toMinutes()).toBe(5);
    expect(failed.label).toBe('IngestionFailed');
    expect(failed.usingMetrics).toEqual({});
    const lastSync = integration.metricLastSyncTimestamp({ period: Duration.minutes(15), label: 'synced' });
    expect(stack.resolve(lastSync.expression)).toEqual(query(stack, integration, 'MAX', 'LastSyncTimestamp'));
    expect([lastSync.period.toMinutes(), lastSync.label]).toEqual([15, 'synced']);
    for (const [m, name] of [[integration.metricIngestionSucceeded(), 'IngestionSucceeded'], [integration.metricInsertCount(), 'InsertCount'],
      [integration.metricUpdateCount(), 'UpdateCount'], [integration.metricDeleteCount(), 'DeleteCount'],
      [integration.metricQuery('IngestionFailed', { aggregation: MetricsInsightsAggregation.COUNT }), 'IngestionFailed']] as const) {
      expect(stack.resolve(m.expression)['Fn::Join'][1][0]).toMatch(new RegExp(`^SELECT (SUM|COUNT)\\(${name}\\) FROM`));
    }
    // The single-dimension-set metric stays available for what needs a plain Metric.
    expect(stack.resolve(integration.metric('IngestionFailed').dimensions)).toEqual({ integrationArn: stack.resolve(integration.integrationArn) });
  });

  test('the replication lag is metric math over the LastSyncTimestamp query, in seconds either way', () => {
    const stack = newStack();
    const lag = replicate(stack).integrations[0].metricReplicationLag();
    expect(lag.expression).toBe('EPOCH(m1) + 300 - IF(FILL(m1, REPEAT) > 100000000000, FILL(m1, REPEAT) / 1000, FILL(m1, REPEAT))');
    expect(Object.keys(lag.usingMetrics)).toEqual(['m1']);
    expect(lag.label).toBe('Replication lag (seconds)');
  });

  test('a malformed metric name or period is rejected with its rule', () => {
    const stack = newStack();
    const [integration] = replicate(stack).integrations;
    expect(() => integration.metricQuery("IngestionFailed) FROM x WHERE 'a")).toThrow(
      /^metric IngestionFailed\) FROM x WHERE 'a on 'TestStack\/Replication\/Integration-Orders' is invalid:\n {2}- The metric name 'IngestionFailed\) FROM x WHERE 'a' is not a plain identifier/);
    expect(() => integration.metricInsertCount({ period: Duration.seconds(90) })).toThrow(
      /The metric period is 90 seconds: it must be a whole number of minutes, at least 1 minute/);
    expect(() => integration.metricQuery('x'.repeat(2100))).toThrow(/not a plain identifier/);
    expect(() => integration.addIngestionFailedAlarm('TooLong', { period: Duration.hours(1), evaluationPeriods: 4 })).toThrow(
      /The alarm reads 4 period\(s\) of 1 hour, more than the latest 3 hours a Metrics Insights alarm evaluates/);
    expect(() => integration.addIngestionFailedAlarm('Zero', { evaluationPeriods: 0 })).toThrow(/evaluationPeriods is 0/);
  });

  test('an ingestion-failed alarm per integration, including tables added later, notifies the topic', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts');
    const construct = replicate(stack);
    expect(construct.addIngestionFailedAlarm('IngestionFailed', { actions: [new cloudwatchActions.SnsAction(topic)] })).toHaveLength(1);
    const added = construct.addTable(table(stack, 'Customers'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    for (const integration of construct.integrations) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: [{ Expression: query(stack, integration, 'SUM', 'IngestionFailed'), Id: 'expr_1', Label: 'IngestionFailed', Period: 300, ReturnData: true }],
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
        MetricName: Match.absent(),
        Period: Match.absent(),
      });
    }
    // Each alarm lives in its integration, under the id given.
    expect(added.node.tryFindChild('IngestionFailed')).toBeInstanceOf(cloudwatch.Alarm);
    expect(added.node.findChild('IngestionFailed').node.path).toBe('TestStack/Replication/Integration-Customers/IngestionFailed');
  });

  test('the alarms take any alarm action, period and evaluation periods', () => {
    const stack = newStack();
    const construct = replicate(stack);
    const invoke: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: 'arn:aws:lambda:us-east-1:111122223333:function:on-alarm' }) };
    construct.addIngestionFailedAlarm('Failed', { actions: [invoke], period: Duration.minutes(15), evaluationPeriods: 2 });
    construct.integrations[0].addReplicationLagAlarm('Lag', { actions: [invoke] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [Match.objectLike({ Period: 900 })],
      EvaluationPeriods: 2,
      AlarmActions: ['arn:aws:lambda:us-east-1:111122223333:function:on-alarm'],
    });
    expect(construct.integrations[0].node.tryFindChild('Lag')).toBeInstanceOf(cloudwatch.Alarm);
  });

  test('the lag alarm follows the refresh interval and treats a window without a sync as breaching', () => {
    const stack = newStack();
    const construct = replicate(stack, { refreshInterval: Duration.hours(1) });
    // An added table inherits the construct's refresh interval unless given its own.
    const added = construct.addTable(table(stack, 'Customers'), { refreshInterval: Duration.minutes(15) });
    construct.addReplicationLagAlarm('Lag');
    const template = Template.fromStack(stack);
    // 2 x 60 + 15 minutes for the hourly table, 2 x 15 + 15 for the one refreshed every 15 minutes.
    for (const [integration, seconds] of [[construct.integrations[0], 8100], [added, 2700]] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: [
          {
            Expression: `EPOCH(m1) + ${seconds} - IF(FILL(m1, REPEAT) > 100000000000, FILL(m1, REPEAT) / 1000, FILL(m1, REPEAT))`,
            Id: 'expr_1',
            Label: 'Replication lag (seconds)',
            ReturnData: true,
          },
          { Expression: query(stack, integration, 'MAX', 'LastSyncTimestamp'), Id: 'm1', Label: 'LastSyncTimestamp', Period: seconds, ReturnData: false },
        ],
        Threshold: seconds,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
      });
    }
  });

  test('a lag alarm window beyond 3 hours is rejected with what to do', () => {
    const stack = newStack();
    const construct = replicate(stack, { refreshInterval: Duration.hours(2) });
    expect(() => construct.addReplicationLagAlarm('Lag')).toThrow(
      /^alarm 'Lag' on 'TestStack\/Replication\/Integration-Orders' is invalid:\n {2}- The alarm reads 1 period\(s\) of 4 hours 15 minutes, more than the latest 3 hours .*Pass a period of at most 3 hours with treatMissingData/);
    construct.integrations[0].addReplicationLagAlarm('Lag', { period: Duration.hours(3), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 15300, TreatMissingData: 'notBreaching' });
  });

  test('integration events are routed to the topic for these integrations only, in both spellings', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts');
    const construct = replicate(stack);
    construct.onFailureOrNeedsAttention('IntegrationEvents', {
      target: new eventsTargets.SnsTopic(topic),
      description: 'Zero-ETL integration needs attention or failed',
    });
    const added = construct.addTable(table(stack, 'Customers'));
    const arns = [construct.integrations[0], added].map(i => integrationArn(stack, i));
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': [{ prefix: 'aws.glue-zero-etl' }],
        'detail-type': ['AWS Glue Zero ETL', 'Glue Zero ETL'].flatMap(spelling =>
          ['Ingestion Failed', 'Integration Failed', 'Integration Needs Attention'].map(event => ({ prefix: `${spelling} ${event}` }))),
        '$or': [{ resources: arns }, { detail: { integrationArn: arns } }],
      },
      Targets: [Match.objectLike({ Arn: { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) } })],
    });
  });

  test('onEvent matches every event of one integration and merges the caller\'s pattern', () => {
    const stack = newStack();
    const construct = replicate(stack);
    const [integration] = construct.integrations;
    const rule = integration.onEvent('Events', { eventPattern: { detail: { status: ['FAILED'] } }, ruleName: 'zero-etl-events' });
    const arns = [integrationArn(stack, integration)];
    expect(rule.node.scope).toBe(integration);
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Name: 'zero-etl-events',
      EventPattern: {
        'source': [{ prefix: 'aws.glue-zero-etl' }],
        'detail-type': Match.absent(),
        'detail': { status: ['FAILED'] },
        '$or': [{ resources: arns }, { detail: { integrationArn: arns } }],
      },
    });
  });

  test('a dashboard has a row per integration, including tables added later', () => {
    const stack = newStack();
    const construct = replicate(stack);
    construct.addDashboard('Dashboard', { dashboardName: 'zero-etl' });
    construct.addTable(table(stack, 'Customers'));
    const dashboard = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(Object.values(dashboard)[0]);
    for (const name of ['Orders', 'Customers']) {
      for (const title of ['ingestions failed', 'ingestions succeeded', 'items inserted, updated, deleted', 'replication lag (seconds)']) {
        expect(body).toContain(`${name}: ${title}`);
      }
    }
    expect(body).toContain('SELECT SUM(InsertCount) FROM \\\\\\"AWS/Glue/ZeroETL\\\\\\" WHERE integrationArn = ');
    expect(construct.integrations[0].dashboardWidgets()).toHaveLength(4);
  });
});

test('cdk-nag AwsSolutions raises only acknowledged findings with every feature on', () => {
  const app = new App({ outdir: tempOutdir() });
  const stack = newStack(app);
  const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true, masterKey: new kms.Key(stack, 'TopicKey', { enableKeyRotation: true }) });
  const construct = replicate(stack, {
    encryptionKey: new kms.Key(stack, 'LakeKey', { enableKeyRotation: true }),
    integrationEncryptionKey: new kms.Key(stack, 'IntegrationKey', { enableKeyRotation: true }),
    refreshInterval: Duration.hours(1),
    targetTableProperties: { unnestSpec: UnnestSpec.FULL },
    createS3TablesCatalog: true,
  });
  construct.addTable(table(stack, 'Customers'), { targetTableProperties: { partitionSpec: [{ fieldName: 'country' }] } });
  construct.addIngestionFailedAlarm('IngestionFailed', { actions: [new cloudwatchActions.SnsAction(topic)] });
  construct.addReplicationLagAlarm('ReplicationLag', { actions: [new cloudwatchActions.SnsAction(topic)] });
  construct.addDashboard('Dashboard');
  construct.onFailureOrNeedsAttention('IntegrationEvents', {
    target: new eventsTargets.SnsTopic(topic),
    description: 'Zero-ETL integration needs attention or failed',
  });
  expect(unacknowledged(nagFindings(app))).toEqual([]);
});

describe('Lake Formation mode through the one-liner', () => {
  test('accessMode and lakeFormationRole reach the target: the target role gets its Lake Formation grant', () => {
    const stack = newStack();
    const construct = replicate(stack, {
      accessMode: CatalogAccessMode.LAKE_FORMATION,
      encryptionKey: new kms.Key(stack, 'LakeKey'),
      lakeFormationRole: iam.Role.fromRoleArn(stack, 'LfRole', `arn:aws:iam::${ACCOUNT}:role/service-role/S3TablesRoleForLakeFormation`),
    });
    expect(construct.target.accessMode).toBe(CatalogAccessMode.LAKE_FORMATION);
    const grants = Object.values(Template.fromStack(stack).findResources('Custom::AWS')).filter(r => JSON.stringify(r.Properties.Create).includes('grantPermissions'));
    expect(grants).toHaveLength(1);
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowTableRoleAccess', Action: ['kms:GenerateDataKey', 'kms:Decrypt'] })]) },
    });
  });

  test('a bucket key in Lake Formation mode without lakeFormationRole is rejected', () => {
    const stack = newStack();
    expect(() => replicate(stack, { accessMode: CatalogAccessMode.LAKE_FORMATION, encryptionKey: new kms.Key(stack, 'LakeKey') }))
      .toThrow(/lakeFormationRole/);
  });
});
