import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { grantCall, grantCalls } from './lake-formation-grants';
import { ACCOUNT, newStack, table } from './stacks';
import { CatalogAccessMode, DynamoDbZeroEtlIntegration, DynamoDbZeroEtlToGlueDatabase, GlueDatabaseTarget, GlueDatabaseTargetProps } from '../src';

const TARGET_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/lakehouse-target`;
const ANALYSTS_ARN = `arn:aws:iam::${ACCOUNT}:role/analysts`;
const DATABASE = { Database: { CatalogId: ACCOUNT, Name: 'analytics' } };
const TABLES = { Table: { CatalogId: ACCOUNT, DatabaseName: 'analytics', TableWildcard: {} } };

function lakeFormationTarget(stack: Stack, props: Partial<GlueDatabaseTargetProps> = {}): GlueDatabaseTarget {
  return new GlueDatabaseTarget(stack, 'Lakehouse', {
    databaseName: 'analytics',
    bucket: s3.Bucket.fromBucketName(stack, 'Lake', 'company-lake'),
    accessMode: CatalogAccessMode.LAKE_FORMATION,
    targetRole: iam.Role.fromRoleArn(stack, 'TargetRole', TARGET_ROLE_ARN),
    ...props,
  });
}

describe('GlueDatabaseTarget in Lake Formation mode', () => {
  test('IAM mode (the default) makes no Lake Formation grant', () => {
    const stack = newStack();
    const lakehouse = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    lakehouse.grantRead(iam.Role.fromRoleArn(stack, 'Analysts', ANALYSTS_ARN));
    expect(lakehouse.accessMode).toBe(CatalogAccessMode.IAM);
    Template.fromStack(stack).resourceCountIs('Custom::AWS', 0);
  });

  test('the target role may create, alter and drop tables in the database, one grant after the other; no data location grant', () => {
    const stack = newStack();
    lakeFormationTarget(stack);
    const expected: Array<[object, string[]]> = [
      [DATABASE, ['CREATE_TABLE', 'ALTER', 'DROP', 'DESCRIBE']],
      [TABLES, ['ALTER', 'DROP', 'DESCRIBE', 'SELECT', 'INSERT', 'DELETE']],
    ];
    const calls = grantCalls(stack, TARGET_ROLE_ARN);
    expect(calls.map(call => call.Create)).toEqual(expected.map(([resource, permissions]) => grantCall('grantPermissions', TARGET_ROLE_ARN, resource, permissions)));
    expect(calls.map(call => call.Delete)).toEqual(expected.map(([resource, permissions]) => grantCall('revokePermissions', TARGET_ROLE_ARN, resource, permissions)));
    const grants = Template.fromStack(stack).findResources('Custom::AWS');
    const ids = Object.keys(grants);
    expect(grants[ids[1]].DependsOn).toContain(ids[0]);
    expect(JSON.stringify(grants)).not.toContain('DATA_LOCATION_ACCESS');
  });

  test('integrations wait for the target role\'s grants, which wait for the resource property', () => {
    const stack = newStack();
    const lakehouse = lakeFormationTarget(stack);
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', { table: table(stack, 'orders'), target: lakehouse });
    const template = Template.fromStack(stack);
    const [first] = Object.keys(template.findResources('Custom::AWS'));
    const [property] = Object.keys(template.findResources('AWS::Glue::IntegrationResourceProperty'));
    expect(template.findResources('Custom::AWS')[first].DependsOn).toContain(property);
    const integration = Object.values(template.findResources('AWS::Glue::Integration'))[0];
    expect(integration.DependsOn).toEqual(expect.arrayContaining([property, ...Object.keys(template.findResources('Custom::AWS'))]));
  });

  test('grantRead: DESCRIBE on the database and SELECT, DESCRIBE on its tables; in IAM the Glue reads and GetDataAccess, no S3', () => {
    const stack = newStack();
    const lakehouse = lakeFormationTarget(stack);
    const analysts = new iam.Role(stack, 'Analysts', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'analysts' });
    lakehouse.grantRead(analysts);
    lakehouse.grantRead(analysts);
    const template = Template.fromStack(stack);
    const reads = Object.values(template.findResources('Custom::AWS')).filter(r => JSON.stringify(r.Properties.Create).includes('Analysts'));
    // Granted once, however often grantRead is called: a database grant and a tables grant.
    expect(reads).toHaveLength(2);
    const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Analysts') }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables'],
            Resource: [
              arn(`:glue:us-east-1:${ACCOUNT}:catalog`),
              arn(`:glue:us-east-1:${ACCOUNT}:database/analytics`),
              arn(`:glue:us-east-1:${ACCOUNT}:table/analytics/*`),
            ],
          },
          { Effect: 'Allow', Action: 'lakeformation:GetDataAccess', Resource: '*' },
        ],
      },
    });
  });

  test('grantRead of an imported role names its ARN', () => {
    const stack = newStack();
    lakeFormationTarget(stack).grantRead(iam.Role.fromRoleArn(stack, 'Analysts', ANALYSTS_ARN));
    expect(grantCalls(stack, ANALYSTS_ARN).map(call => call.Create)).toEqual([
      grantCall('grantPermissions', ANALYSTS_ARN, DATABASE, ['DESCRIBE']),
      grantCall('grantPermissions', ANALYSTS_ARN, TABLES, ['SELECT', 'DESCRIBE']),
    ]);
  });

  test('grantRead of a service principal is rejected: Lake Formation grants roles and users', () => {
    const stack = newStack();
    expect(() => lakeFormationTarget(stack).grantRead(new iam.ServicePrincipal('athena.amazonaws.com')))
      .toThrow(/Lake Formation grants IAM roles and users, by ARN/);
  });

  test('without a resource property of its own, it warns with what to grant the target role', () => {
    const stack = newStack();
    new GlueDatabaseTarget(stack, 'Lakehouse', {
      existingDatabaseName: 'analytics',
      bucket: s3.Bucket.fromBucketName(stack, 'Lake', 'company-lake'),
      prefix: 'analytics',
      createIntegrationResourceProperty: false,
      accessMode: CatalogAccessMode.LAKE_FORMATION,
    });
    Annotations.fromStack(stack).hasWarning('/TestStack/Lakehouse', Match.stringLikeRegexp('CREATE_TABLE, ALTER, DROP and DESCRIBE on the database analytics, and its tables'));
    Template.fromStack(stack).resourceCountIs('Custom::AWS', 0);
  });

  test('with autoDeleteReplicatedData, the handler role may list and drop the tables before the custom resource runs', () => {
    const stack = newStack();
    new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', {
      table: table(stack, 'orders'),
      databaseName: 'analytics',
      accessMode: CatalogAccessMode.LAKE_FORMATION,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteReplicatedData: true,
    });
    const template = Template.fromStack(stack);
    const grants = template.findResources('Custom::AWS');
    const handlerGrants = Object.keys(grants).filter(id => id.startsWith('ReplicationTargetAutoDeleteLakeFormationPermissions'));
    expect(handlerGrants).toHaveLength(2);
    const create = JSON.stringify(grants[handlerGrants[1]].Properties.Create);
    expect(create).toContain('DynamoDbZeroEtlAutoDeleteCustomResourceProviderRole');
    expect(create).toContain('\\"Permissions\\":[\\"DROP\\",\\"DESCRIBE\\"]');
    const [autoDelete] = Object.values(template.findResources('Custom::ZeroEtlAutoDeleteReplicatedData'));
    expect(autoDelete.DependsOn).toEqual(expect.arrayContaining(handlerGrants.slice(-1)));
  });
});
