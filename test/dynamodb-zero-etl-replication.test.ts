import { CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { ACCOUNT, newStack, table } from './stacks';
import {
  CatalogAccessMode, CatalogPolicyScope, DynamoDbZeroEtlIntegration, DynamoDbZeroEtlReplication, DynamoDbZeroEtlToGlueDatabase,
  DynamoDbZeroEtlToGlueDatabaseProps, DynamoDbZeroEtlToS3Tables, DynamoDbZeroEtlToS3TablesProps, GlueDatabaseTarget, S3TablesTarget,
  UnnestSpec,
} from '../src';

/** The `AWS::Glue::Integration` properties of `integration`. */
function integrationProperties(stack: Stack, integration: DynamoDbZeroEtlIntegration): Record<string, any> {
  return Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(integration.node.defaultChild as CfnResource)].Properties;
}

/** `Fn::GetAtt` of an integration's ARN, as the template references it. */
function integrationArnRef(stack: Stack, integration: DynamoDbZeroEtlIntegration) {
  return { 'Fn::GetAtt': [stack.getLogicalId(integration.node.defaultChild as CfnResource), 'IntegrationArn'] };
}

/**
 * Every CloudFormation resource that `scope` defines, keyed by its construct path relative to
 * `scope`, as synthesized (without Metadata), with the logical ids of those resources (in `Ref`,
 * `Fn::GetAtt`, `DependsOn`, generated policy names) replaced by `<relative path>`: the same
 * construct tree under two prefixes then compares equal.
 */
function resourcesUnder(stack: Stack, scope: IConstruct): Record<string, unknown> {
  const resources = Template.fromStack(stack).toJSON().Resources;
  const prefix = `${scope.node.path}/`;
  const defined = scope.node.findAll().filter(CfnResource.isCfnResource);
  const relative = (resource: CfnResource) => resource.node.path.slice(prefix.length);
  const renamed = new Map(defined.map(resource => [stack.getLogicalId(resource), `<${relative(resource)}>`]));
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return renamed.get(value) ?? value;
    }
    if (Array.isArray(value)) {
      return value.map(rewrite);
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, rewrite(v)]));
    }
    return value;
  };
  return Object.fromEntries(defined.map(resource => {
    const { Metadata: _metadata, ...rendered } = resources[stack.getLogicalId(resource)];
    return [relative(resource), rewrite(rendered)];
  }));
}

/**
 * The resources of `stack` that are not under `scope` and not `excluded`, by logical id: what a
 * target adds elsewhere in its stack (a key policy statement, the stack's custom-resource function).
 */
function resourcesOutside(stack: Stack, scope: IConstruct, excluded: IConstruct[]): Record<string, unknown> {
  const resources = Template.fromStack(stack).toJSON().Resources;
  const skip = new Set([scope, ...excluded].flatMap(construct =>
    construct.node.findAll().filter(CfnResource.isCfnResource).map(resource => stack.getLogicalId(resource))));
  return Object.fromEntries(Object.entries(resources).filter(([id]) => !skip.has(id)));
}

describe('a one-liner creates its target exactly as the target construct does from the same props', () => {
  /*
   * The props object is built once per app: a construct (the key, the table) belongs to one stack,
   * and a construct of another stack would render as a cross-stack reference (and the key policy
   * would be left alone), and one bucket or database may have only one target per app. Each app
   * builds the identical object, typed as the one-liner's props, in a stack with the same name.
   */
  function s3TablesProps(stack: Stack): DynamoDbZeroEtlToS3TablesProps {
    return {
      table: table(stack, 'Orders'),
      tableBucketName: 'orders-lake',
      encryptionKey: new kms.Key(stack, 'LakeKey'),
      removalPolicy: RemovalPolicy.DESTROY,
      createS3TablesCatalog: true,
      accessMode: CatalogAccessMode.LAKE_FORMATION,
      lakeFormationRole: iam.Role.fromRoleArn(stack, 'LfRole', `arn:aws:iam::${ACCOUNT}:role/service-role/S3TablesRoleForLakeFormation`),
    };
  }

  function glueDatabaseProps(stack: Stack): DynamoDbZeroEtlToGlueDatabaseProps {
    return {
      table: table(stack, 'Orders'),
      databaseName: 'orders_lakehouse',
      encryptionKey: new kms.Key(stack, 'LakeKey'),
      versioned: false,
      prefix: 'zero-etl/orders',
      removalPolicy: RemovalPolicy.DESTROY,
    };
  }

  test('S3TablesTarget and DynamoDbZeroEtlToS3Tables', () => {
    const stackA = newStack();
    const propsA = s3TablesProps(stackA);
    const target = new S3TablesTarget(stackA, 'Target', propsA);
    const stackB = newStack();
    const propsB = s3TablesProps(stackB);
    const oneLiner = new DynamoDbZeroEtlToS3Tables(stackB, 'X', propsB);

    const fromTarget = resourcesUnder(stackA, target);
    expect(oneLiner.target.node.path).toBe('TestStack/X/Target');
    expect(resourcesUnder(stackB, oneLiner.target)).toEqual(fromTarget);
    // The comparison covers every kind of resource the props ask for.
    expect(new Set(Object.values(fromTarget).map((resource: any) => resource.Type))).toEqual(new Set([
      'AWS::S3Tables::TableBucket', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::Glue::IntegrationResourceProperty', 'Custom::AWS',
    ]));
    expect(fromTarget.TableBucket).toMatchObject({ DeletionPolicy: 'Delete', Properties: { EncryptionConfiguration: { SSEAlgorithm: 'aws:kms' } } });
    // What the target changes elsewhere in its stack (the key policy, the catalog bootstrap) is the same too.
    const outsideA = resourcesOutside(stackA, target, [propsA.table]);
    expect(Object.keys(outsideA)).toContain(stackA.getLogicalId(propsA.encryptionKey!.node.defaultChild as CfnResource));
    expect(Object.keys(outsideA).some(id => id.startsWith('DynamoDbZeroEtlS3TablesCatalog'))).toBe(true);
    const resourcesB = Template.fromStack(stackB).toJSON().Resources;
    for (const [id, resource] of Object.entries(outsideA)) {
      const { Metadata: _a, ...expected } = resource as any;
      const { Metadata: _b, ...actual } = resourcesB[id] ?? {};
      expect([id, actual]).toEqual([id, expected]);
    }
  });

  test('GlueDatabaseTarget and DynamoDbZeroEtlToGlueDatabase', () => {
    const stackA = newStack();
    const propsA = glueDatabaseProps(stackA);
    const target = new GlueDatabaseTarget(stackA, 'Target', propsA);
    const stackB = newStack();
    const oneLiner = new DynamoDbZeroEtlToGlueDatabase(stackB, 'X', glueDatabaseProps(stackB));

    const fromTarget = resourcesUnder(stackA, target);
    expect(oneLiner.target.node.path).toBe('TestStack/X/Target');
    expect(resourcesUnder(stackB, oneLiner.target)).toEqual(fromTarget);
    expect(new Set(Object.values(fromTarget).map((resource: any) => resource.Type))).toEqual(new Set([
      'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::Glue::Database', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::Glue::IntegrationResourceProperty',
    ]));
    expect(fromTarget.Database).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: { DatabaseInput: { Name: 'orders_lakehouse', LocationUri: { 'Fn::Join': ['', ['s3://', { Ref: '<Bucket/Resource>' }, '/zero-etl/orders/']] } } },
    });
    const outsideA = resourcesOutside(stackA, target, [propsA.table]);
    expect(Object.keys(outsideA)).toContain(stackA.getLogicalId(propsA.encryptionKey!.node.defaultChild as CfnResource));
    const resourcesB = Template.fromStack(stackB).toJSON().Resources;
    for (const [id, resource] of Object.entries(outsideA)) {
      const { Metadata: _a, ...expected } = resource as any;
      const { Metadata: _b, ...actual } = resourcesB[id] ?? {};
      expect([id, actual]).toEqual([id, expected]);
    }
  });

  test('a difference in one target prop shows in the comparison', () => {
    // The comparison is not vacuous: a one-liner whose bucket is kept differs from a target whose bucket is destroyed.
    const stackA = newStack();
    const target = new S3TablesTarget(stackA, 'Target', { tableBucketName: 'orders-lake', removalPolicy: RemovalPolicy.DESTROY });
    const stackB = newStack();
    const oneLiner = new DynamoDbZeroEtlToS3Tables(stackB, 'X', { table: table(stackB, 'Orders'), tableBucketName: 'orders-lake' });
    expect(resourcesUnder(stackB, oneLiner.target)).not.toEqual(resourcesUnder(stackA, target));
  });
});

/** Each one-liner, built the same way: `Orders` into a new target. */
const ONE_LINERS: Array<[string, (stack: Stack, props?: object) => DynamoDbZeroEtlReplication]> = [
  ['DynamoDbZeroEtlToS3Tables', (stack, props = {}) =>
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: table(stack, 'Orders'), tableBucketName: 'orders-lake', ...props })],
  ['DynamoDbZeroEtlToGlueDatabase', (stack, props = {}) =>
    new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: table(stack, 'Orders'), databaseName: 'orders_lakehouse', ...props })],
];

describe.each(ONE_LINERS)('%s composes a target and integrations', (_, build) => {
  test('integrations lists props.table\'s integration and then addTable\'s, in order, as a copy', () => {
    const stack = newStack();
    const oneLiner = build(stack);
    const customers = oneLiner.addTable(table(stack, 'Customers'));
    const payments = oneLiner.addTable(table(stack, 'Payments'));
    const integrations = oneLiner.integrations;
    expect(integrations.map(integration => integration.node.path)).toEqual([
      'TestStack/Replication/Integration-Orders', 'TestStack/Replication/Integration-Customers', 'TestStack/Replication/Integration-Payments',
    ]);
    expect(integrations[0]).toBeInstanceOf(DynamoDbZeroEtlIntegration);
    expect(integrations.slice(1)).toEqual([customers, payments]);
    integrations.pop();
    integrations.length = 0;
    expect(oneLiner.integrations).toHaveLength(3);
    expect(oneLiner.integrations).not.toBe(oneLiner.integrations);
  });

  test('addIngestionFailedAlarm: one alarm per integration, in the integration, also for a table added later; returns the present ones', () => {
    const stack = newStack();
    const oneLiner = build(stack);
    const action: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` }) };
    const alarms = oneLiner.addIngestionFailedAlarm('Failed', { actions: [action] });
    expect(alarms.map(alarm => alarm.node.path)).toEqual(['TestStack/Replication/Integration-Orders/Failed']);
    const customers = oneLiner.addTable(table(stack, 'Customers'));
    expect(customers.node.tryFindChild('Failed')).toBeInstanceOf(cloudwatch.Alarm);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    for (const integration of oneLiner.integrations) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: [{
          Expression: { 'Fn::Join': ['', ['SELECT SUM(IngestionFailed) FROM "AWS/Glue/ZeroETL" WHERE integrationArn = \'', integrationArnRef(stack, integration), "'"]] },
          Id: 'expr_1',
          Label: 'IngestionFailed',
          Period: 300,
          ReturnData: true,
        }],
        AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:alerts`],
      });
    }
  });

  test('addReplicationLagAlarm: one alarm per integration, in the integration, also for a table added later; returns the present ones', () => {
    const stack = newStack();
    const oneLiner = build(stack);
    oneLiner.addTable(table(stack, 'Customers'));
    const alarms = oneLiner.addReplicationLagAlarm('Lag');
    expect(alarms.map(alarm => alarm.node.path)).toEqual(['TestStack/Replication/Integration-Orders/Lag', 'TestStack/Replication/Integration-Customers/Lag']);
    const payments = oneLiner.addTable(table(stack, 'Payments'));
    expect(payments.node.findChild('Lag').node.path).toBe('TestStack/Replication/Integration-Payments/Lag');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    for (const integration of oneLiner.integrations) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: [
          { Id: 'expr_1', Label: 'Replication lag (seconds)', ReturnData: true, Expression: 'EPOCH(m1) + 2700 - IF(FILL(m1, REPEAT) > 100000000000, FILL(m1, REPEAT) / 1000, FILL(m1, REPEAT))' },
          {
            Id: 'm1',
            Label: 'LastSyncTimestamp',
            Period: 2700,
            ReturnData: false,
            Expression: { 'Fn::Join': ['', ['SELECT MAX(LastSyncTimestamp) FROM "AWS/Glue/ZeroETL" WHERE integrationArn = \'', integrationArnRef(stack, integration), "'"]] },
          },
        ],
        Threshold: 2700,
      });
    }
  });

  test('alarms with two different ids make two sets, also for a table added later', () => {
    const stack = newStack();
    const oneLiner = build(stack);
    oneLiner.addIngestionFailedAlarm('Failed');
    oneLiner.addIngestionFailedAlarm('FailedTwice', { evaluationPeriods: 2 });
    oneLiner.addReplicationLagAlarm('Lag');
    oneLiner.addReplicationLagAlarm('LagLoose', { threshold: Duration.hours(2) });
    const customers = oneLiner.addTable(table(stack, 'Customers'));
    for (const integration of [oneLiner.integrations[0], customers]) {
      expect(['Failed', 'FailedTwice', 'Lag', 'LagLoose'].map(id => integration.node.tryFindChild(id) instanceof cloudwatch.Alarm)).toEqual([true, true, true, true]);
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 8);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { EvaluationPeriods: 2 } }))).toHaveLength(2);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Threshold: 7200 } }))).toHaveLength(2);
  });

  test('addDashboard has a row per integration, and grows with tables added later', () => {
    const stack = newStack();
    const oneLiner = build(stack);
    const dashboard = oneLiner.addDashboard('Dashboard', { dashboardName: 'zero-etl' });
    expect(dashboard.node.path).toBe('TestStack/Replication/Dashboard');
    const body = () => JSON.stringify(Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    // Customers is added after the dashboard.
    oneLiner.addTable(table(stack, 'Customers'));
    for (const name of ['Orders', 'Customers']) {
      for (const title of ['ingestions failed', 'ingestions succeeded', 'items inserted, updated, deleted', 'replication lag (seconds)']) {
        expect(body()).toContain(`${name}: ${title}`);
      }
    }
  });

  test.each(['onEvent', 'onFailureOrNeedsAttention'] as const)('%s: one rule listing every integration ARN, also of tables added later', method => {
    const stack = newStack();
    const oneLiner = build(stack);
    const rule = oneLiner[method]('Events', { ruleName: 'zero-etl' });
    expect(rule.node.scope).toBe(oneLiner);
    oneLiner.addTable(table(stack, 'Customers'));
    oneLiner.addTable(table(stack, 'Payments'));
    const arns = oneLiner.integrations.map(integration => integrationArnRef(stack, integration));
    expect(arns).toHaveLength(3);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'zero-etl',
      EventPattern: { $or: [{ resources: arns }, { detail: { integrationArn: arns } }] },
    });
  });
});

describe('grantRead delegates to the target', () => {
  /** The policy document of the default policy of `role`. */
  function policyOf(stack: Stack, role: iam.Role): unknown {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }] },
    });
    expect(Object.keys(policies)).toHaveLength(1);
    return Object.values(policies)[0].Properties.PolicyDocument;
  }

  const analyst = (stack: Stack, id: string) => new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal() });

  test('DynamoDbZeroEtlToS3Tables (IAM mode): the grantee\'s policy is what target.grantRead gives', () => {
    const stack = newStack();
    const oneLiner = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: table(stack, 'Orders'), tableBucketName: 'orders-lake', encryptionKey: new kms.Key(stack, 'Key'),
    });
    const [viaOneLiner, viaTarget] = [analyst(stack, 'ViaOneLiner'), analyst(stack, 'ViaTarget')];
    expect(oneLiner.grantRead(viaOneLiner).success).toBe(true);
    oneLiner.target.grantRead(viaTarget);
    const policy = policyOf(stack, viaOneLiner);
    expect(JSON.stringify(policy)).toContain('kms:Decrypt');
    expect(policy).toEqual(policyOf(stack, viaTarget));
  });

  test('DynamoDbZeroEtlToS3Tables (Lake Formation mode): the namespace reaches the target, whose grant it is', () => {
    const stack = newStack();
    const oneLiner = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: table(stack, 'Orders'), tableBucketName: 'orders-lake', accessMode: CatalogAccessMode.LAKE_FORMATION,
    });
    const reader = analyst(stack, 'ViaOneLiner');
    oneLiner.grantRead(reader, 'zetl_orders');
    const readGrants = () => oneLiner.target.node.children.filter(child => child.node.id.startsWith('ReadLakeFormationPermissions'));
    expect(readGrants()).toHaveLength(1);
    // The same principal and namespace through the target is the same grant: it was the target's.
    oneLiner.target.grantRead(reader, 'zetl_orders');
    expect(readGrants()).toHaveLength(1);
    const viaTarget = analyst(stack, 'ViaTarget');
    oneLiner.target.grantRead(viaTarget, 'zetl_orders');
    // The IAM side is the same too (the principal differs only in the Lake Formation grant).
    expect(policyOf(stack, reader)).toEqual(policyOf(stack, viaTarget));
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain('\\"DatabaseName\\":\\"zetl_orders\\"');
  });

  test('DynamoDbZeroEtlToGlueDatabase: the grantee\'s policy is what target.grantRead gives', () => {
    const stack = newStack();
    const oneLiner = new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', {
      table: table(stack, 'Orders'), databaseName: 'orders_lakehouse', encryptionKey: new kms.Key(stack, 'Key'),
    });
    const [viaOneLiner, viaTarget] = [analyst(stack, 'ViaOneLiner'), analyst(stack, 'ViaTarget')];
    expect(oneLiner.grantRead(viaOneLiner).success).toBe(true);
    oneLiner.target.grantRead(viaTarget);
    const policy = policyOf(stack, viaOneLiner);
    expect(JSON.stringify(policy)).toContain('glue:GetTables');
    expect(policy).toEqual(policyOf(stack, viaTarget));
  });
});

describe('addTable inherits the one-liner\'s integration settings', () => {
  function setup() {
    const stack = newStack();
    const key = new kms.Key(stack, 'IntegrationKey');
    const oneLiner = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: table(stack, 'Orders'),
      tableBucketName: 'orders-lake',
      refreshInterval: Duration.hours(1),
      integrationEncryptionKey: key,
      additionalEncryptionContext: { team: 'analytics' },
      catalogPolicyScope: CatalogPolicyScope.ACCOUNT_WIDE,
      tags: { owner: 'data' },
      integrationName: 'orders-to-lake',
      description: 'orders for analytics',
      targetTableProperties: { unnestSpec: UnnestSpec.TOPLEVEL, targetTableName: 'orders' },
    });
    return { stack, key, oneLiner };
  }

  const keyArn = (stack: Stack, key: kms.Key) => ({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] });

  test('refreshInterval, integrationEncryptionKey, additionalEncryptionContext, catalogPolicyScope and tags; not name, description, table properties', () => {
    const { stack, key, oneLiner } = setup();
    const customers = oneLiner.addTable(table(stack, 'Customers'));
    const first = integrationProperties(stack, oneLiner.integrations[0]);
    const added = integrationProperties(stack, customers);
    expect(first).toMatchObject({
      IntegrationName: 'orders-to-lake',
      Description: 'orders for analytics',
      IntegrationConfig: { RefreshInterval: '60' },
      KmsKeyId: keyArn(stack, key),
      AdditionalEncryptionContext: { team: 'analytics' },
      Tags: [{ Key: 'owner', Value: 'data' }],
    });
    for (const property of ['IntegrationConfig', 'KmsKeyId', 'AdditionalEncryptionContext', 'Tags']) {
      expect([property, added[property]]).toEqual([property, first[property]]);
    }
    expect(customers.refreshInterval.toMinutes()).toBe(60);
    expect(added.IntegrationName).toMatch(/^TestStack-Replication-IntegrationCustomers-[0-9A-F]{8}$/);
    expect(added.Description).toBeUndefined();
    // Only the first integration has target table properties.
    const tableProperties = Object.values(Template.fromStack(stack).findResources('Custom::AWS'))
      .filter(resource => JSON.stringify(resource.Properties.Create).includes('createIntegrationTableProperties'));
    expect(tableProperties).toHaveLength(1);
    expect(JSON.stringify(tableProperties[0].Properties.Create)).toContain('\\"TableName\\":\\"Orders\\"');
    expect(customers.node.tryFindChild('TableProperties')).toBeUndefined();
    // ACCOUNT_WIDE for both: no per-table statement names either table.
    const catalogPolicy = Object.values(Template.fromStack(stack).findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties;
    expect(catalogPolicy.Statements).toBeUndefined();
    expect(catalogPolicy.SharedStatements).toHaveLength(2);
  });

  test('options given to addTable override the inherited ones', () => {
    const { stack, oneLiner } = setup();
    const otherKey = new kms.Key(stack, 'OtherKey');
    const customers = oneLiner.addTable(table(stack, 'Customers'), {
      refreshInterval: Duration.hours(2),
      integrationEncryptionKey: otherKey,
      additionalEncryptionContext: { team: 'billing' },
      catalogPolicyScope: CatalogPolicyScope.PER_TABLE,
      tags: { owner: 'billing' },
      integrationName: 'customers-to-lake',
      description: 'customers',
    });
    expect(integrationProperties(stack, customers)).toMatchObject({
      IntegrationName: 'customers-to-lake',
      Description: 'customers',
      IntegrationConfig: { RefreshInterval: '120' },
      KmsKeyId: keyArn(stack, otherKey),
      AdditionalEncryptionContext: { team: 'billing' },
      Tags: [{ Key: 'owner', Value: 'billing' }],
    });
    // PER_TABLE for the added table only: one statement pair that names Customers, not Orders.
    const catalogPolicy = Object.values(Template.fromStack(stack).findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties;
    expect(catalogPolicy.SharedStatements).toHaveLength(2);
    expect(catalogPolicy.Statements).toHaveLength(2);
    const sources = JSON.stringify(catalogPolicy.Statements[0].Condition.StringEquals['aws:SourceArn']);
    expect(sources).toContain('table/Customers');
    expect(sources).not.toContain('table/Orders');
  });

  test('an option passed as undefined still inherits the one-liner\'s value', () => {
    const { stack, oneLiner } = setup();
    const customers = oneLiner.addTable(table(stack, 'Customers'), { refreshInterval: undefined, tags: undefined });
    expect(integrationProperties(stack, customers)).toMatchObject({ IntegrationConfig: { RefreshInterval: '60' }, Tags: [{ Key: 'owner', Value: 'data' }] });
  });
});
