import { Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ACCOUNT, newStack, table } from './stacks';
import {
  DynamoDbZeroEtlToRedshift, DynamoDbZeroEtlToRedshiftIntegration, RedshiftClusterTarget, RedshiftServerlessTarget,
} from '../src';

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const tableArn = (name: string) => partitionArn(`:dynamodb:us-east-1:${ACCOUNT}:table/${name}`);

function cluster(stack: Stack, overrides: Partial<redshift.CfnClusterProps> = {}, caseSensitive = 'true') {
  const parameterGroup = new redshift.CfnClusterParameterGroup(stack, 'Parameters', {
    description: 'zero-ETL',
    parameterGroupFamily: 'redshift-1.0',
    parameters: [{ parameterName: 'enable_case_sensitive_identifier', parameterValue: caseSensitive }],
  });
  const cfnCluster = new redshift.CfnCluster(stack, 'Cluster', {
    clusterType: 'single-node',
    dbName: 'dev',
    masterUsername: 'admin',
    manageMasterPassword: true,
    nodeType: 'ra3.large',
    encrypted: true,
    clusterParameterGroupName: parameterGroup.ref,
    ...overrides,
  });
  return { cluster: cfnCluster, parameterGroup };
}

describe('DynamoDbZeroEtlToRedshift, by default', () => {
  const stack = newStack();
  const replication = new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: table(stack, 'Orders'), databaseName: 'orders' });
  replication.addTable(table(stack, 'Customers'));
  const template = Template.fromStack(stack);

  test('creates a Serverless namespace and a workgroup with case-sensitive identifiers, not publicly accessible', () => {
    template.resourceCountIs('AWS::RedshiftServerless::Namespace', 1);
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      ConfigParameters: [{ ParameterKey: 'enable_case_sensitive_identifier', ParameterValue: 'true' }],
      PubliclyAccessible: false,
    });
  });

  test('keeps the namespace and its admin secret when removed', () => {
    template.hasResource('AWS::RedshiftServerless::Namespace', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  test('the namespace resource policy authorizes both source tables, and lets this account create integrations', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', {
      NamespaceResourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AuthorizeDynamoDbZeroEtl',
            Effect: 'Allow',
            Principal: { Service: 'redshift.amazonaws.com' },
            Action: 'redshift:AuthorizeInboundIntegration',
            Condition: { StringEquals: { 'aws:SourceArn': [tableArn('Orders'), tableArn('Customers')] } },
          },
          {
            Sid: 'CreateDynamoDbZeroEtl',
            Effect: 'Allow',
            Principal: { AWS: partitionArn(`:iam::${ACCOUNT}:root`) },
            Action: 'redshift:CreateInboundIntegration',
          },
        ],
      },
    });
  });

  test('one integration per table, from the table into the namespace, after the workgroup', () => {
    template.resourceCountIs('AWS::Redshift::Integration', 2);
    template.hasResource('AWS::Redshift::Integration', {
      Properties: {
        SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Orders'), 'Arn'] },
        TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ToRedshiftTargetNamespace'), 'Namespace.NamespaceArn'] },
        IntegrationName: Match.stringLikeRegexp('^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$'),
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^ToRedshiftTargetWorkgroup')]),
    });
  });

  test('the source table lets redshift.amazonaws.com export it for Redshift integrations of this account only', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'Orders',
      Replicas: [Match.objectLike({
        ResourcePolicy: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{
              Sid: 'AllowRedshiftZeroEtlExport',
              Effect: 'Allow',
              Principal: { Service: 'redshift.amazonaws.com' },
              Action: ['dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeTable', 'dynamodb:DescribeExport'],
              Resource: '*',
              Condition: {
                StringEquals: { 'aws:SourceAccount': ACCOUNT },
                ArnLike: { 'aws:SourceArn': partitionArn(`:redshift:us-east-1:${ACCOUNT}:integration:*`) },
              },
            }],
          },
        },
      })],
    });
  });

  test('creates each database from its integration with the admin secret, and keeps it on delete', () => {
    template.hasResourceProperties('Custom::RedshiftZeroEtlDatabase', {
      IntegrationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ToRedshiftIntegrationOrders'), 'IntegrationArn'] },
      DatabaseName: 'orders',
      WorkgroupName: Match.stringLikeRegexp('-wo$'),
      ConnectDatabaseName: 'dev',
      SecretArn: { Ref: Match.stringLikeRegexp('^ToRedshiftTargetAdminSecret') },
      DropDatabaseOnDelete: 'false',
    });
    // addTable's default database name is the table name in lowercase.
    template.hasResourceProperties('Custom::RedshiftZeroEtlDatabase', { DatabaseName: 'customers' });
  });

  test('exposes its integrations in order', () => {
    expect(replication.integrations.map(integration => integration.sourceTableName)).toEqual(['Orders', 'Customers']);
  });
});

describe('rules checked at synthesis', () => {
  const build = (props: Partial<ConstructorParameters<typeof DynamoDbZeroEtlToRedshift>[2]>, tableProps: Partial<dynamodb.TablePropsV2> = {}) => {
    const stack = newStack();
    const source = new dynamodb.TableV2(stack, 'Orders', {
      tableName: 'Orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...tableProps,
    });
    return () => new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: source, ...props });
  };

  test('lists every problem in one error: source table, integration name, encryption context, database name', () => {
    expect(build({
      integrationName: 'orders--to-redshift',
      additionalEncryptionContext: { team: 'analytics' },
      databaseName: 'Orders-DB',
    }, { pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } })).toThrow(new RegExp([
      "DynamoDbZeroEtlToRedshiftIntegration 'TestStack/ToRedshift/Integration-Orders' cannot be created:",
      "  - table 'TestStack/Orders' does not have point-in-time recovery \\(PITR\\) enabled.*",
      "  - integrationName 'orders--to-redshift' is not a Redshift integration name.*",
      '  - additionalEncryptionContext needs integrationEncryptionKey.*',
      "  - databaseName 'Orders-DB' is not a database name this construct accepts.*",
    ].join('\n')));
  });

  test('a valid name, a key with its context and a lowercase database name pass', () => {
    const stack = newStack();
    new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', {
      table: table(stack, 'Orders'),
      integrationName: 'orders-to-redshift',
      integrationEncryptionKey: new kms.Key(stack, 'Key'),
      additionalEncryptionContext: { team: 'analytics' },
      databaseName: 'orders_db',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Redshift::Integration', {
      IntegrationName: 'orders-to-redshift',
      KMSKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      AdditionalEncryptionContext: { team: 'analytics' },
    });
  });

  test('the shared source-table rules name the warehouse policy for Redshift', () => {
    const stack = newStack();
    const unnamed = new dynamodb.TableV2(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    expect(() => new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: unnamed, databaseName: 'orders' }))
      .toThrow(/has no explicit name\. The integration and the warehouse resource policy name the source table by ARN/);
  });

  test('an unresolved database name is not guessed', () => {
    expect(build({ databaseName: Lazy.string({ produce: () => 'Not-Checked' }) })).not.toThrow();
  });

  test('two integrations into one database of a target are refused', () => {
    const stack = newStack();
    const replication = new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: table(stack, 'Orders'), databaseName: 'sales' });
    expect(() => replication.addTable(table(stack, 'Customers'), { databaseName: 'sales' }))
      .toThrow(/databaseName 'sales' is already created in this Redshift target by 'TestStack\/ToRedshift\/Integration-Orders'/);
  });

  test('more than 50 integrations into one warehouse fail synthesis', () => {
    const stack = newStack();
    const replication = new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: table(stack, 'T0') });
    for (let i = 1; i <= 50; i++) {
      replication.addTable(table(stack, `T${i}`));
    }
    expect(() => Template.fromStack(stack)).toThrow(/51 zero-ETL integrations replicate into the Redshift target 'TestStack\/ToRedshift\/Target'; Redshift allows at most 50/);
  });

  test('50 integrations are fine', () => {
    const stack = newStack();
    const replication = new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: table(stack, 'T0') });
    for (let i = 1; i < 50; i++) {
      replication.addTable(table(stack, `T${i}`));
    }
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('existingTarget and the props of a new Serverless target are exclusive', () => {
    const stack = newStack();
    const warehouse = new RedshiftServerlessTarget(stack, 'Warehouse');
    expect(() => new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: table(stack, 'Orders'), existingTarget: warehouse, baseCapacity: 8 }))
      .toThrow(/baseCapacity configure a new Redshift Serverless target, which existingTarget replaces/);
  });

  test('Serverless names are checked', () => {
    const stack = newStack();
    expect(() => new RedshiftServerlessTarget(stack, 'Warehouse', { namespaceName: 'Sales', workgroupName: 'ab' }))
      .toThrow(/namespaceName 'Sales' must be 3 to 64 lowercase.*\n.*workgroupName 'ab' must be 3 to 64/);
  });
});

describe('RedshiftClusterTarget', () => {
  test('an RA3, encrypted cluster with case sensitivity on gets the namespace resource policy and is the target', () => {
    const stack = newStack();
    const target = new RedshiftClusterTarget(stack, 'Warehouse', cluster(stack));
    new DynamoDbZeroEtlToRedshiftIntegration(stack, 'OrdersToCluster', { table: table(stack, 'Orders'), target, databaseName: 'orders' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Redshift::Cluster', {
      NamespaceResourcePolicy: { Statement: Match.arrayWith([Match.objectLike({ Action: 'redshift:AuthorizeInboundIntegration' })]) },
    });
    template.hasResourceProperties('AWS::Redshift::Integration', {
      TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cluster'), 'ClusterNamespaceArn'] },
    });
    // The master user, through temporary credentials.
    template.hasResourceProperties('Custom::RedshiftZeroEtlDatabase', {
      ClusterIdentifier: { Ref: Match.stringLikeRegexp('^Cluster') },
      DbUser: 'admin',
      ConnectDatabaseName: 'dev',
    });
  });

  test('lists every cluster problem in one error', () => {
    const stack = newStack();
    expect(() => new RedshiftClusterTarget(stack, 'Warehouse', cluster(stack, { nodeType: 'dc2.large', encrypted: false }, 'false')))
      .toThrow(new RegExp([
        "RedshiftClusterTarget 'TestStack/Warehouse' cannot be created:",
        "  - cluster 'TestStack/Cluster' has node type 'dc2.large'; zero-ETL integrations need an RA3 node type.*",
        "  - cluster 'TestStack/Cluster' is not encrypted.*",
        "  - parameter group 'TestStack/Parameters' does not set enable_case_sensitive_identifier to 'true'.*",
      ].join('\n')));
  });

  test('a cluster without a parameter group of its own is refused', () => {
    const stack = newStack();
    expect(() => new RedshiftClusterTarget(stack, 'Warehouse', { cluster: cluster(stack, { clusterParameterGroupName: undefined }).cluster }))
      .toThrow(/has no parameter group: the default group has enable_case_sensitive_identifier off/);
  });

  test('a parameter group that is not passed is not checked, with a warning', () => {
    const stack = newStack();
    new RedshiftClusterTarget(stack, 'Warehouse', { cluster: cluster(stack).cluster });
    Annotations.fromStack(stack).hasWarning('/TestStack/Warehouse', Match.stringLikeRegexp('enable_case_sensitive_identifier could not be checked'));
  });

  test('with a secret, the secret signs in instead of the master user', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'Credentials');
    const target = new RedshiftClusterTarget(stack, 'Warehouse', { ...cluster(stack), secret });
    new DynamoDbZeroEtlToRedshiftIntegration(stack, 'OrdersToCluster', { table: table(stack, 'Orders'), target, databaseName: 'orders' });
    Template.fromStack(stack).hasResourceProperties('Custom::RedshiftZeroEtlDatabase', {
      SecretArn: { Ref: Match.stringLikeRegexp('^Credentials') },
      DbUser: Match.absent(),
    });
  });
});

describe('warehouses defined outside the app', () => {
  test('an existing cluster: a custom resource merges this stack\'s statements into its resource policy, before the integration', () => {
    const stack = newStack();
    const namespaceArn = `arn:aws:redshift:us-east-1:${ACCOUNT}:namespace:12345678-1234-1234-1234-123456789012`;
    const target = RedshiftClusterTarget.fromClusterAttributes(stack, 'Warehouse', { namespaceArn, clusterIdentifier: 'analytics', databaseUser: 'etl' });
    new DynamoDbZeroEtlToRedshiftIntegration(stack, 'OrdersToCluster', { table: table(stack, 'Orders'), target, databaseName: 'orders' });
    const template = Template.fromStack(stack);
    const policies = template.findResources('Custom::RedshiftResourcePolicy');
    expect(Object.keys(policies)).toHaveLength(1);
    const [policyId, policy] = Object.entries(policies)[0];
    const sidPrefix = policy.Properties.SidPrefix;
    expect(sidPrefix).toMatch(/^ZeroEtl[0-9a-f]{16}$/);
    expect(policy.Properties).toMatchObject({
      ResourceArn: namespaceArn,
      Statements: [
        {
          Sid: `${sidPrefix}AuthorizeDynamoDbZeroEtl`,
          Effect: 'Allow',
          Principal: { Service: 'redshift.amazonaws.com' },
          Action: 'redshift:AuthorizeInboundIntegration',
          Resource: namespaceArn,
          Condition: { StringEquals: { 'aws:SourceArn': [tableArn('Orders')] } },
        },
        { Sid: `${sidPrefix}CreateDynamoDbZeroEtl`, Action: 'redshift:CreateInboundIntegration', Resource: namespaceArn },
      ],
    });
    template.hasResource('AWS::Redshift::Integration', { Properties: { TargetArn: namespaceArn }, DependsOn: [policyId] });
    template.hasResourceProperties('Custom::RedshiftZeroEtlDatabase', { ClusterIdentifier: 'analytics', DbUser: 'etl' });
    // The handler may change this namespace's policy only.
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Effect: 'Allow',
            Action: ['redshift:GetResourcePolicy', 'redshift:PutResourcePolicy', 'redshift:DeleteResourcePolicy'],
            Resource: namespaceArn,
          }]),
        },
      }],
    });
  });

  test('an existing Serverless workgroup takes a secret; missing credentials are refused', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Admin', 'analytics-admin');
    const target = RedshiftServerlessTarget.fromWorkgroupAttributes(stack, 'Warehouse', {
      namespaceArn: `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:namespace/12345678-1234-1234-1234-123456789012`,
      workgroupName: 'analytics',
      workgroupArn: `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:workgroup/12345678-1234-1234-1234-123456789012`,
      secret,
    });
    new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: table(stack, 'Orders'), existingTarget: target });
    Template.fromStack(stack).hasResourceProperties('Custom::RedshiftZeroEtlDatabase', { WorkgroupName: 'analytics', DatabaseName: 'orders' });
    expect(() => RedshiftClusterTarget.fromClusterAttributes(stack, 'NoCredentials', { namespaceArn: 'arn', clusterIdentifier: 'c' }))
      .toThrow(/Give exactly one of secret and databaseUser/);
  });
});

describe('monitoring', () => {
  test('onFailureOrNeedsAttention matches the ERROR and WARNING event ids of aws.redshift for every integration', () => {
    const stack = newStack();
    const replication = new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: table(stack, 'Orders') });
    replication.onFailureOrNeedsAttention('Problems');
    replication.addTable(table(stack, 'Customers'));
    const integrationArn = (name: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^ToRedshiftIntegration${name}`), 'IntegrationArn'] });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.redshift'],
        'detail-type': ['Redshift Integration Monitoring', 'Redshift Integration Configuration', 'Redshift Integration Operation'],
        'detail': { eventId: Match.arrayWith(['REDSHIFT-INTEGRATION-EVENT-0006', 'REDSHIFT-INTEGRATION-EVENT-1001']) },
        '$or': [
          { resources: [integrationArn('Orders'), integrationArn('Customers')] },
          { detail: { integrationArn: [integrationArn('Orders'), integrationArn('Customers')] } },
        ],
      },
    });
  });

  test('onEvent of one integration matches all its events', () => {
    const stack = newStack();
    const replication = new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: table(stack, 'Orders') });
    replication.integrations[0].onEvent('All');
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.redshift'], detail: Match.absent() },
    });
  });
});
