import { App, Aws, CfnCondition, Fn, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { zeroEtlMonitoringStatements } from './expected-statements';
import { nagFindings, tempOutdir, unacknowledged } from './nag';
import { DynamoDbZeroEtlToS3Tables, DynamoDbZeroEtlToS3TablesProps } from '../src';

const ACCOUNT = '111122223333';
const PARTITION = { Ref: 'AWS::Partition' };

function newStack(region = 'us-east-1', app = new App({ outdir: tempOutdir() }), id = 'TestStack'): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region } });
}

function ordersTable(stack: Stack, props: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, 'Orders', {
    tableName: 'Orders',
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    ...props,
  });
}

function replicate(stack: Stack, props: Partial<DynamoDbZeroEtlToS3TablesProps> = {}): DynamoDbZeroEtlToS3Tables {
  return new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
    table: props.table ?? ordersTable(stack),
    tableBucketName: 'orders-analytics',
    ...props,
  });
}

/** `arn:${AWS::Partition}:<rest>` as CloudFormation renders a partition-aware ARN. */
function arn(rest: string) {
  return { 'Fn::Join': ['', ['arn:', PARTITION, `:${rest}`]] };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: any } } | any): string {
  const resource = construct.node.defaultChild ?? construct;
  return stack.getLogicalId(resource);
}

describe('resources', () => {
  let stack: Stack;
  let construct: DynamoDbZeroEtlToS3Tables;
  let template: Template;
  beforeEach(() => {
    stack = newStack();
    construct = replicate(stack);
    template = Template.fromStack(stack);
  });

  test('creates the table bucket, retained by default', () => {
    template.resourceCountIs('AWS::S3Tables::TableBucket', 1);
    template.hasResource('AWS::S3Tables::TableBucket', {
      Properties: { TableBucketName: 'orders-analytics' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the target role trusts only glue.amazonaws.com', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' } }],
      },
    });
  });

  test('the target role has exactly the documented S3 Tables target permissions, scoped to the bucket', () => {
    const bucketArn = { 'Fn::GetAtt': [logicalId(stack, construct.target.tableBucket), 'TableBucketARN'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(stack, construct.target.targetRole!) }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'TableBucket',
            Effect: 'Allow',
            Action: [
              's3tables:GetTableBucket', 's3tables:GetTableBucketEncryption', 's3tables:ListNamespaces',
              's3tables:GetNamespace', 's3tables:CreateNamespace', 's3tables:ListTables', 's3tables:CreateTable',
            ],
            Resource: bucketArn,
          },
          {
            Sid: 'TablesInBucket',
            Effect: 'Allow',
            Action: [
              's3tables:GetTable', 's3tables:DeleteTable', 's3tables:GetTableEncryption', 's3tables:GetTableMetadataLocation',
              's3tables:UpdateTableMetadataLocation', 's3tables:GetTableData', 's3tables:PutTableData',
            ],
            Resource: { 'Fn::Join': ['', [bucketArn, '/table/*']] },
          },
          { Sid: 'ListTableBuckets', Effect: 'Allow', Action: 's3tables:ListTableBuckets', Resource: '*' },
          ...zeroEtlMonitoringStatements(),
        ],
      },
    });
  });

  test('the source table resource policy lets Glue export it for integrations of this account only', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({
        Region: 'us-east-1',
        ResourcePolicy: {
          PolicyDocument: {
            Statement: [{
              Sid: 'AllowGlueZeroEtlExport',
              Effect: 'Allow',
              Principal: { Service: 'glue.amazonaws.com' },
              Action: ['dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeTable', 'dynamodb:DescribeExport'],
              Resource: '*',
              Condition: {
                StringEquals: { 'aws:SourceAccount': ACCOUNT },
                ArnLike: { 'aws:SourceArn': arn(`glue:us-east-1:${ACCOUNT}:integration:*`) },
              },
            }],
          },
        },
      })],
    });
  });

  test('the integration resource property associates the role with the s3tablescatalog target', () => {
    template.hasResourceProperties('AWS::Glue::IntegrationResourceProperty', {
      ResourceArn: arn(`glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/orders-analytics`),
      TargetProcessingProperties: { RoleArn: { 'Fn::GetAtt': [logicalId(stack, construct.target.targetRole!), 'Arn'] } },
    });
  });

  test('the integration goes from the table ARN to the s3tablescatalog target', () => {
    template.hasResourceProperties('AWS::Glue::Integration', {
      IntegrationName: construct.integrations[0].integrationName,
      SourceArn: { 'Fn::GetAtt': [logicalId(stack, construct.node.scope!.node.findChild('Orders')), 'Arn'] },
      TargetArn: arn(`glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/orders-analytics`),
    });
    expect(stack.resolve(construct.integrations[0].integrationArn)).toEqual({ 'Fn::GetAtt': [logicalId(stack, construct.integrations[0]), 'IntegrationArn'] });
  });

  test('the integration waits for the resource property and the catalog policy; the property waits for the role policy and the bucket', () => {
    const resources = template.toJSON().Resources;
    const dependsOn = (construct_: any) => [...resources[logicalId(stack, construct_)].DependsOn].sort();
    expect(dependsOn(construct.integrations[0])).toEqual([
      logicalId(stack, stack.node.findChild('DynamoDbZeroEtlCatalogResourcePolicy').node.findChild('Resource')),
      logicalId(stack, construct.target.integrationResourceProperty),
    ].sort());
    // Not the role itself: the property's RoleArn already references it.
    expect(dependsOn(construct.target.integrationResourceProperty)).toEqual([
      stack.getLogicalId(construct.target.targetRole!.node.findChild('DefaultPolicy').node.defaultChild as any),
      logicalId(stack, construct.target.tableBucket),
    ].sort());
  });

  test('the catalog policy custom resource carries compact, stack-owned statements', () => {
    const resources = template.findResources('Custom::GlueCatalogResourcePolicy');
    const [props] = Object.values(resources).map(r => r.Properties);
    expect(props.SidPrefix).toMatch(/^ZeroEtl[0-9a-f]{16}$/);
    expect(props.Statements).toEqual([
      {
        Sid: `${props.SidPrefix}Authorize0`,
        Effect: 'Allow',
        Principal: { Service: 'glue.amazonaws.com' },
        Action: 'glue:AuthorizeInboundIntegration',
        Resource: arn(`glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/orders-analytics`),
        Condition: { StringEquals: { 'aws:SourceArn': [arn(`dynamodb:us-east-1:${ACCOUNT}:table/Orders`)] } },
      },
      {
        Sid: `${props.SidPrefix}Create`,
        Effect: 'Allow',
        Principal: { AWS: arn(`iam::${ACCOUNT}:root`) },
        Action: 'glue:CreateInboundIntegration',
        Resource: arn(`glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/orders-analytics`),
        Condition: { ArnLike: { 'aws:SourceArn': arn(`dynamodb:us-east-1:${ACCOUNT}:table/*`) } },
      },
    ]);
  });

  test('the catalog policy handler may only read and write the Data Catalog resource policy', () => {
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Policies: Match.anyValue() } });
    expect(Object.values(roles).map(role => role.Properties.Policies)).toEqual([[{
      PolicyName: 'Inline',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: ['glue:GetResourcePolicy', 'glue:PutResourcePolicy', 'glue:DeleteResourcePolicy'],
          Resource: arn(`glue:us-east-1:${ACCOUNT}:catalog`),
        }],
      },
    }]]);
  });

  test('one function per stack for the catalog policy, on core CustomResourceProvider, logging 30 days to a log group created first', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    const [functionId] = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } }));
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 30,
      LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { 'Fn::Select': [6, { 'Fn::Split': [':', { 'Fn::GetAtt': [functionId, 'Arn'] }] }] }]] },
    });
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    template.hasResource('Custom::GlueCatalogResourcePolicy', {
      Properties: { ServiceToken: { 'Fn::GetAtt': [functionId, 'Arn'] } },
      DependsOn: [logGroupId],
    });
  });

  test('one table gives 10 resources, the table included', () => {
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(10);
  });
});

describe('options', () => {
  test('removalPolicy applies to the table bucket', () => {
    const stack = newStack();
    replicate(stack, { removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::S3Tables::TableBucket', { DeletionPolicy: 'Delete' });
  });

  test('integrationName is used as given', () => {
    const stack = newStack();
    replicate(stack, { integrationName: 'orders-to-lake' });
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Integration', { IntegrationName: 'orders-to-lake' });
  });

  test('default integration names differ between instances, stacks and apps sharing an account', () => {
    const app = new App({ outdir: tempOutdir() });
    const first = newStack('us-east-1', app, 'First');
    const second = newStack('us-east-1', app, 'Second');
    const names = [
      replicate(first).integrations[0].integrationName,
      new DynamoDbZeroEtlToS3Tables(first, 'Other', {
        table: new dynamodb.TableV2(first, 'Customers', {
          tableName: 'Customers',
          partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        }),
        tableBucketName: 'customers-analytics',
      }).integrations[0].integrationName,
      replicate(second, { tableBucketName: 'second-analytics' }).integrations[0].integrationName,
    ];
    expect(new Set(names).size).toBe(3);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(128);
    }
    expect(names[0]).toMatch(/^First-Replication-IntegrationOrders-[0-9A-F]{8}$/);
  });

  test('a Table (v1) gets the statement in its ResourcePolicy', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'Orders', {
      tableName: 'Orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    replicate(stack, { table });
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      ResourcePolicy: {
        PolicyDocument: {
          Statement: [Match.objectLike({
            Principal: { Service: 'glue.amazonaws.com' },
            Action: ['dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeTable', 'dynamodb:DescribeExport'],
          })],
        },
      },
    });
  });

  test('an existing resource policy statement on the table is kept', () => {
    const stack = newStack();
    const table = ordersTable(stack);
    table.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'Existing',
      principals: [new iam.AccountRootPrincipal()],
      actions: ['dynamodb:GetItem'],
      resources: ['*'],
    }));
    replicate(stack, { table });
    const replicas = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::GlobalTable'))[0].Properties.Replicas;
    expect(replicas[0].ResourcePolicy.PolicyDocument.Statement.map((s: any) => s.Sid)).toEqual(['Existing', 'AllowGlueZeroEtlExport']);
  });

  test('a table encrypted with a customer managed key is accepted', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    expect(() => replicate(stack, { table: ordersTable(stack, { encryption: dynamodb.TableEncryptionV2.customerManagedKey(key) }) })).not.toThrow();
    const stack1 = newStack();
    expect(() => replicate(stack1, {
      table: new dynamodb.Table(stack1, 'Orders', {
        tableName: 'Orders',
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      }),
    })).not.toThrow();
  });
});

describe('many constructs in one stack', () => {
  test('share one catalog policy custom resource and one provider', () => {
    const stack = newStack();
    replicate(stack);
    const customers = new dynamodb.TableV2(stack, 'Customers', {
      tableName: 'Customers',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    new DynamoDbZeroEtlToS3Tables(stack, 'CustomersReplication', { table: customers, tableBucketName: 'customers-analytics' });

    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::GlueCatalogResourcePolicy', 1);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Glue::Integration', 2);
    const [props] = Object.values(template.findResources('Custom::GlueCatalogResourcePolicy')).map(r => r.Properties);
    expect(props.Statements.map((s: any) => s.Sid)).toEqual([
      `${props.SidPrefix}Authorize0`, `${props.SidPrefix}Authorize1`, `${props.SidPrefix}Create`,
    ]);
    expect(props.Statements[2].Resource).toEqual([
      arn(`glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/orders-analytics`),
      arn(`glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/customers-analytics`),
    ]);
  });

  test('stacks get different statement Sid prefixes', () => {
    const app = new App({ outdir: tempOutdir() });
    const stacks = ['One', 'Two'].map(id => newStack('us-east-1', app, id));
    stacks.forEach(stack => replicate(stack, { tableBucketName: `${stack.stackName.toLowerCase()}-analytics` }));
    const prefixes = stacks.map(stack =>
      Object.values(Template.fromStack(stack).findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties.SidPrefix);
    expect(prefixes[0]).not.toEqual(prefixes[1]);
  });
});

describe('partitions', () => {
  test.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('in %s no ARN names a literal partition', (region) => {
    const stack = newStack(region);
    replicate(stack);
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).not.toMatch(/arn:aws(-cn|-us-gov)?:/);
    expect(json).toContain(`:glue:${region}:${ACCOUNT}:catalog/s3tablescatalog/orders-analytics`);
  });

  test('ARNs resolve to the stack partition at deploy time in an environment-agnostic stack', () => {
    const stack = new Stack(new App({ outdir: tempOutdir() }), 'Agnostic');
    replicate(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Integration', {
      TargetArn: {
        'Fn::Join': ['', ['arn:', PARTITION, ':glue:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':catalog/s3tablescatalog/orders-analytics']],
      },
    });
  });
});

describe('imported tables', () => {
  test('are accepted with a warning that says what to set where the table is defined', () => {
    const stack = newStack();
    const table = dynamodb.Table.fromTableName(stack, 'Imported', 'Orders');
    replicate(stack, { table });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Glue::Integration', {
      SourceArn: arn(`dynamodb:us-east-1:${ACCOUNT}:table/Orders`),
    });
    Annotations.fromStack(stack).hasWarning('/TestStack/Replication/Integration-Orders', Match.stringLikeRegexp(
      "^Table 'Orders' is imported: its point-in-time recovery and encryption could not be checked.*allows principal glue.amazonaws.com " +
      'the actions dynamodb:ExportTableToPointInTime, dynamodb:DescribeTable and dynamodb:DescribeExport on resource "\\*", ' +
      `with conditions StringEquals aws:SourceAccount = ${ACCOUNT} and ArnLike aws:SourceArn = arn:<partition>:glue:us-east-1:${ACCOUNT}:integration:\\*`,
    ));
  });

  test('from an ARN of the same account and region are accepted', () => {
    const stack = newStack();
    const table = dynamodb.TableV2.fromTableArn(stack, 'Imported', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`);
    expect(() => replicate(stack, { table })).not.toThrow();
  });
});

describe('validation', () => {
  function expectProblem(build: (stack: Stack) => void, message: RegExp) {
    const stack = newStack();
    expect(() => build(stack)).toThrow(message);
  }

  test('the table needs an explicit name', () => {
    expectProblem(stack => replicate(stack, { table: ordersTable(stack, { tableName: undefined }) }),
      /table 'TestStack\/Orders' has no explicit name.*Set tableName on the table/);
  });

  test('an imported table needs a resolved name', () => {
    expectProblem(stack => replicate(stack, { table: dynamodb.Table.fromTableName(stack, 'I', Fn.importValue('TableName')) }),
      /table 'TestStack\/I' has no explicit name/);
  });

  test.each([
    ['TableV2 without PITR', (stack: Stack) => ordersTable(stack, { pointInTimeRecoverySpecification: undefined })],
    ['TableV2 with PITR off', (stack: Stack) => ordersTable(stack, { pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } })],
    ['Table without PITR', (stack: Stack) => new dynamodb.Table(stack, 'Orders', {
      tableName: 'Orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    })],
  ])('PITR must be enabled: %s', (_, table) => {
    expectProblem(stack => replicate(stack, { table: table(stack) }),
      /table 'TestStack\/Orders' does not have point-in-time recovery \(PITR\) enabled.*pointInTimeRecoveryEnabled: true/);
  });

  test('PITR turned on with the deprecated Table prop is accepted', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'Orders', {
      tableName: 'Orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, pointInTimeRecovery: true,
    });
    expect(() => replicate(stack, { table })).not.toThrow();
  });

  test('PITR turned on through the L1 property (escape hatch) is accepted', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'Orders', { tableName: 'Orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    (table.node.defaultChild as dynamodb.CfnTable).pointInTimeRecoverySpecification = { pointInTimeRecoveryEnabled: true };
    expect(() => replicate(stack, { table })).not.toThrow();
  });

  test('PITR and encryption settings that are CloudFormation conditions are left to deploy time', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'Orders', { tableName: 'Orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const cfn = table.node.defaultChild as dynamodb.CfnTable;
    const isProd = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(Aws.ACCOUNT_ID, ACCOUNT) });
    cfn.pointInTimeRecoverySpecification = Fn.conditionIf(isProd.logicalId, { PointInTimeRecoveryEnabled: true }, Aws.NO_VALUE);
    cfn.sseSpecification = Fn.conditionIf(isProd.logicalId, { SSEEnabled: true }, Aws.NO_VALUE);
    expect(() => replicate(stack, { table })).not.toThrow();
  });

  test('a TableV2 whose replicas do not include the stack region is not checked', () => {
    const stack = newStack();
    const table = ordersTable(stack, { pointInTimeRecoverySpecification: undefined });
    (table.node.defaultChild as dynamodb.CfnGlobalTable).replicas = [{ region: 'eu-west-1' }];
    expect(() => replicate(stack, { table })).not.toThrow();
  });

  test.each([
    ['Table', (stack: Stack) => new dynamodb.Table(stack, 'Orders', {
      tableName: 'Orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
    })],
    ['TableV2', (stack: Stack) => ordersTable(stack, { encryption: dynamodb.TableEncryptionV2.awsManagedKey() })],
  ])('the AWS managed key is rejected: %s', (_, table) => {
    expectProblem(stack => replicate(stack, { table: table(stack) }),
      /table 'TestStack\/Orders' is encrypted with the AWS managed key \(aws\/dynamodb\)/);
  });

  test('the AWS owned key (default) is accepted', () => {
    const stack = newStack();
    expect(() => replicate(stack, { table: ordersTable(stack, { encryption: dynamodb.TableEncryptionV2.dynamoOwnedKey() }) })).not.toThrow();
  });

  test.each([
    ['ab', /is 2 characters long; a table bucket name has 3 to 63/],
    ['a'.repeat(64), /is 64 characters long/],
    ['Orders', /may only contain lowercase letters, digits and hyphens/],
    ['orders_analytics', /may only contain lowercase letters, digits and hyphens/],
    ['-orders', /must begin and end with a lowercase letter or digit/],
    ['orders-', /must begin and end with a lowercase letter or digit/],
    ['xn--orders', /starts with the reserved prefix 'xn--'/],
    ['sthree-orders', /starts with the reserved prefix 'sthree-'/],
    ['aws-orders', /starts with the reserved prefix 'aws'/],
    ['amzn-s3-demo-orders', /starts with the reserved prefix 'amzn-s3-demo-'/],
    ['orders-s3alias', /ends with the reserved suffix '-s3alias'/],
    ['orders--ol-s3', /ends with the reserved suffix '--ol-s3'/],
    ['orders--x-s3', /ends with the reserved suffix '--x-s3'/],
    ['orders--table-s3', /ends with the reserved suffix '--table-s3'/],
  ])('tableBucketName %s is rejected', (name, message) => {
    expectProblem(stack => replicate(stack, { tableBucketName: name }), message);
  });

  test.each(['abc', 'a'.repeat(63), 'orders-2024', '0rders'])('tableBucketName %s is accepted', name => {
    expect(() => replicate(newStack(), { tableBucketName: name })).not.toThrow();
  });

  test('integrationName longer than 128 characters is rejected, 128 is accepted', () => {
    expectProblem(stack => replicate(stack, { integrationName: 'i'.repeat(129) }),
      /integrationName 'i+' is 129 characters long; Glue accepts 1 to 128/);
    expectProblem(stack => replicate(stack, { integrationName: '' }), /integrationName '' is 0 characters long/);
    expect(() => replicate(newStack(), { integrationName: 'i'.repeat(128) })).not.toThrow();
  });

  test('unresolved names are left to deploy time', () => {
    const stack = newStack();
    expect(() => replicate(stack, {
      tableBucketName: Lazy.string({ produce: () => 'Not_Checked' }),
      integrationName: Fn.importValue('IntegrationName'),
    })).not.toThrow();
  });

  test('a table of another account or region is rejected', () => {
    expectProblem(stack => replicate(stack, {
      table: dynamodb.Table.fromTableArn(stack, 'Other', 'arn:aws:dynamodb:eu-west-1:444455556666:table/Orders'),
    }), /in account '444455556666' but the stack is in account '111122223333'. This library replicates within one account and region \(a limit of this library, not of Glue\)[\s\S]*in region 'eu-west-1' but the stack is in region 'us-east-1'/);
  });

  /** The message of the error `build` throws. */
  function errorOf(build: () => void): string {
    try {
      build();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an error');
  }

  test('every problem with the target props is reported in one error of the target, naming its path', () => {
    const stack = newStack();
    const message = errorOf(() => replicate(stack, {
      tableBucketName: 'Bad_Name', lakeFormationRole: iam.Role.fromRoleName(stack, 'LfRole', 'S3TablesRoleForLakeFormation'),
    }));
    expect(message).toMatch(/^S3TablesTarget 'TestStack\/Replication\/Target' cannot be created:\n/);
    expect(message.split('\n  - ')).toHaveLength(3);
    expect(message).toMatch(/tableBucketName 'Bad_Name' may only contain[\s\S]*lakeFormationRole only applies with accessMode/);
  });

  test('every problem with the table and the integration settings is reported in one error of the integration, naming its path', () => {
    const stack = newStack();
    const table = ordersTable(stack, { tableName: undefined, pointInTimeRecoverySpecification: undefined });
    const message = errorOf(() => replicate(stack, { table, integrationName: '' }));
    expect(message).toMatch(/^DynamoDbZeroEtlIntegration 'TestStack\/Replication\/Integration-Orders' cannot be created:\n/);
    expect(message.split('\n  - ')).toHaveLength(4);
    expect(message).toMatch(/no explicit name[\s\S]*point-in-time recovery[\s\S]*integrationName ''/);
  });
});

describe('cdk-nag', () => {
  test.each(['us-east-1', 'cn-north-1', 'us-gov-west-1'])('AwsSolutions raises only acknowledged findings (%s)', region => {
    const app = new App({ outdir: tempOutdir() });
    const stack = newStack(region, app);
    replicate(stack);
    const findings = nagFindings(app);
    expect(findings.length).toBeGreaterThan(0);
    expect(unacknowledged(findings)).toEqual([]);
  });
});

describe('addTable', () => {
  function customersTable(stack: Stack, props: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
    return new dynamodb.TableV2(stack, 'Customers', {
      tableName: 'Customers',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...props,
    });
  }

  test('adds one integration and nothing else', () => {
    const stack = newStack();
    const construct = replicate(stack);
    const baseline = newStack();
    replicate(baseline);
    const before = Object.keys(Template.fromStack(baseline).toJSON().Resources).length;
    const integration = construct.addTable(customersTable(stack));

    const template = Template.fromStack(stack);
    // The only resources added: the Customers table itself and its integration.
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(before + 2);
    template.resourceCountIs('AWS::Glue::Integration', 2);
    template.resourceCountIs('AWS::Glue::IntegrationResourceProperty', 1);
    template.resourceCountIs('AWS::S3Tables::TableBucket', 1);
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(integration.node.id).toBe('Integration-Customers');
    template.hasResourceProperties('AWS::Glue::Integration', {
      IntegrationName: integration.integrationName,
      SourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.node.findChild('Customers')), 'Arn'] },
      TargetArn: arn(`glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/orders-analytics`),
    });
    expect(integration.integrationName).not.toEqual(construct.integrations[0].integrationName);
    expect(integration.integrationName).toMatch(/^TestStack-Replication-IntegrationCustomers-[0-9A-F]{8}$/);
  });

  test('the added integration has the same dependencies as the first', () => {
    const stack = newStack();
    const construct = replicate(stack);
    const integration = construct.addTable(customersTable(stack));
    const resources = Template.fromStack(stack).toJSON().Resources;
    expect(resources[logicalId(stack, integration)].DependsOn).toEqual(resources[logicalId(stack, construct.integrations[0])].DependsOn);
  });

  test('one catalog statement lists every source table of the bucket', () => {
    const stack = newStack();
    replicate(stack).addTable(customersTable(stack), { integrationName: 'customers-to-lake' });
    const template = Template.fromStack(stack);
    const [props] = Object.values(template.findResources('Custom::GlueCatalogResourcePolicy')).map(r => r.Properties);
    expect(props.Statements).toHaveLength(2);
    expect(props.Statements[0].Condition.StringEquals['aws:SourceArn']).toEqual([
      arn(`dynamodb:us-east-1:${ACCOUNT}:table/Orders`),
      arn(`dynamodb:us-east-1:${ACCOUNT}:table/Customers`),
    ]);
    template.hasResourceProperties('AWS::Glue::Integration', { IntegrationName: 'customers-to-lake' });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'Customers',
      Replicas: [Match.objectLike({ ResourcePolicy: { PolicyDocument: { Statement: [Match.objectLike({ Sid: 'AllowGlueZeroEtlExport' })] } } })],
    });
  });

  test('the same table twice is rejected', () => {
    const stack = newStack();
    const orders = ordersTable(stack);
    const construct = replicate(stack, { table: orders });
    expect(() => construct.addTable(orders)).toThrow(
      "addTable(Orders) on 'TestStack/Replication' is invalid:\n" +
      "  - table 'Orders' is already replicated into this target by 'TestStack/Replication/Integration-Orders': Glue allows one integration per source table and target");
  });

  test('an added table is validated like the first', () => {
    const stack = newStack();
    const construct = replicate(stack);
    expect(() => construct.addTable(customersTable(stack, { pointInTimeRecoverySpecification: undefined }), { integrationName: 'x'.repeat(129) }))
      .toThrow(/table 'TestStack\/Customers' does not have point-in-time recovery[\s\S]*integrationName 'x+' is 129 characters long/);
  });
});
