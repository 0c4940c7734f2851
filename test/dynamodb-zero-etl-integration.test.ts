import { App, CfnResource, Duration, Lazy, NestedStack, Stack, Stage, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tempOutdir } from './nag';
import { ACCOUNT, newStack, table } from './stacks';
import { integrationWaves } from './waves';
import {
  CatalogPolicyScope, DynamoDbZeroEtlIntegration, DynamoDbZeroEtlToS3Tables, GlueDatabaseTarget, IZeroEtlIntegration, IZeroEtlTarget,
  S3TablesTarget, ZeroEtlTargetConfig,
} from '../src';

/** N tables replicated into one bucket with the one-liner, named t00, t01, ... */
function replicateTables(stack: Stack, count: number): DynamoDbZeroEtlToS3Tables {
  const names = Array.from({ length: count }, (_, i) => `t${String(i).padStart(2, '0')}`);
  const construct = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: table(stack, names[0]), tableBucketName: 'lake' });
  names.slice(1).forEach(name => construct.addTable(table(stack, name)));
  return construct;
}

/** The integrations' DependsOn on other integrations, and the waves CloudFormation creates them in. */
function wavesOf(stack: Stack): { waves: string[][]; dependsOn: string[][] } {
  const resources = Template.fromStack(stack).toJSON().Resources;
  const waves = integrationWaves(resources);
  const ids = waves.flat();
  return { waves, dependsOn: ids.map(id => (resources[id].DependsOn ?? []).filter((d: string) => ids.includes(d))) };
}

describe('creation concurrency', () => {
  test('14 integrations are created 4 at a time, in 4 waves', () => {
    const stack = newStack();
    replicateTables(stack, 14);
    const { waves, dependsOn } = wavesOf(stack);
    expect(waves.map(w => w.length)).toEqual([4, 4, 4, 2]);
    expect(dependsOn.flat()).toHaveLength(10);
    for (const deps of dependsOn) {
      expect(deps.length).toBeLessThanOrEqual(1);
    }
  });

  test('adding a table at the end changes no other integration', () => {
    const before = newStack();
    replicateTables(before, 9);
    const after = newStack();
    replicateTables(after, 10);
    const beforeResources = Template.fromStack(before).findResources('AWS::Glue::Integration');
    const afterResources = Template.fromStack(after).findResources('AWS::Glue::Integration');
    for (const [id, resource] of Object.entries(beforeResources)) {
      expect(afterResources[id]).toEqual(resource);
    }
  });

  test('the limit covers integrations of every construct in the stack', () => {
    const stack = newStack();
    DynamoDbZeroEtlIntegration.setMaxConcurrentCreates(stack, 2);
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    const other = new S3TablesTarget(stack, 'Other', { tableBucketName: 'other' });
    ['a', 'b', 'c'].forEach(name => new DynamoDbZeroEtlIntegration(stack, `${name}ToLake`, { table: table(stack, name), target: lake }));
    ['d', 'e'].forEach(name => new DynamoDbZeroEtlIntegration(stack, `${name}ToOther`, { table: table(stack, name), target: other }));
    expect(wavesOf(stack).waves.map(w => w.length)).toEqual([2, 2, 1]);
  });

  test('a limit of 1 creates them one after another; a large limit all at once', () => {
    const serial = newStack();
    DynamoDbZeroEtlIntegration.setMaxConcurrentCreates(serial, 1);
    replicateTables(serial, 3);
    expect(wavesOf(serial).waves.map(w => w.length)).toEqual([1, 1, 1]);
    const parallel = newStack();
    DynamoDbZeroEtlIntegration.setMaxConcurrentCreates(parallel, 100);
    replicateTables(parallel, 14);
    expect(wavesOf(parallel).waves.map(w => w.length)).toEqual([14]);
  });

  test.each([0, 1.5, -1])('a limit of %s is rejected', limit => {
    expect(() => DynamoDbZeroEtlIntegration.setMaxConcurrentCreates(newStack(), limit))
      .toThrow(`maxConcurrentCreates must be a whole number of at least 1, got ${limit}.`);
  });

  test('the limit must be set before the first integration of the stack', () => {
    const stack = newStack();
    replicateTables(stack, 1);
    expect(() => DynamoDbZeroEtlIntegration.setMaxConcurrentCreates(stack, 2))
      .toThrow("Stack 'TestStack' already has 1 zero-ETL integration(s): set the number of concurrent creates before defining the first integration in the stack.");
  });
});

describe('one integration per source table and target in an app', () => {
  test('the same table into the same target from two constructs names both paths', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    const orders = table(stack, 'Orders');
    new DynamoDbZeroEtlIntegration(stack, 'First', { table: orders, target: lake });
    expect(() => new DynamoDbZeroEtlIntegration(stack, 'Second', { table: orders, target: lake })).toThrow(
      "DynamoDbZeroEtlIntegration 'TestStack/Second' cannot be created:\n  - table 'Orders' is already replicated into this target by " +
      "'TestStack/First': Glue allows one integration per source table and target. Remove one of the two, or replicate into another target.");
  });

  test('the same table name imported in another stack counts as the same table', () => {
    const app = new App({ outdir: tempOutdir() });
    const lakeStack = newStack(app, 'Lake');
    const lake = new S3TablesTarget(lakeStack, 'Lake', { tableBucketName: 'lake' });
    new DynamoDbZeroEtlIntegration(lakeStack, 'OrdersToLake', { table: table(lakeStack, 'Orders'), target: lake });
    const other = newStack(app, 'Other');
    expect(() => new DynamoDbZeroEtlIntegration(other, 'Orders', { table: dynamodb.Table.fromTableName(other, 'Imported', 'Orders'), target: lake }))
      .toThrow(/table 'Orders' is already replicated into this target by 'Lake\/OrdersToLake'/);
  });

  test('the same table into two targets is accepted', () => {
    const stack = newStack();
    const orders = table(stack, 'Orders');
    for (const name of ['lake', 'archive']) {
      new DynamoDbZeroEtlIntegration(stack, name, { table: orders, target: new S3TablesTarget(stack, `${name}Target`, { tableBucketName: name }) });
    }
    Template.fromStack(stack).resourceCountIs('AWS::Glue::Integration', 2);
  });
});

describe('integration settings', () => {
  test('description and tags', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', {
      table: table(stack, 'Orders'), target: lake, description: 'orders for analytics', tags: { team: 'analytics' },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Integration', {
      Description: 'orders for analytics',
      Tags: [{ Key: 'team', Value: 'analytics' }],
    });
  });

  test.each([
    [{ description: 'd'.repeat(1001) }, /description is 1001 characters long; Glue accepts at most 1000/],
    [{ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, /tags has 51 entries; Glue accepts at most 50 tags on an integration/],
  ])('rejects %#', (props, message) => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    expect(() => new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target: lake, ...props })).toThrow(message);
  });

  test('the integration is the construct\'s default child, so escape hatches and logical ids work as in aws-cdk', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    const integration = new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target: lake });
    expect((integration.node.defaultChild as CfnResource).cfnResourceType).toBe('AWS::Glue::Integration');
    expect(stack.resolve(integration.integrationArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(integration.node.defaultChild as CfnResource), 'IntegrationArn'] });
  });
});

describe('catalog policy scope', () => {
  function catalogPolicyProperties(stack: Stack) {
    return Object.values(Template.fromStack(stack).findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties;
  }

  test('ACCOUNT_WIDE writes one shared pair, without stack-owned statements, however many tables', () => {
    const stack = newStack();
    const construct = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: table(stack, 'Orders'), tableBucketName: 'lake', catalogPolicyScope: CatalogPolicyScope.ACCOUNT_WIDE,
    });
    construct.addTable(table(stack, 'Customers'));
    const properties = catalogPolicyProperties(stack);
    expect(properties.Statements).toBeUndefined();
    const partition = { Ref: 'AWS::Partition' };
    const anyBucket = { 'Fn::Join': ['', ['arn:', partition, `:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/*`]] };
    const anyTable = { ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', partition, `:dynamodb:us-east-1:${ACCOUNT}:table/*`]] } } };
    expect(properties.SharedStatements).toEqual([
      { Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'glue:AuthorizeInboundIntegration', Resource: anyBucket, Condition: anyTable },
      {
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', partition, `:iam::${ACCOUNT}:root`]] } },
        Action: 'glue:CreateInboundIntegration',
        Resource: anyBucket,
        Condition: anyTable,
      },
    ]);
  });

  test('PER_TABLE and ACCOUNT_WIDE integrations in one stack write both kinds', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target: lake });
    new DynamoDbZeroEtlIntegration(stack, 'CustomersToLake', { table: table(stack, 'Customers'), target: lake, catalogPolicyScope: CatalogPolicyScope.ACCOUNT_WIDE });
    const properties = catalogPolicyProperties(stack);
    expect(properties.Statements).toHaveLength(2);
    expect(properties.SharedStatements).toHaveLength(2);
  });
});

describe('the catalog policy size at synth time', () => {
  /** `tables` tables with 63-character names, spread over `targets` buckets. */
  function longNames(stack: Stack, tables: number, targets: number, scope?: CatalogPolicyScope): void {
    const lakes = Array.from({ length: targets }, (_, i) => new S3TablesTarget(stack, `Lake${i}`, { tableBucketName: `lake-${i}` }));
    for (let i = 0; i < tables; i++) {
      const name = `orders-${String(i).padStart(3, '0')}-`.padEnd(63, 'x');
      new DynamoDbZeroEtlIntegration(stack, `I${i}`, { table: table(stack, name), target: lakes[i % targets], catalogPolicyScope: scope });
    }
  }

  test('220 tables with long names in one bucket fail with the size, the number of tables and the way out', () => {
    const stack = newStack();
    longNames(stack, 220, 1);
    expect(() => Template.fromStack(stack)).toThrow(
      /This stack's Glue Data Catalog resource policy statements are (\d{5}) bytes for 220 source table\(s\) into 1 target\(s\); Glue allows 10240 bytes .*CatalogPolicyScope.ACCOUNT_WIDE/);
  });

  test('the same 220 tables fit with ACCOUNT_WIDE', () => {
    const stack = newStack();
    longNames(stack, 220, 1, CatalogPolicyScope.ACCOUNT_WIDE);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('85 tables with 63-character names fit in one bucket, 86 do not', () => {
    const fits = newStack();
    longNames(fits, 85, 1);
    expect(() => Template.fromStack(fits)).not.toThrow();
    const over = newStack();
    longNames(over, 86, 1);
    expect(() => Template.fromStack(over)).toThrow(/statements are 102\d\d bytes for 86 source table/);
  });

  test('an environment-agnostic stack is measured with the longest partition, account and region', () => {
    const agnostic = new Stack(new App({ outdir: tempOutdir() }), 'Agnostic');
    const concrete = newStack();
    // Near the limit in the concrete stack: the agnostic one renders longer and fails first.
    for (const stack of [agnostic, concrete]) {
      longNames(stack, 80, 1);
    }
    expect(() => Template.fromStack(concrete)).not.toThrow();
    expect(() => Template.fromStack(agnostic)).toThrow(/resource policy statements are \d+ bytes for 80 source table/);
  });
});

describe('the source table resource policy', () => {
  test('a statement that aws-cdk-lib reports added but leaves out of the template fails synthesis with the workaround', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    const orders = table(stack, 'Orders');
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: orders, target: lake });
    // What aws-cdk-lib 2.250.0 renders for a TableV2 created without resourcePolicy (aws/aws-cdk#30793).
    (orders.node.defaultChild as dynamodb.CfnGlobalTable).replicas = [{ region: 'us-east-1' }];
    expect(() => Template.fromStack(stack)).toThrow(
      /\[TestStack\/OrdersToLake\] The resource policy of table 'TestStack\/Orders' does not contain the statement AllowGlueZeroEtlExport .*aws\/aws-cdk\/issues\/30793\). Create the table with resourcePolicy: new iam.PolicyDocument\(\), or upgrade aws-cdk-lib./);
  });

  test.each([
    ['TableV2', (stack: Stack) => table(stack, 'Orders')],
    ['Table', (stack: Stack) => new dynamodb.Table(stack, 'Orders', {
      tableName: 'Orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    })],
  ])('a %s whose template holds the statement passes', (_, build) => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: build(stack), target: lake });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('stacks, stages and nested stacks', () => {
  function sidPrefix(stack: Stack): string {
    return Object.values(Template.fromStack(stack).findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties.SidPrefix;
  }

  test('a nested stack\'s statements are marked by its top-level stack\'s name and its path, the same in every app', () => {
    const prefixes = [1, 2].map(() => {
      const app = new App({ outdir: tempOutdir() });
      const parent = newStack(app, 'Parent');
      // A token created before the nested stack shifts token numbers; the prefix must not move with them.
      Lazy.string({ produce: () => 'unused' });
      const nested = new NestedStack(parent, 'Replication');
      const lake = new S3TablesTarget(nested, 'Lake', { tableBucketName: 'lake' });
      new DynamoDbZeroEtlIntegration(nested, 'OrdersToLake', { table: table(nested as unknown as Stack, 'Orders'), target: lake });
      return sidPrefix(nested);
    });
    expect(prefixes[0]).toMatch(/^ZeroEtl[0-9a-f]{16}$/);
    expect(prefixes[1]).toEqual(prefixes[0]);
    const plain = newStack(new App({ outdir: tempOutdir() }), 'Replication');
    new DynamoDbZeroEtlIntegration(plain, 'OrdersToLake', { table: table(plain, 'Orders'), target: new S3TablesTarget(plain, 'Lake', { tableBucketName: 'lake' }) });
    expect(sidPrefix(plain)).not.toEqual(prefixes[0]);
  });

  test('environment-agnostic stacks in two Stages may use one bucket name and one table; in one Stage they may not', () => {
    const app = new App({ outdir: tempOutdir() });
    const deploy = (stage: Stage) => {
      const stack = new Stack(stage, 'Replication');
      new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target: new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' }) });
      return stack;
    };
    const [dev, prod] = [deploy(new Stage(app, 'Dev')), deploy(new Stage(app, 'Prod'))];
    expect(() => [dev, prod].forEach(stack => Template.fromStack(stack))).not.toThrow();
    const sameStage = new Stage(app, 'Test');
    new S3TablesTarget(new Stack(sameStage, 'One'), 'Lake', { tableBucketName: 'lake' });
    expect(() => new S3TablesTarget(new Stack(sameStage, 'Two'), 'Lake', { tableBucketName: 'lake' })).toThrow(/is already the target of 'Test\/One\/Lake'/);
  });

  test('a target in another region is reported together with the integration\'s other problems', () => {
    const app = new App({ outdir: tempOutdir() });
    const lake = new S3TablesTarget(newStack(app, 'Lake'), 'Lake', { tableBucketName: 'lake' });
    const stack = new Stack(app, 'Elsewhere', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    expect(() => new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target: lake, description: 'd'.repeat(1001) }))
      .toThrow(/^DynamoDbZeroEtlIntegration 'Elsewhere\/OrdersToLake' cannot be created:\n {2}- description is 1001 characters long[^\n]*\n {2}- target 'Lake\/Lake' is in region 'us-east-1' but the stack is in region 'eu-west-1'\. This library replicates within one account and region/);
  });

  test('a target in another account is reported together with a source table without PITR, in one error', () => {
    const app = new App({ outdir: tempOutdir() });
    const lake = new S3TablesTarget(newStack(app, 'Lake'), 'Lake', { tableBucketName: 'lake' });
    const stack = new Stack(app, 'Elsewhere', { env: { account: '444455556666', region: 'us-east-1' } });
    const noPitr = new dynamodb.TableV2(stack, 'Orders', { tableName: 'Orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    let message = '';
    try {
      new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: noPitr, target: lake });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^DynamoDbZeroEtlIntegration 'Elsewhere\/OrdersToLake' cannot be created:\n/);
    expect(message.split('\n  - ')).toHaveLength(3);
    expect(message).toContain("\n  - table 'Elsewhere/Orders' does not have point-in-time recovery (PITR) enabled");
    expect(message).toContain(`\n  - target 'Lake/Lake' is in account '${ACCOUNT}' but the stack is in account '444455556666'. ` +
      'This library replicates within one account and region (a limit of this library, not of Glue)');
  });

  test('a target in the same account and region of another stack is accepted', () => {
    const app = new App({ outdir: tempOutdir() });
    const lake = new S3TablesTarget(newStack(app, 'Lake'), 'Lake', { tableBucketName: 'lake' });
    const stack = newStack(app, 'Replication');
    expect(() => new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target: lake })).not.toThrow();
  });

  test('target table properties wait for the target, as the integration does', () => {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake', createS3TablesCatalog: true });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target: lake, targetTableProperties: { targetTableName: 'orders' } });
    const resources = Template.fromStack(stack).toJSON().Resources;
    const tableProperties = Object.entries<any>(resources).filter(([, r]) => r.Type === 'Custom::AWS' && JSON.stringify(r.Properties.Create).includes('IntegrationTableProperties'));
    expect(tableProperties).toHaveLength(1);
    expect(tableProperties[0][1].DependsOn).toContain(stack.getLogicalId(lake.integrationResourceProperty!));
  });
});

describe('monitoring errors name the call', () => {
  function integration(): { stack: Stack; integration: DynamoDbZeroEtlIntegration } {
    const stack = newStack();
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' });
    return { stack, integration: new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target: lake }) };
  }

  /** The message of the error `call` throws. */
  function errorOf(call: () => unknown): string {
    try {
      call();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an error');
  }

  test('a bad metric period: "metric IngestionFailed on \'<path>\' is invalid"', () => {
    const message = errorOf(() => integration().integration.metricIngestionFailed({ period: Duration.seconds(90) }));
    expect(message.startsWith("metric IngestionFailed on '")).toBe(true);
    expect(message).toBe("metric IngestionFailed on 'TestStack/OrdersToLake' is invalid:\n" +
      '  - The metric period is 90 seconds: it must be a whole number of minutes, at least 1 minute (CloudWatch MetricDataQuery.Period is a multiple of 60 seconds)');
    expect(message).not.toContain('cannot be created');
  });

  test.each<[string, (i: DynamoDbZeroEtlIntegration) => unknown]>([
    ['addIngestionFailedAlarm', i => i.addIngestionFailedAlarm('Failed', { period: Duration.hours(1), evaluationPeriods: 4 })],
    ['addReplicationLagAlarm', i => i.addReplicationLagAlarm('Failed', { period: Duration.hours(2), evaluationPeriods: 2 })],
  ])('a bad alarm window in %s: "alarm \'<id>\' on \'<path>\' is invalid"', (_, call) => {
    const message = errorOf(() => call(integration().integration));
    expect(message).toMatch(/^alarm 'Failed' on 'TestStack\/OrdersToLake' is invalid:\n {2}- The alarm reads \d period\(s\) of \d hours?, more than the latest 3 hours/);
    expect(message).not.toContain('cannot be created');
  });

  test('a good period passes', () => {
    expect(() => integration().integration.metricIngestionFailed({ period: Duration.minutes(1) })).not.toThrow();
  });

  test('metricIngestionFailed() is a MathExpression: createAlarm makes an alarm on the query', () => {
    const { stack, integration: orders } = integration();
    const alarm = orders.metricIngestionFailed().createAlarm(stack, 'A', { threshold: 1, evaluationPeriods: 1 });
    expect(alarm).toBeInstanceOf(cloudwatch.Alarm);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [{
        Expression: {
          'Fn::Join': ['', [
            'SELECT SUM(IngestionFailed) FROM "AWS/Glue/ZeroETL" WHERE integrationArn = \'',
            { 'Fn::GetAtt': [stack.getLogicalId(orders.node.defaultChild as CfnResource), 'IntegrationArn'] }, "'",
          ]],
        },
        Id: 'expr_1',
        Period: 300,
      }],
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });
});

describe('targets through IZeroEtlTarget', () => {
  const join = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

  test.each<[string, (stack: Stack) => IZeroEtlTarget, object]>([
    ['S3TablesTarget', stack => new S3TablesTarget(stack, 'Lake', { tableBucketName: 'lake' }), join(`:glue:us-east-1:${ACCOUNT}:catalog/s3tablescatalog/lake`)],
    ['GlueDatabaseTarget', stack => new GlueDatabaseTarget(stack, 'Lake', { databaseName: 'lakehouse' }), join(`:glue:us-east-1:${ACCOUNT}:database/lakehouse`)],
  ])('%s.targetArn has the target ARN format and is the integration\'s TargetArn', (_, build, expected) => {
    const stack = newStack();
    const target = build(stack);
    expect(stack.resolve(target.targetArn)).toEqual(expected);
    const integration = new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: table(stack, 'Orders'), target });
    expect(integration.targetArn).toBe(target.targetArn);
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Integration', { TargetArn: expected });
  });

  /** A target that records what it is bound to, and what it saw of the integration then. */
  class RecordingTarget extends Construct implements IZeroEtlTarget {
    public readonly targetArn: string;
    public readonly bound: IZeroEtlIntegration[] = [];
    public readonly arnsAtBind: string[] = [];
    public readonly dependency: Construct;

    constructor(scope: Construct, id: string) {
      super(scope, id);
      this.targetArn = Stack.of(this).formatArn({ service: 'glue', resource: 'catalog', resourceName: 's3tablescatalog/recorded' });
      this.dependency = new CfnResource(this, 'Dependency', { type: 'AWS::CloudFormation::WaitConditionHandle' });
    }

    public bind(integration: IZeroEtlIntegration): ZeroEtlTargetConfig {
      this.bound.push(integration);
      this.arnsAtBind.push(integration.integrationArn);
      return {
        dependencies: [this.dependency],
        catalogResourceArns: [this.targetArn],
        accountWideCatalogResourceArns: [Stack.of(this).formatArn({ service: 'glue', resource: 'catalog', resourceName: 's3tablescatalog/*' })],
      };
    }
  }

  test('bind receives the integration, whose ARN is already set; the config it returns is used', () => {
    const stack = newStack();
    const target = new RecordingTarget(stack, 'Recorded');
    const integration = new DynamoDbZeroEtlIntegration(stack, 'OrdersToRecorded', { table: table(stack, 'Orders'), target });
    expect(target.bound).toHaveLength(1);
    expect(target.bound[0]).toBe(integration);
    expect(target.bound[0]).toBeInstanceOf(DynamoDbZeroEtlIntegration);
    expect(Token.isUnresolved(target.arnsAtBind[0])).toBe(true);
    const integrationId = stack.getLogicalId(integration.node.defaultChild as CfnResource);
    expect(stack.resolve(target.arnsAtBind[0])).toEqual({ 'Fn::GetAtt': [integrationId, 'IntegrationArn'] });
    const template = Template.fromStack(stack);
    const resource = template.toJSON().Resources[integrationId];
    expect(stack.resolve(resource.Properties.TargetArn)).toEqual(stack.resolve(target.targetArn));
    expect(resource.DependsOn).toContain(stack.getLogicalId(target.dependency as CfnResource));
    const statements = Object.values(template.findResources('Custom::GlueCatalogResourcePolicy'))[0].Properties.Statements;
    expect(statements[0].Resource).toEqual(stack.resolve(target.targetArn));
  });
});
