import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { tempOutdir } from './nag';
import { DynamoDbStreamToS3Tables } from '../src';
import { renderAsDeployed } from '../src/private/render-as-deployed';

/**
 * The delivery role's policy of DynamoDbStreamToS3Tables, rendered as deployed, evaluated by an IAM
 * policy simulator for the requests Firehose makes and for their neighbours, which must be denied.
 */

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const BUCKET = 'orders-lake';
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const TABLE_ARN = arn('s3tables', `bucket/${BUCKET}/table/0123abcd-orders`);
const STREAM_ARN = arn('kinesis', 'stream/orders-changes');
const FUNCTION_ARN = arn('lambda', 'function:orders-transform');
const ERROR_BUCKET_ARN = 'arn:aws:s3:::orders-errors';
const catalog = (resource: string) => arn('glue', resource);

/** The delivery role's policy, with each attribute of the construct's own resources as deployed. */
function deliveryPolicy(): object {
  const stack = new Stack(new App({ outdir: tempOutdir() }), 'Authz', { env: { account: ACCOUNT, region: REGION } });
  const table = new dynamodb.Table(stack, 'Orders', {
    tableName: 'orders',
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  const construct = new DynamoDbStreamToS3Tables(stack, 'NearRealTime', {
    table, tableBucketName: BUCKET, namespaceName: 'sales', columns: [{ name: 'pk', type: 'string' }],
  });
  // The logical id of an L1, or of an L2's CloudFormation resource.
  const id = (resource: IConstruct) => stack.getLogicalId((resource.node.defaultChild ?? resource) as CfnElement);
  const attributes: Array<[string, string, string]> = [
    [id(construct.tableBucket!), 'TableBucketARN', arn('s3tables', `bucket/${BUCKET}`)],
    [id(construct.icebergTable), 'TableARN', TABLE_ARN],
    [id(construct.kinesisStream), 'Arn', STREAM_ARN],
    [id(construct.transform), 'Arn', FUNCTION_ARN],
    [id(construct.errorBucket), 'Arn', ERROR_BUCKET_ARN],
  ];
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const roleId = id(construct.deliveryRole);
  const rolePolicy = Object.values(policies).find(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))!;
  let text = JSON.stringify(rolePolicy.Properties.PolicyDocument);
  for (const [logicalId, attribute, value] of attributes) {
    text = text.split(JSON.stringify({ 'Fn::GetAtt': [logicalId, attribute] })).join(JSON.stringify(value));
  }
  return renderAsDeployed(stack, JSON.parse(text)) as object;
}

let policy: object;
beforeAll(() => {
  policy = deliveryPolicy();
});

async function decide(action: string, resource: string): Promise<string> {
  const result = await runSimulation({
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    identityPolicies: [{ name: 'delivery', policy: policy as any }],
    request: { principal: `arn:aws:iam::${ACCOUNT}:role/delivery`, action, resource: { accountId: ACCOUNT, resource }, contextVariables: {} },
  }, {});
  if (result.resultType === 'error') throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

describe('the delivery role', () => {
  test.each([
    ['glue:GetTable', catalog('table/s3tablescatalog/orders-lake/sales/orders')],
    ['glue:UpdateTable', catalog('table/s3tablescatalog/orders-lake/sales/orders')],
    ['glue:GetDatabase', catalog('database/s3tablescatalog/orders-lake/sales')],
    ['glue:GetTable', catalog('catalog/s3tablescatalog/orders-lake')],
    ['s3tables:GetTableBucket', arn('s3tables', `bucket/${BUCKET}`)],
    ['s3tables:PutTableData', TABLE_ARN],
    ['s3tables:UpdateTableMetadataLocation', TABLE_ARN],
    ['kinesis:GetRecords', STREAM_ARN],
    ['kinesis:GetShardIterator', STREAM_ARN],
    ['lambda:InvokeFunction', FUNCTION_ARN],
    ['lambda:InvokeFunction', `${FUNCTION_ARN}:1`],
    ['s3:PutObject', `${ERROR_BUCKET_ARN}/errors/2026/12/02/x`],
  ])('may %s on %s', async (action, resource) => {
    expect(await decide(action, resource)).toBe('Allowed');
  });

  test.each([
    ['glue:UpdateTable', catalog('table/s3tablescatalog/orders-lake/sales/customers'), 'another table of the namespace'],
    ['glue:DeleteTable', catalog('table/s3tablescatalog/orders-lake/sales/orders'), 'an action Firehose does not need'],
    ['glue:UpdateTable', catalog('table/s3tablescatalog/other-lake/sales/orders'), 'a table of another bucket'],
    ['s3tables:PutTableData', arn('s3tables', `bucket/${BUCKET}/table/0123abcd-customers`), 'another table of the bucket'],
    ['s3tables:DeleteTable', TABLE_ARN, 'deleting the table'],
    ['kinesis:PutRecord', STREAM_ARN, 'writing to the stream'],
    ['kinesis:GetRecords', arn('kinesis', 'stream/other'), 'another stream'],
    ['lambda:InvokeFunction', arn('lambda', 'function:other'), 'another function'],
    ['s3:PutObject', 'arn:aws:s3:::other-bucket/x', 'another bucket'],
    ['s3:DeleteObject', `${ERROR_BUCKET_ARN}/errors/x`, 'deleting failed records'],
  ])('may not %s on %s (%s)', async (action, resource) => {
    expect(await decide(action, resource)).toBe('ImplicitlyDenied');
  });
});
