import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { grantCall, grantCalls } from './lake-formation-grants';
import { tempOutdir } from './nag';
import { CatalogAccessMode, DynamoDbZeroEtlIntegration, DynamoDbZeroEtlToS3Tables, S3TablesTarget, S3TablesTargetProps } from '../src';
import { renderAsDeployed } from '../src/private/render-as-deployed';

const ACCOUNT = '111122223333';
const BUCKET_ARN = `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/shared-lake`;

function newStack(app = new App({ outdir: tempOutdir() }), id = 'TestStack', env = { account: ACCOUNT, region: 'us-east-1' }): Stack {
  return new Stack(app, id, { env });
}

function table(stack: Stack, name = 'Orders'): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, name, {
    tableName: name,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

describe('one target per table bucket in an app', () => {
  test('a second target with the same bucket name, even in another stack, names both paths and the fix', () => {
    const app = new App({ outdir: tempOutdir() });
    new S3TablesTarget(newStack(app, 'First'), 'Lake', { tableBucketName: 'shared-lake' });
    expect(() => new S3TablesTarget(newStack(app, 'Second'), 'Lake', { tableBucketName: 'shared-lake' })).toThrow(
      "S3TablesTarget 'Second/Lake' cannot be created:\n  - table bucket 'shared-lake' is already the target of 'First/Lake'. " +
      'CloudFormation would create the bucket twice and Glue allows one integration resource property per target: ' +
      'pass that S3TablesTarget to both integrations instead of creating a second one.');
  });

  test('a target for an existing bucket that another target creates is rejected', () => {
    const stack = newStack();
    new S3TablesTarget(stack, 'New', { tableBucketName: 'shared-lake' });
    expect(() => new S3TablesTarget(stack, 'Existing', { existingTableBucketArn: BUCKET_ARN }))
      .toThrow(/table bucket 'arn:aws:s3tables:us-east-1:111122223333:bucket\/shared-lake' is already the target of 'TestStack\/New'/);
  });

  test('two one-liners with one bucket name are rejected', () => {
    const stack = newStack();
    new DynamoDbZeroEtlToS3Tables(stack, 'First', { table: table(stack), tableBucketName: 'lake' });
    expect(() => new DynamoDbZeroEtlToS3Tables(stack, 'Second', { table: table(stack, 'Customers'), tableBucketName: 'lake' }))
      .toThrow(/S3TablesTarget 'TestStack\/Second\/Target' cannot be created:\n {2}- table bucket 'lake' is already the target of 'TestStack\/First\/Target'/);
  });

  test('the same name in another account or region, or in another app, is accepted', () => {
    const app = new App({ outdir: tempOutdir() });
    new S3TablesTarget(newStack(app, 'One'), 'Lake', { tableBucketName: 'lake' });
    expect(() => new S3TablesTarget(newStack(app, 'Two', { account: ACCOUNT, region: 'eu-west-1' }), 'Lake', { tableBucketName: 'lake' })).not.toThrow();
    expect(() => new S3TablesTarget(newStack(app, 'Three', { account: '444455556666', region: 'us-east-1' }), 'Lake', { tableBucketName: 'lake' })).not.toThrow();
    expect(() => new S3TablesTarget(newStack(), 'Lake', { tableBucketName: 'lake' })).not.toThrow();
  });
});

describe('integration resource property', () => {
  test('one per target; a second one for the same target ARN fails synthesis with both paths', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    new glue.CfnIntegrationResourceProperty(stack, 'Manual', {
      resourceArn: lake.targetArn,
      targetProcessingProperties: { roleArn: lake.targetRole!.roleArn },
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /'TestStack\/Lake\/ResourceProperty' and 'TestStack\/Manual' are both integration resource properties for target .*catalog\/s3tablescatalog\/lake.*Glue allows one per target/);
  });

  test('one for another target is accepted', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    new glue.CfnIntegrationResourceProperty(stack, 'Other', {
      resourceArn: stack.formatArn({ service: 'glue', resource: 'catalog', resourceName: 's3tablescatalog/other' }),
      targetProcessingProperties: { roleArn: lake.targetRole!.roleArn },
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('createIntegrationResourceProperty: false creates no property and no role; the integration waits for the catalog policy only', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { existingTableBucketArn: BUCKET_ARN, createIntegrationResourceProperty: false });
    const integration = new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack), target: lake });
    const catalogPolicy = stack.node.findChild('DynamoDbZeroEtlCatalogResourcePolicy').node.findChild('Resource').node.defaultChild as CfnResource;
    expect(Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(integration.node.defaultChild as CfnResource)].DependsOn)
      .toEqual([stack.getLogicalId(catalogPolicy)]);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Glue::IntegrationResourceProperty', 0);
    template.resourceCountIs('AWS::S3Tables::TableBucket', 0);
    expect(lake.targetRole).toBeUndefined();
    expect(lake.node.tryFindChild('Role')).toBeUndefined();
    template.hasResourceProperties('AWS::Glue::Integration', {
      TargetArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/shared-lake`]] },
    });
  });

  test.each([
    [{ tableBucketName: 'lake', createIntegrationResourceProperty: false }, /createIntegrationResourceProperty: false needs existingTableBucketArn/],
    [{ existingTableBucketArn: BUCKET_ARN, createIntegrationResourceProperty: false, targetRole: 'role' },
      /targetRole is only used by the integration resource property this construct creates/],
  ])('rejects %j', (props: any, message) => {
    const stack = newStack();
    const targetRole = props.targetRole && iam.Role.fromRoleName(stack, 'Role', 'lake-role');
    expect(() => new S3TablesTarget(stack, 'Lake', { ...props, targetRole } as any)).toThrow(message);
  });
});

describe('existing bucket', () => {
  test.each([
    [`arn:aws:s3tables:eu-west-1:${ACCOUNT}:bucket/lake`, /is in region 'eu-west-1' but the stack is in region 'us-east-1'. This library replicates within one account and region/],
    ['arn:aws:s3tables:us-east-1:444455556666:bucket/lake', /is in account '444455556666' but the stack is in account '111122223333'/],
  ])('in another account or region is rejected: %s', (arn, message) => {
    expect(() => new S3TablesTarget(newStack(), 'Lake', { existingTableBucketArn: arn })).toThrow(message);
  });
});

describe('binding', () => {
  test('gives the target ARN, the resource property to wait for and the catalog resources', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    const config = lake.bind(new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack), target: lake }));
    expect(stack.resolve(lake.targetArn)).toEqual(
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/lake`]] });
    expect(config.dependencies).toEqual([lake.integrationResourceProperty]);
    expect(config.catalogResourceArns).toEqual([lake.targetArn]);
    expect(stack.resolve(config.accountWideCatalogResourceArns)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/*`]] },
    ]);
  });

  test('integrations in other stacks of the same account and region share the target: their stacks depend on its stack', () => {
    const app = new App({ outdir: tempOutdir() });
    const lake = new S3TablesTarget(newStack(app, 'Lake'), 'Lake', { tableBucketName: 'lake' });
    const stacks = ['Orders', 'Customers'].map(name => {
      const stack = newStack(app, `${name}Stack`);
      new DynamoDbZeroEtlIntegration(stack, 'ToLake', { table: table(stack, name), target: lake });
      return stack;
    });
    const assembly = app.synth();
    for (const stack of stacks) {
      expect(assembly.getStackByName(stack.stackName).dependencies.map(d => d.id)).toContain('Lake');
      Template.fromStack(stack).resourceCountIs('AWS::Glue::IntegrationResourceProperty', 0);
    }
    Template.fromStack(lake.node.scope as Stack).resourceCountIs('AWS::Glue::IntegrationResourceProperty', 1);
  });

  test('an integration in another region is rejected: a limit of this library', () => {
    const app = new App({ outdir: tempOutdir() });
    const lake = new S3TablesTarget(newStack(app, 'Lake'), 'Lake', { tableBucketName: 'lake' });
    const stack = newStack(app, 'Elsewhere', { account: ACCOUNT, region: 'eu-west-1' });
    expect(() => new DynamoDbZeroEtlIntegration(stack, 'ToLake', { table: table(stack), target: lake })).toThrow(
      "DynamoDbZeroEtlIntegration 'Elsewhere/ToLake' cannot be created:\n  - target 'Lake/Lake' is in region 'us-east-1' but the stack is in region 'eu-west-1'. " +
      'This library replicates within one account and region (a limit of this library, not of Glue): define the construct in a stack with region \'us-east-1\'.');
  });
});

describe('grantRead', () => {
  const partition = { Ref: 'AWS::Partition' };
  const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', partition, rest]] });
  const glueRead = ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables'];
  const catalogArns = (bucket: string) => [
    arn(`:glue:us-east-1:${ACCOUNT}:catalog`),
    arn(`:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog`),
    arn(`:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/${bucket}`),
    arn(`:glue:us-east-1:${ACCOUNT}:database/s3tablescatalog/${bucket}/*`),
    arn(`:glue:us-east-1:${ACCOUNT}:table/s3tablescatalog/${bucket}/*/*`),
  ];

  function analyst(stack: Stack): iam.Role {
    return new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
  }

  test('IAM mode: the Glue read actions on the catalog resources and the S3 Tables read actions on the bucket and its tables', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { existingTableBucketArn: BUCKET_ARN });
    const role = analyst(stack);
    const grant = lake.grantRead(role);
    expect(grant.success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: glueRead, Resource: catalogArns('shared-lake') },
          { Effect: 'Allow', Action: 's3tables:GetTableBucket', Resource: BUCKET_ARN },
          { Effect: 'Allow', Action: ['s3tables:GetTable', 's3tables:GetTableMetadataLocation', 's3tables:GetTableData'], Resource: `${BUCKET_ARN}/table/*` },
        ],
        Version: '2012-10-17',
      },
    });
  });

  test('IAM mode with a key: kms:Decrypt on the bucket key too; a new bucket is named by its ARN attribute', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake', encryptionKey: key });
    const role = analyst(stack);
    lake.grantRead(role);
    const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(lake.tableBucket!), 'TableBucketARN'] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: glueRead, Resource: catalogArns('lake') },
          { Effect: 'Allow', Action: 's3tables:GetTableBucket', Resource: bucketArn },
          {
            Effect: 'Allow',
            Action: ['s3tables:GetTable', 's3tables:GetTableMetadataLocation', 's3tables:GetTableData'],
            Resource: { 'Fn::Join': ['', [bucketArn, '/table/*']] },
          },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
        ],
      },
    });
  });
});

describe('Lake Formation mode', () => {
  const TARGET_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/lake-target`;
  const LF_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/S3TablesRoleForLakeFormation`;

  function lakeFormationTarget(stack: Stack, props: Partial<S3TablesTargetProps> = {}): S3TablesTarget {
    return new S3TablesTarget(stack, 'Lake', {
      tableBucketName: 'lake',
      accessMode: CatalogAccessMode.LAKE_FORMATION,
      targetRole: iam.Role.fromRoleArn(stack, 'TargetRole', TARGET_ROLE_ARN),
      ...props,
    });
  }

  test('IAM mode (the default) makes no Lake Formation grant', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    expect(lake.accessMode).toBe(CatalogAccessMode.IAM);
    Template.fromStack(stack).resourceCountIs('Custom::AWS', 0);
  });

  test('grants the target role CREATE_DATABASE and DESCRIBE on the catalog <account>:s3tablescatalog/<bucket>, account as top-level CatalogId', () => {
    const stack = newStack();
    lakeFormationTarget(stack);
    const catalog = { Catalog: { Id: `${ACCOUNT}:s3tablescatalog/lake` } };
    const calls = grantCalls(stack, TARGET_ROLE_ARN);
    expect(calls).toHaveLength(1);
    expect(calls[0].Create).toEqual(grantCall('grantPermissions', TARGET_ROLE_ARN, catalog, ['CREATE_DATABASE', 'DESCRIBE']));
    expect(calls[0].Update).toEqual(calls[0].Create);
    expect(calls[0].Delete).toEqual(grantCall('revokePermissions', TARGET_ROLE_ARN, catalog, ['CREATE_DATABASE', 'DESCRIBE']));
  });

  test('the custom resource may grant and revoke, and read the catalogs it names; nothing more', () => {
    const stack = newStack();
    lakeFormationTarget(stack);
    const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^AWS679f53fac002430cb0da5b7982bd2287ServiceRoleDefaultPolicy|CustomResourcePolicy'),
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['lakeformation:GrantPermissions', 'lakeformation:RevokePermissions'], Resource: '*' },
          {
            Effect: 'Allow',
            Action: ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetTable'],
            Resource: [
              arn(`:glue:us-east-1:${ACCOUNT}:catalog`),
              arn(`:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog`),
              arn(`:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/lake`),
            ],
          },
        ],
      },
    });
  });

  test('integrations wait for the grant, which waits for the resource property', () => {
    const stack = newStack();
    const lake = lakeFormationTarget(stack);
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack), target: lake });
    const template = Template.fromStack(stack);
    const [grantId] = Object.keys(template.findResources('Custom::AWS'));
    const [integration] = Object.values(template.findResources('AWS::Glue::Integration'));
    expect(integration.DependsOn).toContain(grantId);
    expect(template.findResources('Custom::AWS')[grantId].DependsOn).toContain(stack.getLogicalId(lake.integrationResourceProperty!));
  });

  test('without an integration resource property nothing is granted, and the construct warns with what to grant', () => {
    const stack = newStack();
    new S3TablesTarget(stack, 'Lake', {
      existingTableBucketArn: BUCKET_ARN, createIntegrationResourceProperty: false, accessMode: CatalogAccessMode.LAKE_FORMATION,
    });
    Template.fromStack(stack).resourceCountIs('Custom::AWS', 0);
    Annotations.fromStack(stack).hasWarning('/TestStack/Lake',
      Match.stringLikeRegexp('no Lake Formation permission is granted to it.*CREATE_DATABASE and DESCRIBE on the catalog 111122223333:s3tablescatalog/shared-lake'));
  });

  test('with a key in this stack, the key policy lets lakeFormationRole use it, without a condition', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    lakeFormationTarget(stack, { encryptionKey: key, lakeFormationRole: iam.Role.fromRoleArn(stack, 'LfRole', LF_ROLE_ARN) });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowTableRoleAccess',
          Effect: 'Allow',
          Principal: { AWS: LF_ROLE_ARN },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: '*',
        }]),
      },
    });
  });

  test('with a key from elsewhere, warns with the statement to add', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    lakeFormationTarget(stack, { encryptionKey: key, lakeFormationRole: iam.Role.fromRoleArn(stack, 'LfRole', LF_ROLE_ARN) });
    Annotations.fromStack(stack).hasWarning('/TestStack/Lake',
      Match.stringLikeRegexp('Lake Formation cannot vend credentials.*"Principal":\\{"AWS":"arn:aws:iam::111122223333:role/service-role/S3TablesRoleForLakeFormation"\\},"Resource":"\\*","Sid":"AllowTableRoleAccess"'));
  });

  test('lakeFormationRole is required with a key in Lake Formation mode, and only allowed there', () => {
    const stack = newStack();
    expect(() => lakeFormationTarget(stack, { encryptionKey: new kms.Key(stack, 'Key') })).toThrow(
      /S3TablesTarget 'TestStack\/Lake' cannot be created:\n {2}- accessMode CatalogAccessMode.LAKE_FORMATION with an encryptionKey needs lakeFormationRole/);
    expect(() => new S3TablesTarget(newStack(), 'Lake', {
      tableBucketName: 'lake', lakeFormationRole: iam.Role.fromRoleArn(stack, 'LfRole', LF_ROLE_ARN),
    })).toThrow(/lakeFormationRole only applies with accessMode CatalogAccessMode.LAKE_FORMATION/);
  });

  test('passing: Lake Formation mode without a key needs no lakeFormationRole; with a key and the role it is accepted', () => {
    expect(() => lakeFormationTarget(newStack())).not.toThrow();
    const stack = newStack();
    expect(() => lakeFormationTarget(stack, {
      encryptionKey: new kms.Key(stack, 'Key'), lakeFormationRole: iam.Role.fromRoleArn(stack, 'LfRole', LF_ROLE_ARN),
    })).not.toThrow();
  });

  describe('grantRead', () => {
    const ANALYST_ARN = `arn:aws:iam::${ACCOUNT}:role/analyst`;
    const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    test('IAM side: the Glue read statement and lakeformation:GetDataAccess, no S3 Tables or KMS statement', () => {
      const stack = newStack();
      const key = new kms.Key(stack, 'Key');
      const lake = lakeFormationTarget(stack, { encryptionKey: key, lakeFormationRole: iam.Role.fromRoleArn(stack, 'LfRole', LF_ROLE_ARN) });
      const analyst = new iam.Role(stack, 'Analyst', { roleName: 'analyst', assumedBy: new iam.AccountRootPrincipal() });
      lake.grantRead(analyst, 'zetl_orders');
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: stack.getLogicalId(analyst.node.defaultChild as iam.CfnRole) }],
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables'],
              Resource: [
                arn(`:glue:us-east-1:${ACCOUNT}:catalog`),
                arn(`:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog`),
                arn(`:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/lake`),
                arn(`:glue:us-east-1:${ACCOUNT}:database/s3tablescatalog/lake/*`),
                arn(`:glue:us-east-1:${ACCOUNT}:table/s3tablescatalog/lake/*/*`),
              ],
            },
            { Effect: 'Allow', Action: 'lakeformation:GetDataAccess', Resource: '*' },
          ],
          Version: '2012-10-17',
        },
      });
    });

    test('Lake Formation side: DESCRIBE on the catalog, SELECT and DESCRIBE on the namespace\'s table wildcard; revoked on delete', () => {
      const stack = newStack();
      const lake = lakeFormationTarget(stack);
      lake.grantRead(iam.Role.fromRoleArn(stack, 'Analyst', ANALYST_ARN), 'zetl_orders');
      const catalog = { Catalog: { Id: `${ACCOUNT}:s3tablescatalog/lake` } };
      const tables = { Table: { CatalogId: `${ACCOUNT}:s3tablescatalog/lake`, DatabaseName: 'zetl_orders', TableWildcard: {} } };
      const calls = grantCalls(stack, ANALYST_ARN);
      expect(calls.map(call => call.Create)).toEqual([
        grantCall('grantPermissions', ANALYST_ARN, catalog, ['DESCRIBE']),
        grantCall('grantPermissions', ANALYST_ARN, tables, ['SELECT', 'DESCRIBE']),
      ]);
      expect(calls.map(call => call.Delete)).toEqual([
        grantCall('revokePermissions', ANALYST_ARN, catalog, ['DESCRIBE']),
        grantCall('revokePermissions', ANALYST_ARN, tables, ['SELECT', 'DESCRIBE']),
      ]);
    });

    test('the read grant waits for the target role\'s grant (one Lake Formation grant at a time)', () => {
      const stack = newStack();
      const lake = lakeFormationTarget(stack);
      lake.grantRead(iam.Role.fromRoleArn(stack, 'Analyst', ANALYST_ARN), 'zetl_orders');
      const resources = Template.fromStack(stack).findResources('Custom::AWS');
      const [targetGrant] = Object.keys(resources).filter(id => !JSON.stringify(resources[id].Properties.Create).includes('analyst'));
      const [readGrant] = Object.keys(resources).filter(id => JSON.stringify(resources[id].Properties.Create).includes('analyst'));
      expect(resources[readGrant].DependsOn).toContain(targetGrant);
    });

    test('without a namespace: DESCRIBE on the catalog only, and a warning', () => {
      const stack = newStack();
      const lake = lakeFormationTarget(stack);
      lake.grantRead(iam.Role.fromRoleArn(stack, 'Analyst', ANALYST_ARN));
      expect(grantCalls(stack, ANALYST_ARN).map(call => call.Create)).toEqual([
        grantCall('grantPermissions', ANALYST_ARN, { Catalog: { Id: `${ACCOUNT}:s3tablescatalog/lake` } }, ['DESCRIBE']),
      ]);
      Annotations.fromStack(stack).hasWarning('/TestStack/Lake', Match.stringLikeRegexp('without a namespace grants .* DESCRIBE on the catalog 111122223333:s3tablescatalog/lake only'));
    });

    /** The read grant groups of `lake`, in the order they were made, each with its Custom::AWS calls (as deployed) and their DependsOn. */
    function readGrantGroups(stack: Stack, lake: S3TablesTarget) {
      const resources = Template.fromStack(stack).toJSON().Resources;
      return lake.node.children
        .filter(child => child.node.id.startsWith('ReadLakeFormationPermissions'))
        .map(group => ({ id: group.node.id, grants: grantsOf(stack, resources, group) }));
    }

    /** The Custom::AWS grants under `group`: logical id, rendered Create call and DependsOn. */
    function grantsOf(stack: Stack, resources: Record<string, any>, group: IConstruct) {
      return group.node.findAll().filter(CfnResource.isCfnResource).filter(resource => resource.cfnResourceType === 'Custom::AWS').map(resource => {
        const logicalId = stack.getLogicalId(resource);
        return {
          logicalId,
          create: JSON.parse(renderAsDeployed(stack, resources[logicalId].Properties.Create) as string),
          dependsOn: (resources[logicalId].DependsOn ?? []) as string[],
        };
      });
    }

    const OTHER_ARN = `arn:aws:iam::${ACCOUNT}:role/other-analyst`;
    const tableGrant = (principal: string, namespace: string) => grantCall('grantPermissions', principal,
      { Table: { CatalogId: `${ACCOUNT}:s3tablescatalog/lake`, DatabaseName: namespace, TableWildcard: {} } }, ['SELECT', 'DESCRIBE']);
    const catalogGrant = (principal: string) => grantCall('grantPermissions', principal, { Catalog: { Id: `${ACCOUNT}:s3tablescatalog/lake` } }, ['DESCRIBE']);

    test('two namespaces to one principal: two grant groups, each naming its namespace', () => {
      const stack = newStack();
      const lake = lakeFormationTarget(stack);
      const analyst = iam.Role.fromRoleArn(stack, 'Analyst', ANALYST_ARN);
      lake.grantRead(analyst, 'zetl_orders');
      expect(() => lake.grantRead(analyst, 'zetl_customers')).not.toThrow();
      const groups = readGrantGroups(stack, lake);
      expect(groups).toHaveLength(2);
      for (const group of groups) {
        expect(group.id).toMatch(/^ReadLakeFormationPermissions[0-9A-F]{8}$/);
      }
      expect(groups[0].id).not.toEqual(groups[1].id);
      expect(groups.map(group => group.grants.map(grant => grant.create))).toEqual([
        [catalogGrant(ANALYST_ARN), tableGrant(ANALYST_ARN, 'zetl_orders')],
        [catalogGrant(ANALYST_ARN), tableGrant(ANALYST_ARN, 'zetl_customers')],
      ]);
    });

    test('one namespace to two principals: two grant groups, each naming its principal', () => {
      const stack = newStack();
      const lake = lakeFormationTarget(stack);
      lake.grantRead(iam.Role.fromRoleArn(stack, 'Analyst', ANALYST_ARN), 'zetl_orders');
      lake.grantRead(iam.Role.fromRoleArn(stack, 'Other', OTHER_ARN), 'zetl_orders');
      const groups = readGrantGroups(stack, lake);
      expect(groups).toHaveLength(2);
      expect(groups.map(group => group.grants.map(grant => grant.create))).toEqual([
        [catalogGrant(ANALYST_ARN), tableGrant(ANALYST_ARN, 'zetl_orders')],
        [catalogGrant(OTHER_ARN), tableGrant(OTHER_ARN, 'zetl_orders')],
      ]);
    });

    test('the same principal and namespace twice: one grant group, no error', () => {
      const stack = newStack();
      const lake = lakeFormationTarget(stack);
      const analyst = iam.Role.fromRoleArn(stack, 'Analyst', ANALYST_ARN);
      const first = lake.grantRead(analyst, 'zetl_orders');
      let second: iam.Grant | undefined;
      expect(() => { second = lake.grantRead(analyst, 'zetl_orders'); }).not.toThrow();
      expect([first.success, second?.success]).toEqual([true, true]);
      const groups = readGrantGroups(stack, lake);
      expect(groups).toHaveLength(1);
      expect(groups[0].grants.map(grant => grant.create)).toEqual([catalogGrant(ANALYST_ARN), tableGrant(ANALYST_ARN, 'zetl_orders')]);
      // The target role's grant (1 call) and the one read grant (2 calls).
      Template.fromStack(stack).resourceCountIs('Custom::AWS', 3);
    });

    test('successive grants are chained: each group waits for the previous one, the first for the target role\'s grant', () => {
      const stack = newStack();
      const lake = lakeFormationTarget(stack);
      const analyst = iam.Role.fromRoleArn(stack, 'Analyst', ANALYST_ARN);
      lake.grantRead(analyst, 'zetl_orders');
      lake.grantRead(analyst, 'zetl_customers');
      lake.grantRead(iam.Role.fromRoleArn(stack, 'Other', OTHER_ARN));
      const resources = Template.fromStack(stack).toJSON().Resources;
      const chain = [
        grantsOf(stack, resources, lake.node.findChild('TargetRoleLakeFormationPermissions')),
        ...readGrantGroups(stack, lake).map(group => group.grants),
      ];
      expect(chain.map(grants => grants.length)).toEqual([1, 2, 2, 1]);
      for (let i = 1; i < chain.length; i++) {
        for (const grant of chain[i]) {
          expect(grant.dependsOn).toEqual(expect.arrayContaining(chain[i - 1].map(previous => previous.logicalId)));
        }
      }
      // Within a group, one call after the other.
      expect(chain[1][1].dependsOn).toContain(chain[1][0].logicalId);
    });

    test('a principal that is not a role or user is rejected, naming the target', () => {
      const stack = newStack();
      const lake = lakeFormationTarget(stack);
      expect(() => lake.grantRead(new iam.ServicePrincipal('athena.amazonaws.com'), 'zetl_orders'))
        .toThrow(/grantRead on 'TestStack\/Lake' cannot grant Lake Formation permissions to .*Grant a role or a user/);
    });
  });
});
