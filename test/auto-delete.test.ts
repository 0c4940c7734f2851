import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { tempOutdir } from './nag';
import { SCENARIOS } from './scenarios/scenarios';
import { ACCOUNT, newStack, table } from './stacks';
import { DynamoDbZeroEtlToGlueDatabase, DynamoDbZeroEtlToS3Tables, GlueDatabaseTarget, S3TablesTarget } from '../src';
import { renderAsDeployed } from '../src/private/render-as-deployed';

const AUTO_DELETE = 'Custom::ZeroEtlAutoDeleteReplicatedData';

type Resources = Record<string, { Type: string; DependsOn?: string[]; Properties?: unknown }>;

/** Every logical id `id` waits for on create (DependsOn, Ref and Fn::GetAtt), transitively: CloudFormation deletes them after it. */
function createdBefore(resources: Resources, id: string, seen = new Set<string>()): Set<string> {
  const direct = new Set(resources[id].DependsOn ?? []);
  JSON.stringify(resources[id].Properties ?? {}, (key, value) => {
    if (key === 'Ref' && typeof value === 'string' && resources[value]) direct.add(value);
    if (key === 'Fn::GetAtt' && Array.isArray(value) && resources[value[0]]) direct.add(value[0]);
    return value;
  });
  for (const other of direct) {
    if (!seen.has(other)) {
      seen.add(other);
      createdBefore(resources, other, seen);
    }
  }
  return seen;
}

const ofType = (resources: Resources, type: string) => Object.keys(resources).filter(id => resources[id].Type === type);

describe('scenario auto-delete: the custom resource runs after every integration is gone and before the storage is deleted', () => {
  const app = new App({ outdir: tempOutdir() });
  SCENARIOS['auto-delete'](app);
  const resources: Resources = Template.fromStack(app.node.findChild('AutoDelete') as Stack).toJSON().Resources;
  const customResources = ofType(resources, AUTO_DELETE);
  const integrations = ofType(resources, 'AWS::Glue::Integration');

  test('one custom resource per target, three integrations', () => {
    expect(customResources).toHaveLength(2);
    expect(integrations).toHaveLength(3);
  });

  test.each([
    ['ToS3Tables', ['AWS::S3Tables::TableBucket']],
    ['ToGlueDatabase', ['AWS::S3::Bucket', 'AWS::Glue::Database']],
  ])('%s: the custom resource is created after its storage (so deleted before it) and before each of its integrations', (prefix, storageTypes) => {
    const resource = customResources.find(id => id.startsWith(`${prefix}Target`))!;
    const storage = storageTypes.map(type => ofType(resources, type).find(id => id.startsWith(prefix))!);
    expect([...createdBefore(resources, resource)]).toEqual(expect.arrayContaining(storage));
    const own = integrations.filter(id => id.startsWith(prefix));
    expect(own.length).toBeGreaterThan(0);
    for (const integration of own) {
      expect(createdBefore(resources, integration).has(resource)).toBe(true);
    }
    // Nothing the custom resource waits for waits for an integration: the order has no cycle.
    expect([...createdBefore(resources, resource)].filter(id => resources[id].Type === 'AWS::Glue::Integration')).toEqual([]);
  });
});

describe('autoDeleteReplicatedData', () => {
  test('S3TablesTarget: the custom resource names the bucket it created', () => {
    const stack = newStack();
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: table(stack, 'orders'), tableBucketName: 'lake', removalPolicy: RemovalPolicy.DESTROY, autoDeleteReplicatedData: true,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(AUTO_DELETE, {
      TableBucketArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReplicationTargetTableBucket'), 'TableBucketARN'] },
    });
    template.hasResource('AWS::S3Tables::TableBucket', { DeletionPolicy: 'Delete' });
  });

  test('GlueDatabaseTarget: the custom resource names the database, the bucket it created and the location prefix', () => {
    const stack = newStack();
    new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', {
      table: table(stack, 'orders'), databaseName: 'analytics', prefix: 'zero-etl/analytics', removalPolicy: RemovalPolicy.DESTROY, autoDeleteReplicatedData: true,
    });
    Template.fromStack(stack).hasResourceProperties(AUTO_DELETE, {
      DatabaseName: 'analytics',
      BucketName: { Ref: Match.stringLikeRegexp('^ReplicationTargetBucket') },
      Prefix: 'zero-etl/analytics/',
    });
  });

  test('two targets in a stack share one function, whose role has both targets\' statements', () => {
    const stack = newStack();
    new S3TablesTarget(stack, 'One', { tableBucketName: 'one', removalPolicy: RemovalPolicy.DESTROY, autoDeleteReplicatedData: true });
    new S3TablesTarget(stack, 'Two', { tableBucketName: 'two', removalPolicy: RemovalPolicy.DESTROY, autoDeleteReplicatedData: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs(AUTO_DELETE, 2);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    const bucketArn = (id: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${id}TableBucket`), 'TableBucketARN'] });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'Inline',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: { Ref: 'AWS::StackId' } },
            ...['One', 'Two'].flatMap(id => [
              { Effect: 'Allow', Action: ['s3tables:ListNamespaces', 's3tables:ListTables', 's3tables:DeleteNamespace'], Resource: bucketArn(id) },
              { Effect: 'Allow', Action: 's3tables:DeleteTable', Resource: { 'Fn::Join': ['', [bucketArn(id), '/table/*']] } },
            ]),
          ],
        },
      }],
    });
  });

  test('off by default: no custom resource', () => {
    const stack = newStack();
    new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake', removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).resourceCountIs(AUTO_DELETE, 0);
  });

  test.each([
    ['S3TablesTarget without removalPolicy', () => new S3TablesTarget(newStack(), 'Lake', { tableBucketName: 'lake', autoDeleteReplicatedData: true }),
      ['autoDeleteReplicatedData needs removalPolicy: RemovalPolicy.DESTROY (it is RETAIN, the default)']],
    ['S3TablesTarget on an existing bucket', () => new S3TablesTarget(newStack(), 'Lake', {
      existingTableBucketArn: `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/lake`, autoDeleteReplicatedData: true,
    }), ['autoDeleteReplicatedData only applies to storage this construct creates, not to existingTableBucketArn: remove it.']],
    ['GlueDatabaseTarget with a bucket passed in', () => {
      const stack = newStack();
      new GlueDatabaseTarget(stack, 'Lakehouse', {
        databaseName: 'analytics',
        bucket: s3.Bucket.fromBucketName(stack, 'Lake', 'company-lake'),
        removalPolicy: RemovalPolicy.DESTROY,
        autoDeleteReplicatedData: true,
      });
    }, ['autoDeleteReplicatedData only applies to storage this construct creates, not to existingDatabaseName or a bucket you pass: remove it.']],
    ['GlueDatabaseTarget with removalPolicy SNAPSHOT', () => new GlueDatabaseTarget(newStack(), 'Lakehouse', {
      databaseName: 'analytics', removalPolicy: RemovalPolicy.SNAPSHOT, autoDeleteReplicatedData: true,
    }), ['autoDeleteReplicatedData needs removalPolicy: RemovalPolicy.DESTROY (it is snapshot)']],
  ])('%s is rejected, with the fix', (_, create, messages) => {
    for (const message of messages) {
      expect(create).toThrow(message);
    }
  });
});

describe('the auto-delete handler role', () => {
  const REGION = 'us-east-1';
  const app = new App({ outdir: tempOutdir() });
  SCENARIOS['auto-delete'](app);
  const stack = app.node.findChild('AutoDelete') as Stack;
  const resources: Record<string, any> = Template.fromStack(stack).toJSON().Resources;
  const stackId = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/AutoDelete/0f0e0d0c-0b0a-0908-0706-050403020100`;
  const tableBucketId = ofType(resources, 'AWS::S3Tables::TableBucket')[0];
  const bucketId = ofType(resources, 'AWS::S3::Bucket')[0];
  const concrete: Array<[unknown, string]> = [
    [{ Ref: 'AWS::StackId' }, stackId],
    [{ 'Fn::GetAtt': [tableBucketId, 'TableBucketARN'] }, `arn:aws:s3tables:${REGION}:${ACCOUNT}:bucket/orders-disposable`],
    [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, 'arn:aws:s3:::location-bucket'],
  ];
  const roleId = ofType(resources, 'AWS::IAM::Role').find(id => id.startsWith('DynamoDbZeroEtlAutoDelete'))!;
  const document = JSON.stringify(resources[roleId].Properties.Policies[0].PolicyDocument);
  const policy = renderAsDeployed(stack,
    JSON.parse(concrete.reduce((json, [token, value]) => json.split(JSON.stringify(token)).join(JSON.stringify(value)), document))) as any;

  async function decide(action: string, resource: string): Promise<string> {
    const result = await runSimulation({
      identityPolicies: [{ name: 'policy', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: { principal: `arn:aws:iam::${ACCOUNT}:role/handler`, action, resource: { accountId: ACCOUNT, resource }, contextVariables: {} },
    }, {});
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
  }

  const tableBucket = `arn:aws:s3tables:${REGION}:${ACCOUNT}:bucket/orders-disposable`;
  const glue = (resource: string) => `arn:aws:glue:${REGION}:${ACCOUNT}:${resource}`;
  test.each([
    ['cloudformation:DescribeStacks', stackId],
    ['s3tables:ListNamespaces', tableBucket],
    ['s3tables:ListTables', tableBucket],
    ['s3tables:DeleteNamespace', tableBucket],
    ['s3tables:DeleteTable', `${tableBucket}/table/0123abcd-table`],
    ['glue:GetTables', glue('database/invoices_disposable')],
    ['glue:DeleteTable', glue('table/invoices_disposable/invoices')],
    ['s3:ListBucketVersions', 'arn:aws:s3:::location-bucket'],
    ['s3:DeleteObjectVersion', 'arn:aws:s3:::location-bucket/invoices_disposable/data/1.parquet'],
  ])('may %s on the storage of this stack\'s targets', async (action, resource) => {
    expect(await decide(action, resource)).toBe('Allowed');
  });

  test.each([
    ['delete the table bucket itself', 's3tables:DeleteTableBucket', tableBucket],
    ['delete tables of another bucket', 's3tables:DeleteTable', `arn:aws:s3tables:${REGION}:${ACCOUNT}:bucket/other/table/0123abcd-table`],
    ['delete tables of another database', 'glue:DeleteTable', glue('table/other/invoices')],
    ['delete the database', 'glue:DeleteDatabase', glue('database/invoices_disposable')],
    ['delete objects outside the location', 's3:DeleteObjectVersion', 'arn:aws:s3:::location-bucket/elsewhere/1.parquet'],
    ['describe another stack', 'cloudformation:DescribeStacks', `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Other/0f0e0d0c-0b0a-0908-0706-050403020100`],
  ])('may not %s', async (_, action, resource) => {
    expect(await decide(action, resource)).toBe('ImplicitlyDenied');
  });
});
