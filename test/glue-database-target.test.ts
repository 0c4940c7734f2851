import { App, Duration, Fn, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { zeroEtlMonitoringStatements } from './expected-statements';
import { tempOutdir } from './nag';
import {
  DynamoDbZeroEtlIntegration, DynamoDbZeroEtlToGlueDatabase, GlueDatabaseTarget, GlueDatabaseTargetProps, S3TablesTarget, UnnestSpec,
} from '../src';

const ACCOUNT = '111122223333';
const partition = { Ref: 'AWS::Partition' };
const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', partition, rest]] });
const CATALOG = arn(`:glue:us-east-1:${ACCOUNT}:catalog`);
const DATABASE = arn(`:glue:us-east-1:${ACCOUNT}:database/analytics`);

function newStack(app = new App({ outdir: tempOutdir() }), id = 'TestStack', env = { account: ACCOUNT, region: 'us-east-1' }): Stack {
  return new Stack(app, id, { env });
}

/** An existing database `analytics` located at s3://company-lake/analytics/. */
function existingDatabase(stack: Stack) {
  return { existingDatabaseName: 'analytics', bucket: s3.Bucket.fromBucketName(stack, 'Lake', 'company-lake'), prefix: 'analytics' };
}

function table(stack: Stack, name = 'Orders'): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, name, {
    tableName: name,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

/** The statements the Glue guide lists for this target, for `bucketArn` and the object resource `objects`. */
function roleStatements(bucketArn: unknown, objects: unknown, database = 'analytics') {
  const databaseArn = arn(`:glue:us-east-1:${ACCOUNT}:database/${database}`);
  return [
    { Sid: 'ListBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
    { Sid: 'ObjectsInLocation', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: objects },
    { Sid: 'GetDatabase', Effect: 'Allow', Action: 'glue:GetDatabase', Resource: [CATALOG, databaseArn] },
    {
      Sid: 'TablesInDatabase',
      Effect: 'Allow',
      Action: [
        'glue:CreateTable', 'glue:GetTable', 'glue:GetTables', 'glue:DeleteTable', 'glue:UpdateTable',
        'glue:GetTableVersion', 'glue:GetTableVersions', 'glue:GetResourcePolicy',
      ],
      Resource: [CATALOG, databaseArn, arn(`:glue:us-east-1:${ACCOUNT}:table/${database}/*`)],
    },
    ...zeroEtlMonitoringStatements(),
  ];
}

describe('a new database on a new bucket', () => {
  test('the bucket has data-lake defaults and is kept', () => {
    const stack = newStack();
    new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  test('the database is in the account\'s catalog, located at s3://<bucket>/<database>/, and kept', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    const bucket = stack.getLogicalId(target.bucket.node.defaultChild as s3.CfnBucket);
    Template.fromStack(stack).hasResource('AWS::Glue::Database', {
      Properties: {
        CatalogId: ACCOUNT,
        DatabaseInput: { Name: 'analytics', LocationUri: { 'Fn::Join': ['', ['s3://', { Ref: bucket }, '/analytics/']] } },
      },
      DeletionPolicy: 'Retain',
    });
    expect(target.prefix).toBe('analytics');
  });

  test('removalPolicy applies to the bucket and the database; versioned: false turns versioning off', () => {
    const stack = newStack();
    new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics', removalPolicy: RemovalPolicy.DESTROY, versioned: false });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ VersioningConfiguration: Match.absent() }) });
    template.hasResource('AWS::Glue::Database', { DeletionPolicy: 'Delete' });
  });

  test('the role trusts glue.amazonaws.com and has exactly the Glue guide\'s statements on the bucket and prefix', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(target.bucket.node.defaultChild as s3.CfnBucket), 'Arn'] };
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: roleStatements(bucketArn, { 'Fn::Join': ['', [bucketArn, '/analytics/*']] }) },
    });
  });

  test('a customer managed key encrypts the bucket; the role may use it and it is the resource property\'s KmsArn', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics', encryptionKey: key });
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(target.bucket.node.defaultChild as s3.CfnBucket), 'Arn'] };
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          ...roleStatements(bucketArn, { 'Fn::Join': ['', [bucketArn, '/analytics/*']] }),
          { Sid: 'LocationKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn },
        ],
      },
    });
    template.hasResourceProperties('AWS::Glue::IntegrationResourceProperty', { TargetProcessingProperties: { KmsArn: keyArn } });
  });
});

describe('an existing bucket and prefix', () => {
  test('no bucket is created; the database and the role\'s object grant use the prefix', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Lake', 'company-lake');
    new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics', bucket, prefix: 'zero-etl/analytics' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'analytics', LocationUri: 's3://company-lake/zero-etl/analytics/' } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: roleStatements(arn(':s3:::company-lake'), arn(':s3:::company-lake/zero-etl/analytics/*')) },
    });
  });

  test('an empty prefix locates the database at the bucket root', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics', bucket: s3.Bucket.fromBucketName(stack, 'Lake', 'company-lake'), prefix: '' });
    expect(target.locationUri).toBe('s3://company-lake/');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: roleStatements(arn(':s3:::company-lake'), arn(':s3:::company-lake/*')) },
    });
  });

  test('the key of an existing bucket defined in the app is used by default', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Lake', { encryptionKey: key, enforceSSL: true });
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics', bucket });
    expect(target.encryptionKey).toBe(key);
  });
});

describe('an existing database', () => {
  test('no database or bucket is created; the role and the resource property name the database', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', existingDatabase(stack));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Glue::Database', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: roleStatements(arn(':s3:::company-lake'), arn(':s3:::company-lake/analytics/*')) },
    });
    template.hasResourceProperties('AWS::Glue::IntegrationResourceProperty', { ResourceArn: DATABASE });
    expect(target.database).toBeUndefined();
    expect(target.locationUri).toBe('s3://company-lake/analytics/');
  });

  test('createIntegrationResourceProperty: false creates no role and no property; integrations wait for nothing of the target', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { ...existingDatabase(stack), createIntegrationResourceProperty: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::Glue::IntegrationResourceProperty', 0);
    expect(target.targetRole).toBeUndefined();
    expect(target.bind(new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', { table: table(stack), target })).dependencies).toEqual([]);
  });
});

describe('integration resource property', () => {
  test('on the database ARN, with the role; it depends on the role policy and the database', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    const template = Template.fromStack(stack);
    const role = stack.getLogicalId(target.targetRole!.node.defaultChild as iam.CfnRole);
    const policy = Object.keys(template.findResources('AWS::IAM::Policy'))[0];
    template.hasResource('AWS::Glue::IntegrationResourceProperty', {
      Properties: { ResourceArn: DATABASE, TargetProcessingProperties: { RoleArn: { 'Fn::GetAtt': [role, 'Arn'] } } },
      DependsOn: [stack.getLogicalId(target.database!), policy].sort(),
    });
  });

  test('a second property for the same database, made by hand, fails synthesis with both paths', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    new glue.CfnIntegrationResourceProperty(stack, 'ByHand', {
      resourceArn: target.targetArn, targetProcessingProperties: { roleArn: 'arn:aws:iam::111122223333:role/other' },
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /'TestStack\/Lakehouse\/ResourceProperty' and 'TestStack\/ByHand' are both integration resource properties for target .*database\/analytics.*Glue allows one per target/);
  });

  test('a bring-your-own role gets the statements; an imported one also raises a warning with them', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', `arn:aws:iam::${ACCOUNT}:role/lakehouse`, { mutable: false });
    new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics', targetRole: role });
    Annotations.fromStack(stack).hasWarning('/TestStack/Lakehouse',
      Match.stringLikeRegexp('The target role is imported.*glue:GetDatabase.*table/analytics/\\*'));
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::IntegrationResourceProperty', {
      TargetProcessingProperties: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/lakehouse` },
    });
  });
});

describe('binding', () => {
  test('gives the database ARN, the resource property to wait for and the catalog and database as catalog resources', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    const config = target.bind(new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', { table: table(stack), target }));
    expect(stack.resolve(target.targetArn)).toEqual(DATABASE);
    expect(config.dependencies).toEqual([target.integrationResourceProperty]);
    expect(stack.resolve(config.catalogResourceArns)).toEqual([CATALOG, DATABASE]);
    expect(stack.resolve(config.accountWideCatalogResourceArns)).toEqual([CATALOG, arn(`:glue:us-east-1:${ACCOUNT}:database/*`)]);
  });

  test('an integration renders the database ARN as TargetArn and the Glue guide\'s catalog policy statements on catalog and database', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', { table: table(stack), target });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Glue::Integration', { TargetArn: DATABASE });
    const statements = Object.values(template.findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties.Statements;
    const orders = arn(`:dynamodb:us-east-1:${ACCOUNT}:table/Orders`);
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'glue.amazonaws.com' },
        Action: 'glue:AuthorizeInboundIntegration',
        Resource: [CATALOG, DATABASE],
        Condition: { StringEquals: { 'aws:SourceArn': [orders] } },
      }),
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: arn(`:iam::${ACCOUNT}:root`) },
        Action: 'glue:CreateInboundIntegration',
        Resource: [CATALOG, DATABASE],
        Condition: { ArnLike: { 'aws:SourceArn': arn(`:dynamodb:us-east-1:${ACCOUNT}:table/*`) } },
      }),
    ]);
  });

  test('an integration in another account is rejected: a limit of this library', () => {
    const app = new App({ outdir: tempOutdir() });
    const target = new GlueDatabaseTarget(newStack(app, 'Lakehouse'), 'Lakehouse', { databaseName: 'analytics' });
    const stack = newStack(app, 'Elsewhere', { account: '444455556666', region: 'us-east-1' });
    expect(() => new DynamoDbZeroEtlIntegration(stack, 'ToLakehouse', { table: table(stack), target })).toThrow(
      "DynamoDbZeroEtlIntegration 'Elsewhere/ToLakehouse' cannot be created:\n  - target 'Lakehouse/Lakehouse' is in account '111122223333' " +
      "but the stack is in account '444455556666'. This library replicates within one account and region (a limit of this library, not of Glue): " +
      "define the construct in a stack with account '111122223333'.");
  });

  test('integrations in other stacks share the target: their stacks depend on its stack and create no target resources', () => {
    const app = new App({ outdir: tempOutdir() });
    const target = new GlueDatabaseTarget(newStack(app, 'Lakehouse'), 'Lakehouse', { databaseName: 'analytics' });
    const stacks = ['Orders', 'Customers'].map(name => {
      const stack = newStack(app, `${name}Stack`);
      new DynamoDbZeroEtlIntegration(stack, 'ToLakehouse', { table: table(stack, name), target });
      return stack;
    });
    const assembly = app.synth();
    for (const stack of stacks) {
      expect(assembly.getStackByName(stack.stackName).dependencies.map(d => d.id)).toContain('Lakehouse');
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Glue::Database', 0);
      template.resourceCountIs('AWS::Glue::IntegrationResourceProperty', 0);
      template.hasResourceProperties('AWS::Glue::Integration', { TargetArn: DATABASE });
    }
  });

  test('target table properties name the database ARN as ResourceArn', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', {
      table: table(stack), target, targetTableProperties: { unnestSpec: UnnestSpec.TOPLEVEL, targetTableName: 'orders' },
    });
    const create = Object.values(Template.fromStack(stack).findResources('Custom::AWS'))[0].Properties.Create;
    expect(JSON.stringify(create)).toContain(`:glue:us-east-1:${ACCOUNT}:database/analytics\\",\\"TableName\\":\\"Orders\\"`);
  });
});

describe('one target per database in an app', () => {
  test('a second target with the same database name, even in another stack, names both paths and the fix', () => {
    const app = new App({ outdir: tempOutdir() });
    new GlueDatabaseTarget(newStack(app, 'First'), 'Lakehouse', { databaseName: 'analytics' });
    expect(() => new GlueDatabaseTarget(newStack(app, 'Second'), 'Lakehouse', { databaseName: 'analytics' })).toThrow(
      "GlueDatabaseTarget 'Second/Lakehouse' cannot be created:\n  - Glue database 'analytics' is already the target of 'First/Lakehouse'. " +
      'CloudFormation would create the database twice and Glue allows one integration resource property per target: ' +
      'pass that GlueDatabaseTarget to both integrations instead of creating a second one.');
  });

  test('an existing database that another target creates is rejected', () => {
    const stack = newStack();
    new GlueDatabaseTarget(stack, 'New', { databaseName: 'analytics' });
    expect(() => new GlueDatabaseTarget(stack, 'Existing', existingDatabase(stack))).toThrow(/Glue database 'analytics' is already the target of 'TestStack\/New'/);
  });

  test('the same name in another region, or in another app, is accepted', () => {
    const app = new App({ outdir: tempOutdir() });
    new GlueDatabaseTarget(newStack(app, 'One'), 'Lakehouse', { databaseName: 'analytics' });
    expect(() => new GlueDatabaseTarget(newStack(app, 'Two', { account: ACCOUNT, region: 'eu-west-1' }), 'Lakehouse', { databaseName: 'analytics' })).not.toThrow();
    expect(() => new GlueDatabaseTarget(newStack(), 'Lakehouse', { databaseName: 'analytics' })).not.toThrow();
  });
});

describe('validation', () => {
  const lake = (stack: Stack) => s3.Bucket.fromBucketName(stack, 'Lake', 'company-lake');
  const RULES = /\(https:\/\/docs\.aws\.amazon\.com\/glue\/latest\/webapi\/API_DatabaseInput\.html, https:\/\/docs\.aws\.amazon\.com\/glue\/latest\/dg\/zero-etl-target\.html\)/;

  test.each(['analytics', 'orders_2024', 'a', 'x'.repeat(255)])('database name %s is accepted', name => {
    expect(() => new GlueDatabaseTarget(newStack(), 'Lakehouse', { databaseName: name })).not.toThrow();
  });

  test.each([
    ['orders-analytics', /databaseName 'orders-analytics' may only contain lowercase letters, digits and underscores: zero-ETL rejects other characters \("contains invalid characters"\)/],
    ['Analytics', /databaseName 'Analytics' may only contain lowercase letters, digits and underscores/],
    ['', /databaseName '' is 0 characters long; a Glue database name has 1 to 255/],
    ['x'.repeat(256), /is 256 characters long; a Glue database name has 1 to 255/],
  ])('database name %s is rejected with the rule and its sources', (name, message) => {
    expect(() => new GlueDatabaseTarget(newStack(), 'Lakehouse', { databaseName: name })).toThrow(message);
    expect(() => new GlueDatabaseTarget(newStack(), 'Lakehouse', { databaseName: name })).toThrow(RULES);
  });

  test('an existing database name follows the same rules', () => {
    const stack = newStack();
    expect(() => new GlueDatabaseTarget(stack, 'Lakehouse', { existingDatabaseName: 'my-db', bucket: lake(stack), prefix: '' }))
      .toThrow(/existingDatabaseName 'my-db' may only contain lowercase letters, digits and underscores/);
  });

  test('an unresolved database name is not checked', () => {
    expect(() => new GlueDatabaseTarget(newStack(), 'Lakehouse', { databaseName: Lazy.string({ produce: () => 'Not-Valid' }) })).not.toThrow();
    expect(() => new GlueDatabaseTarget(newStack(), 'Lakehouse', { databaseName: Fn.importValue('DatabaseName') })).not.toThrow();
  });

  const cases: Array<[string, (stack: Stack) => GlueDatabaseTargetProps, RegExp]> = [
    ['neither name', () => ({}), /give exactly one of databaseName \(a database to create\) and existingDatabaseName \(a database that exists\)\./],
    ['both names', () => ({ databaseName: 'a', existingDatabaseName: 'b' }), /give exactly one of databaseName/],
    ['an existing database without its location', () => ({ existingDatabaseName: 'analytics' }),
      /existingDatabaseName needs bucket and prefix, the location the database lives on \(its LocationUri, s3:\/\/<bucket>\/<prefix>\/\): the target role is granted access there\. Give both\./],
    ['an existing database without its prefix', stack => ({ existingDatabaseName: 'analytics', bucket: lake(stack) }), /existingDatabaseName needs bucket and prefix/],
    ['removalPolicy with an existing database', stack => ({ existingDatabaseName: 'analytics', bucket: lake(stack), prefix: '', removalPolicy: RemovalPolicy.DESTROY }),
      /removalPolicy only applies to a database and bucket this construct creates, not to existingDatabaseName\./],
    ['versioned with an existing bucket', stack => ({ databaseName: 'analytics', bucket: lake(stack), versioned: true }),
      /versioned only applies to a bucket this construct creates: set versioning on the bucket you pass as bucket\./],
    ['a prefix with a leading slash', () => ({ databaseName: 'analytics', prefix: '/data' }),
      /prefix '\/data' must not begin or end with '\/': the location is s3:\/\/<bucket>\/<prefix>\/\. Remove the slashes\./],
    ['a prefix with a trailing slash', () => ({ databaseName: 'analytics', prefix: 'data/' }), /prefix 'data\/' must not begin or end with '\/'/],
    ['a prefix with a wildcard', () => ({ databaseName: 'analytics', prefix: 'data*' }),
      /prefix 'data\*' must not contain '\*' or '\?': they would widen the target role's S3 grant beyond the location\./],
    ['no resource property for a new database', () => ({ databaseName: 'analytics', createIntegrationResourceProperty: false }),
      /createIntegrationResourceProperty: false needs existingDatabaseName: a database created here has no resource property yet\./],
    ['a role without a resource property', stack => ({
      existingDatabaseName: 'analytics',
      bucket: lake(stack),
      prefix: '',
      createIntegrationResourceProperty: false,
      targetRole: iam.Role.fromRoleName(stack, 'Role', 'lakehouse'),
    }), /targetRole is only used by the integration resource property this construct creates/],
  ];
  test.each(cases)('%s is rejected', (_name, props, message) => {
    const stack = newStack();
    expect(() => new GlueDatabaseTarget(stack, 'Lakehouse', props(stack))).toThrow(message);
  });

  test.each<[string, (stack: Stack) => GlueDatabaseTargetProps]>([
    ['an existing database with its location', stack => ({ existingDatabaseName: 'analytics', bucket: lake(stack), prefix: 'data/analytics' })],
    ['versioned on a new bucket', () => ({ databaseName: 'analytics', versioned: false })],
    ['a nested prefix', () => ({ databaseName: 'analytics', prefix: 'zero-etl/analytics' })],
    ['no resource property for an existing database', stack => ({
      existingDatabaseName: 'analytics', bucket: lake(stack), prefix: '', createIntegrationResourceProperty: false,
    })],
  ])('%s is accepted', (_name, props) => {
    const stack = newStack();
    expect(() => new GlueDatabaseTarget(stack, 'Lakehouse', props(stack))).not.toThrow();
  });

  test('every problem is reported at once, with the construct path', () => {
    expect(() => new GlueDatabaseTarget(newStack(), 'Lakehouse', { databaseName: 'My-Db', prefix: '/x*' })).toThrow(
      /^GlueDatabaseTarget 'TestStack\/Lakehouse' cannot be created:\n {2}- databaseName 'My-Db' may only contain[^\n]*\n {2}- prefix '\/x\*' must not begin[^\n]*\n {2}- prefix '\/x\*' must not contain/);
  });
});

describe('DynamoDbZeroEtlToGlueDatabase', () => {
  test('one line: a bucket, a database, a role, a resource property and an integration into the database', () => {
    const stack = newStack();
    const construct = new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: table(stack), databaseName: 'analytics' });
    const template = Template.fromStack(stack);
    for (const [type, count] of Object.entries({
      'AWS::S3::Bucket': 1, 'AWS::Glue::Database': 1, 'AWS::Glue::IntegrationResourceProperty': 1, 'AWS::Glue::Integration': 1,
    })) {
      template.resourceCountIs(type, count);
    }
    template.hasResourceProperties('AWS::Glue::Integration', { TargetArn: DATABASE });
    expect(construct.target.node.path).toBe('TestStack/Replication/Target');
    expect(construct.integrations.map(integration => integration.node.path)).toEqual(['TestStack/Replication/Integration-Orders']);
  });

  test('addTable adds an integration into the same database; a table added twice is rejected', () => {
    const stack = newStack();
    const construct = new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: table(stack), databaseName: 'analytics' });
    const customers = table(stack, 'Customers');
    construct.addTable(customers);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Glue::Integration', 2);
    template.resourceCountIs('AWS::Glue::IntegrationResourceProperty', 1);
    expect(() => construct.addTable(customers)).toThrow(
      /^addTable\(Customers\) on 'TestStack\/Replication' is invalid:\n {2}- table 'Customers' is already replicated into this target by 'TestStack\/Replication\/Integration-Customers'/);
  });

  test('two bad target props are reported in one error of the target', () => {
    const stack = newStack();
    expect(() => new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: table(stack), databaseName: 'bad-name', prefix: '/data' })).toThrow(
      /^GlueDatabaseTarget 'TestStack\/Replication\/Target' cannot be created:\n {2}- databaseName 'bad-name' may only contain[^\n]*\n {2}- prefix '\/data' must not begin or end with '\/'/);
  });

  test('two bad table and integration settings are reported in one error of the integration', () => {
    const stack = newStack();
    const noPitr = new dynamodb.TableV2(stack, 'NoPitr', { tableName: 'NoPitr', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    expect(() => new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: noPitr, databaseName: 'analytics', refreshInterval: Duration.minutes(5) })).toThrow(
      /^DynamoDbZeroEtlIntegration 'TestStack\/Replication\/Integration-NoPitr' cannot be created:\n {2}- table 'TestStack\/NoPitr' does not have point-in-time recovery[^\n]*\n {2}- refreshInterval 5 minutes is not a whole number of minutes from 15/);
  });

  test('an existing bucket and database, with a bucket key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const construct = new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: table(stack), ...existingDatabase(stack), encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Glue::Database', 0);
    expect(construct.target.encryptionKey).toBe(key);
    template.hasResourceProperties('AWS::Glue::IntegrationResourceProperty', { ResourceArn: DATABASE });
  });

  test('the one-liner and a building-block target for one database in one app are rejected', () => {
    const stack = newStack();
    new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics' });
    expect(() => new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: table(stack), databaseName: 'analytics' }))
      .toThrow(/GlueDatabaseTarget 'TestStack\/Replication\/Target' cannot be created:\n {2}- Glue database 'analytics' is already the target of 'TestStack\/Lakehouse'/);
  });

  test('an S3 Tables target and a Glue database target in one stack share the catalog policy resource', () => {
    const stack = newStack();
    new DynamoDbZeroEtlToGlueDatabase(stack, 'ToLakehouse', { table: table(stack), databaseName: 'analytics' });
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    new DynamoDbZeroEtlIntegration(stack, 'CustomersToLake', { table: table(stack, 'Customers'), target: lake });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::GlueCatalogResourcePolicy', 1);
    expect(Object.values(template.findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties.Statements).toHaveLength(3);
  });
});

describe('grantRead', () => {
  const readActions = ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables'];
  const TABLES = arn(`:glue:us-east-1:${ACCOUNT}:table/analytics/*`);

  test('the Glue read actions on catalog, database and tables; ListBucket on the bucket and GetObject under the prefix', () => {
    const stack = newStack();
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', existingDatabase(stack));
    const role = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    expect(target.grantRead(role).success).toBe(true);
    const bucketArn = arn(':s3:::company-lake');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: readActions, Resource: [CATALOG, DATABASE, TABLES] },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', ['arn:', partition, ':s3:::company-lake/analytics/*']] } },
        ],
        Version: '2012-10-17',
      },
    });
  });

  test('with a key: kms:Decrypt on it too', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const target = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'analytics', encryptionKey: key });
    const role = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    target.grantRead(role);
    const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(target.bucket.node.defaultChild as s3.CfnBucket), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: readActions, Resource: [CATALOG, DATABASE, TABLES] },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [bucketArn, '/analytics/*']] } },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
        ],
      },
    });
  });
});
