import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { CatalogAccessMode, DynamoDbStreamToS3Tables, DynamoDbStreamToS3TablesProps, S3TablesTarget } from '../src';
import { ACCOUNT, newStack } from './stacks';

const COLUMNS = [
  { name: 'pk', type: 'string' },
  { name: 'sk', type: 'long' },
  { name: 'total', type: 'decimal(12,2)' },
  { name: 'address', type: 'struct<city:string,lines:list<string>>' },
  { name: 'tags', type: 'map<string,long>' },
];

function ordersTable(stack: Stack, kinesisStream?: kinesis.IStream): dynamodb.Table {
  return new dynamodb.Table(stack, 'Orders', {
    tableName: 'Orders-Prod',
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.NUMBER },
    kinesisStream,
  });
}

function construct(overrides: Partial<DynamoDbStreamToS3TablesProps> = {}, stack = newStack()): DynamoDbStreamToS3Tables {
  return new DynamoDbStreamToS3Tables(stack, 'NearRealTime', {
    table: overrides.table ?? ordersTable(stack),
    tableBucketName: 'orders-lake',
    namespaceName: 'sales',
    columns: COLUMNS,
    ...overrides,
  });
}

function build(overrides: Partial<DynamoDbStreamToS3TablesProps> = {}, stack = newStack()) {
  const built = construct(overrides, stack);
  return { stack, construct: built, template: Template.fromStack(stack) };
}

describe('DynamoDbStreamToS3Tables', () => {
  test('creates the stream, attaches it to the Table and delivers through Firehose into the Iceberg table', () => {
    const { template, stack } = build();
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KinesisStreamSpecification: { StreamArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('NearRealTimeStream'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      IcebergDestinationConfiguration: Match.objectLike({
        CatalogConfiguration: { CatalogArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/orders-lake`]] } },
        DestinationTableConfigurationList: [{
          DestinationDatabaseName: 'sales', DestinationTableName: 'orders_prod', UniqueKeys: ['pk', 'sk'], S3ErrorOutputPrefix: 'sales/orders_prod/',
        }],
        AppendOnly: false,
        // The Iceberg destination's CloudFormation schema spells this one property with a lowercase s.
        s3BackupMode: 'FailedDataOnly',
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: Match.anyValue() }] }],
        },
      }),
    });
    const deliveryStream = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0];
    const ids = (type: string) => Object.keys(template.findResources(type));
    expect(deliveryStream.DependsOn).toEqual(expect.arrayContaining([
      ...ids('AWS::S3Tables::Table'), ...ids('AWS::IAM::Policy').filter(id => id.includes('DeliveryRole')), ...ids('AWS::DynamoDB::Table'),
    ]));
    expect(stack.resolve(Object.values(template.findResources('AWS::S3Tables::Table'))[0].Properties.TableName)).toBe('orders_prod');
  });

  test('the Iceberg table carries the columns, nested types with their own ids, and the unique keys as identifier fields', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::S3Tables::Namespace', { Namespace: 'sales' });
    template.hasResource('AWS::S3Tables::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        Namespace: 'sales',
        TableName: 'orders_prod',
        OpenTableFormat: 'ICEBERG',
        IcebergMetadata: {
          IcebergSchemaV2: {
            SchemaV2FieldType: 'struct',
            IdentifierFieldIds: [1, 2],
            SchemaV2FieldList: [
              { Id: 1, Name: 'pk', Required: true, Type: 'string' },
              { Id: 2, Name: 'sk', Required: true, Type: 'long' },
              { Id: 3, Name: 'total', Required: false, Type: 'decimal(12,2)' },
              {
                Id: 4,
                Name: 'address',
                Required: false,
                Type: {
                  type: 'struct',
                  fields: [
                    { id: 6, name: 'city', required: false, type: 'string' },
                    { id: 7, name: 'lines', required: false, type: { 'type': 'list', 'element-id': 8, 'element-required': false, 'element': 'string' } },
                  ],
                },
              },
              { Id: 5, Name: 'tags', Required: false, Type: { 'type': 'map', 'key-id': 9, 'key': 'string', 'value-id': 10, 'value-required': false, 'value': 'long' } },
            ],
          },
        },
      },
    });
  });

  test('the transform gets the columns, the keys and the destination', () => {
    const { template } = build({ columns: [...COLUMNS, { name: 'rest', type: 'string' }], otherAttributesColumn: 'rest' });
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler' } });
    const settings = JSON.parse(Object.values(functions)[0].Properties.Environment.Variables.TRANSFORM_SETTINGS);
    expect(settings).toEqual({
      columns: [...COLUMNS, { name: 'rest', type: 'string' }], keyColumns: ['pk', 'sk'], databaseName: 'sales', tableName: 'orders_prod', otherAttributesColumn: 'rest',
    });
  });

  test('the delivery role reads the stream, invokes the transform, writes the table and the error bucket, and nothing more', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Condition: { StringEquals: { 'sts:ExternalId': ACCOUNT } } }],
      },
    });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('DeliveryRole') } });
    const statements = Object.values(policies)[0].Properties.PolicyDocument.Statement;
    expect(statements.map((statement: { Sid: string; Action: string[] }) => [statement.Sid, statement.Action])).toEqual([
      ['DestinationCatalog', ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable']],
      ['DestinationBucket', ['s3tables:GetTableBucket', 's3tables:GetNamespace']],
      ['DestinationTable', ['s3tables:GetTable', 's3tables:GetTableMetadataLocation', 's3tables:UpdateTableMetadataLocation', 's3tables:GetTableData', 's3tables:PutTableData']],
      ['SourceStream', ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards']],
      ['Transform', ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration']],
      ['ErrorBucket', ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject']],
      ['DeliveryLogs', 'logs:PutLogEvents'],
    ]);
  });

  test('with a Lake Formation target: GetDataAccess in IAM and Lake Formation grants on the table, before the stream', () => {
    const stack = newStack();
    const target = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'shared-lake', accessMode: CatalogAccessMode.LAKE_FORMATION });
    const { template } = build({ tableBucketName: undefined, target }, stack);
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('NearRealTimeDeliveryRole') } });
    const sids = Object.values(policies)[0].Properties.PolicyDocument.Statement.map((statement: { Sid: string }) => statement.Sid);
    expect(sids).toContain('LakeFormationDataAccess');
    expect(sids).not.toContain('DestinationTable');
    const grant = Object.entries(template.toJSON().Resources as Record<string, any>).find(([id]) => id.startsWith('NearRealTimeDeliveryRoleLakeFormation'));
    expect(grant).toBeDefined();
    expect(JSON.stringify(grant![1].Properties.Create)).toContain('\\"Name\\":\\"orders_prod\\"');
    const deliveryStream = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0];
    expect(deliveryStream.DependsOn).toContain(grant![0]);
  });

  test('uses the stream a table already streams to, and buffering hints when given', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Changes');
    const buffering = { bufferingInterval: Duration.seconds(60), bufferingSize: Size.mebibytes(64) };
    const { template } = build({ table: ordersTable(stack, stream), kinesisStream: stream, ...buffering }, stack);
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      KinesisStreamSourceConfiguration: { KinesisStreamARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Changes'), 'Arn'] } },
      IcebergDestinationConfiguration: Match.objectLike({ BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 64 } }),
    });
  });

  test('a TableV2 with its kinesisStream works; one without gets the fix', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Changes');
    const withStream = new dynamodb.TableV2(stack, 'V2', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, kinesisStream: stream });
    expect(() => build({ table: withStream, tableName: 'v2', columns: [{ name: 'pk', type: 'string' }] }, stack)).not.toThrow();
    const other = newStack();
    const without = new dynamodb.TableV2(other, 'V2', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    expect(() => construct({ table: without, tableName: 'v2', columns: [{ name: 'pk', type: 'string' }] }, other))
      .toThrow(/TableV2 has no Kinesis stream.*pass it to the TableV2 as kinesisStream/);
  });

  test('an imported table needs uniqueKeys and kinesisStream', () => {
    const first = newStack();
    expect(() => construct({ table: dynamodb.Table.fromTableName(first, 'Imported', 'orders') }, first))
      .toThrow(/uniqueKeys is needed[\s\S]*kinesisStream is needed for an imported table/);
    const stack = newStack();
    const imported = dynamodb.Table.fromTableName(stack, 'Imported', 'orders');
    const stream = kinesis.Stream.fromStreamArn(stack, 'S', `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders`);
    const { template } = build({ table: imported, uniqueKeys: ['pk', 'sk'], kinesisStream: stream }, stack);
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders` },
    });
  });

  test('lists every problem in one error, each with its fix', () => {
    const run = () => construct({
      namespaceName: 'Sales',
      tableName: 'orders-table',
      columns: [{ name: 'PK', type: 'string' }, { name: 'sk', type: 'varchar' }, { name: 'sk', type: 'long' }, { name: 'total', type: 'decimal(40,2)' }],
      uniqueKeys: ['pk'],
      bufferingInterval: Duration.seconds(901),
      otherAttributesColumn: 'rest',
      existingTableBucketArn: `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/other`,
    });
    expect(run).toThrow(/DynamoDbStreamToS3Tables 'TestStack\/NearRealTime' cannot be created/);
    const message = (() => { try { run(); return ''; } catch (error) { return (error as Error).message; } })();
    for (const expected of [
      'give exactly one of tableBucketName',
      "namespaceName 'Sales' must be 1 to 255 lowercase letters",
      "tableName 'orders-table' must be",
      "column 'PK' must be 1 to 255 lowercase",
      "column 'sk' has type 'varchar' is not a type",
      "column 'sk' is listed twice",
      'precision <= 38',
      "uniqueKeys [pk] must equal the table's key [pk, sk]",
      "unique key 'pk' is not one of the columns",
      'give bufferingInterval and bufferingSize together',
      'bufferingInterval is 901 seconds',
      "otherAttributesColumn 'rest' must be a 'string' column",
    ]) {
      expect(message).toContain(expected);
    }
  });

  test('a key column must hold its DynamoDB key type exactly', () => {
    expect(() => construct({ columns: [{ name: 'pk', type: 'string' }, { name: 'sk', type: 'double' }] }))
      .toThrow(/unique key 'sk' is a DynamoDB N attribute, which a 'double' column cannot hold exactly: use int or long or decimal/);
  });

  test.each(['cn-north-1', 'us-gov-west-1', 'ap-southeast-5'])('rejects region %s, where Firehose has no Iceberg destination', region => {
    const stack = new Stack(new App(), 'Elsewhere', { env: { account: ACCOUNT, region } });
    expect(() => construct({}, stack)).toThrow(/where Firehose has no Apache Iceberg destination/);
  });

  test('alarms on delivery failures, freshness, transform errors, iterator age and Kinesis replication', () => {
    const nearRealTime = construct();
    nearRealTime.addIngestionFailedAlarm('Failed');
    nearRealTime.addReplicationLagAlarm('Lag', { threshold: Duration.minutes(10) });
    nearRealTime.addTransformErrorsAlarm('TransformErrors');
    nearRealTime.addIteratorAgeAlarm('IteratorAge');
    nearRealTime.addKinesisReplicationAlarm('KinesisReplication');
    const after = Template.fromStack(Stack.of(nearRealTime));
    after.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeliveryToIceberg.FailedRowCount', Namespace: 'AWS/Firehose', Threshold: 1, Statistic: 'Sum' });
    after.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeliveryToIceberg.DataFreshness', Threshold: 600, Statistic: 'Maximum' });
    after.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    after.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'GetRecords.IteratorAgeMilliseconds', Threshold: 900000 });
    expect(JSON.stringify(Stack.of(nearRealTime).resolve(nearRealTime.metricKinesisReplicationThrottles().expression)))
      .toContain('SELECT SUM(ThrottledPutRecordCount) FROM \\"AWS/DynamoDB\\" WHERE TableName');
    const replication = Object.values(after.findResources('AWS::CloudWatch::Alarm')).find(alarm => alarm.Properties.Metrics);
    // A Metrics Insights query over every dimension set that has the table's name.
    expect(JSON.stringify(replication!.Properties.Metrics[0].Expression))
      .toContain('SELECT SUM(FailedToReplicateRecordCount) FROM \\"AWS/DynamoDB\\" WHERE TableName = \'');
  });
});
