import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DynamoDbZeroEtlToS3Tables, DynamoDbZeroEtlToS3TablesProps } from '../../src';

function quickStart(props: Partial<DynamoDbZeroEtlToS3TablesProps>): Stack {
  const stack = new Stack();
  const table = new dynamodb.TableV2(stack, 'Table', {
    tableName: 'Orders',
    partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  new DynamoDbZeroEtlToS3Tables(stack, 'ZeroEtl', { table, tableBucketName: 'orders-iceberg-bucket', migrateFromV01: true, ...props });
  return stack;
}

test('migrateFromV01 rejects, in one error, every prop that would replace the 0.1.x integration', () => {
  expect(() => quickStart({
    integrationEncryptionKey: new kms.Key(new Stack(), 'Key'),
    refreshInterval: Duration.hours(1),
    targetTableProperties: { targetTableName: 'orders' },
    tableBucketName: undefined,
    existingTableBucketArn: 'arn:aws:s3tables:us-east-1:111122223333:bucket/orders-iceberg-bucket',
  })).toThrow(new RegExp([
    "DynamoDbZeroEtlToS3Tables 'Default/ZeroEtl' cannot be created",
    'integrationEncryptionKey with migrateFromV01 would replace the 0.1.x integration',
    'refreshInterval with migrateFromV01',
    'targetTableProperties with migrateFromV01',
    'migrateFromV01 needs tableBucketName',
  ].join('[\\s\\S]*')));
});

test('migrateFromV01 defaults the first integration to 0.1.x\'s name only; added tables keep derived names', () => {
  const stack = quickStart({});
  const zeroEtl = stack.node.findChild('ZeroEtl') as DynamoDbZeroEtlToS3Tables;
  const customers = new dynamodb.TableV2(stack, 'Customers', {
    tableName: 'customers',
    partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  zeroEtl.addTable(customers);
  const names = Object.values(Template.fromStack(stack).findResources('AWS::Glue::Integration')).map(r => r.Properties.IntegrationName);
  expect(names).toEqual(['ddb-to-s3tables', expect.stringMatching(/^ZeroEtl-Integrationcustomers-[0-9A-F]{8}$/)]);
});
