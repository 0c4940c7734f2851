import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { NagFinding, nagFindings, tempOutdir, unacknowledged, USER_ROLE_POLICY } from './nag';
import { SCENARIOS } from './scenarios/scenarios';
import { buildExampleApp } from '../examples/typescript/app';
import { buildGlueDatabaseApp } from '../examples/typescript/glue-database';
import { buildRedshiftApp } from '../examples/typescript/redshift';
import { buildSharedTargetApp } from '../examples/typescript/shared-target';
import { DynamoDbZeroEtlToGlueDatabase, DynamoDbZeroEtlToRedshift, DynamoDbZeroEtlToS3Tables, GlueDatabaseTarget, DynamoDbZeroEtlIntegration } from '../src';

/**
 * The library's own cdk-nag acknowledgements (src/private/nag.ts), checked with cdk-nag 2 and 3 over
 * every scenario, the example apps and the README's one-liners in an environment-agnostic stack:
 *
 * 1. neither major reports an AwsSolutions finding on a resource the library created;
 * 2. cdk-nag 2 reports each of the library's acknowledgements as acknowledged, with its reason, which is
 *    the one listed below for that finding; cdk-nag 3 reads the same finding ids on the same resources
 *    (and reports none of them), and the template's `cdk_nag` metadata lists them with their reasons;
 * 3. a user's own resources, and statements a user adds to the library's role, are not acknowledged.
 */

/** The policy of a target processing role the library creates (construct id `Role` in a target). */
const TARGET_ROLE_POLICY = /\/(Target|Lake|Lakehouse|OrdersToS3TablesTarget|Replication\/Target)\/Role\/DefaultPolicy\/Resource$/;
/** The policy of one of the library's Lake Formation grant custom resources. */
const LAKE_FORMATION_GRANT_POLICY = /\/(TargetRole|Read|DeliveryRole|AutoDelete)LakeFormationPermissions\w*\/Grant\d+\/CustomResourcePolicy\/Resource$/;
/** aws-cdk-lib's AwsCustomResource singleton function, with its role. */
const SINGLETON = /\/AWS679f53fac002430cb0da5b7982bd2287/;

/** `<region>:<account>` in an ARN of a finding id, literal or a stack's pseudo parameters. */
const REGION_ACCOUNT = String.raw`([\w-]+|<AWS::Region>):(\d{12}|<AWS::AccountId>)`;

/** Every acknowledgement the library makes: the finding, the resource, and what its reason says. */
/** The delivery role policy of a DynamoDbStreamToS3Tables. */
const STREAM_DELIVERY_ROLE_POLICY = /NearRealTime\/DeliveryRole\/DefaultPolicy\/Resource$/;

const LIBRARY_ACKNOWLEDGEMENTS: ReadonlyArray<{ readonly rule: RegExp; readonly path: RegExp; readonly reason: RegExp }> = [
  {
    rule: /^AwsSolutions-IAM5\[Resource::(<\w+\.TableBucketARN>|arn:[\w-]+:s3tables:[\w-]+:\d{12}:bucket\/[a-z0-9-]+)\/table\/\*\]$/,
    path: TARGET_ROLE_POLICY,
    reason: /^Glue creates the Iceberg tables of a zero-ETL integration at run time/,
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: TARGET_ROLE_POLICY,
    reason: /^(s3tables:ListTableBuckets has no resource type.* )?cloudwatch:PutMetricData has no resource type.*AWS\/Glue\/ZeroETL\.$/,
  },
  {
    rule: new RegExp(String.raw`^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:${REGION_ACCOUNT}:log-group:/aws-glue/zeroETL-integrations/\*(:log-stream:\*)?\]$`),
    path: TARGET_ROLE_POLICY,
    reason: /^Glue names the zero-ETL log groups and log streams at run time/,
  },
  {
    rule: new RegExp(String.raw`^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:glue:${REGION_ACCOUNT}:table/[a-z0-9_]+/\*\]$`),
    path: TARGET_ROLE_POLICY,
    reason: /^Glue creates one Iceberg table per integration in the target Glue database/,
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::(<\w+\.Arn>|arn:<AWS::Partition>:s3:::[a-z0-9.-]+)\/[\w./-]*\*\]$/,
    path: TARGET_ROLE_POLICY,
    reason: /^Glue writes and deletes Iceberg data and metadata files under the Glue database's location/,
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: LAKE_FORMATION_GRANT_POLICY,
    reason: /^lakeformation:GrantPermissions and RevokePermissions have no resource type/,
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:glue:[^:]+:\d{12}:table\/(s3tablescatalog\/[a-z0-9-]+\/)?\w+\/\*\]$/,
    path: LAKE_FORMATION_GRANT_POLICY,
    reason: /^A Lake Formation grant on the tables of a zero-ETL namespace or Glue database/,
  },
  {
    rule: /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    path: new RegExp(`${SINGLETON.source}/ServiceRole/Resource$`),
    reason: /^aws-cdk-lib creates the role of its AwsCustomResource singleton function/,
  },
  {
    rule: /^AwsSolutions-L1$/,
    path: new RegExp(`${SINGLETON.source}/Resource$`),
    reason: /^aws-cdk-lib chooses the runtime of its AwsCustomResource singleton function/,
  },
  {
    rule: /^AwsSolutions-S1$/,
    path: /\/(Target|Lakehouse)\/Bucket\/Resource$/,
    reason: /^Server access logging needs a log bucket/,
  },
  {
    rule: /^AwsSolutions-SMG4$/,
    path: /\/Target\/AdminSecret\/Resource$/,
    reason: /^The admin password of the Redshift Serverless namespace is generated once into this secret/,
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::<\w+ErrorBucket\w+\.Arn>\/\*\]$/,
    path: STREAM_DELIVERY_ROLE_POLICY,
    reason: /^Firehose names the objects it writes to the error bucket at run time/,
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::<\w+Transform\w+\.Arn>:\*\]$/,
    path: STREAM_DELIVERY_ROLE_POLICY,
    reason: /^Firehose may invoke a version or alias of the transform/,
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: STREAM_DELIVERY_ROLE_POLICY,
    reason: /^lakeformation:GetDataAccess has no resource type/,
  },
  {
    rule: /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    path: /\/Transform\/ServiceRole\/Resource$/,
    reason: /^The transform's role has only the AWS managed AWSLambdaBasicExecutionRole policy/,
  },
  {
    rule: /^AwsSolutions-L1$/,
    path: /\/Transform\/Resource$/,
    reason: /^The transform is bundled for Node\.js 22/,
  },
  {
    rule: /^AwsSolutions-S1$/,
    path: /\/ErrorBucket\/Resource$/,
    reason: /^Server access logging needs a log bucket.*errorBucket\.$/,
  },
  {
    rule: /^AwsSolutions-KDF1$/,
    path: /NearRealTime\/Resource$/,
    reason: /^Firehose server-side encryption applies to Direct PUT sources only/,
  },
];

/** The README's one-liners, in stacks without an account or region. */
function quickStartApp(): App {
  const app = new App({ outdir: tempOutdir() });
  for (const target of ['S3Tables', 'GlueDatabase', 'Redshift']) {
    const stack = new Stack(app, `QuickStart${target}`);
    const table = ordersTable(stack);
    if (target === 'S3Tables') {
      new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', { table, tableBucketName: 'orders-analytics' });
    } else if (target === 'GlueDatabase') {
      new DynamoDbZeroEtlToGlueDatabase(stack, 'OrdersToLakehouse', { table, databaseName: 'orders_lakehouse' });
    } else {
      new DynamoDbZeroEtlToRedshift(stack, 'OrdersToRedshift', { table, databaseName: 'orders' });
    }
  }
  return app;
}

function ordersTable(stack: Stack, id = 'Orders'): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, id, {
    tableName: id.toLowerCase(),
    partitionKey: { name: 'order_id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

const APPS: Record<string, () => App> = {
  ...Object.fromEntries(Object.entries(SCENARIOS).map(([name, build]) => [`scenario ${name}`, () => {
    const app = new App({ outdir: tempOutdir() });
    build(app);
    return app;
  }])),
  'example app': () => buildExampleApp(tempOutdir()),
  'shared-target example': () => buildSharedTargetApp(tempOutdir()),
  'Glue database example': () => buildGlueDatabaseApp(tempOutdir()),
  'Redshift example': () => buildRedshiftApp(tempOutdir()),
  'quick start': quickStartApp,
};

/** Each app built and checked once: the app and what both majors report. */
const results = new Map<string, { app: App; findings: NagFinding[] }>();
function run(name: string): { app: App; findings: NagFinding[] } {
  if (!results.has(name)) {
    const app = APPS[name]();
    results.set(name, { app, findings: nagFindings(app, [new NIST80053R5Checks()]) });
  }
  return results.get(name)!;
}

/** What a finding looks like in a failure message. */
const show = (f: NagFinding) => `${f.major}: ${f.ruleName} @ ${f.constructPath}`;

/** `rule[finding]` keys the library recorded for cdk-nag 3 on each resource of the app, by construct path. */
function cdkNag3Acknowledgements(app: App): Map<string, Record<string, string>> {
  const ret = new Map<string, Record<string, string>>();
  for (const node of app.node.findAll()) {
    for (const entry of node.node.metadata.filter(m => m.type === 'aws:cdk:acknowledged-rules')) {
      const data = entry.data as Record<string, string>;
      for (const [key, reason] of Object.entries(data)) {
        ret.set(node.node.path, { ...ret.get(node.node.path), [key.replace(/^annotation::/, '')]: reason });
      }
    }
  }
  return ret;
}

/** The `cdk_nag` metadata of `resource` in its synthesized template, as cdk-nag 2 and a reviewer read it. */
function templateSuppressions(app: App, resource: CfnResource): Array<{ id: string; reason: string; applies_to?: string[] }> {
  const stack = Stack.of(resource);
  const template = app.synth().getStackArtifact(stack.artifactId).template;
  return template.Resources[stack.resolve(resource.logicalId)].Metadata?.cdk_nag?.rules_to_suppress ?? [];
}

function constructAt(app: App, path: string): IConstruct {
  const found = app.node.findAll().find(c => c.node.path === path);
  if (!found) {
    throw new Error(`no construct at ${path}`);
  }
  return found;
}

describe.each(Object.keys(APPS))('%s', name => {
  test('AwsSolutions (cdk-nag 2 and 3) reports nothing on the library\'s own resources', () => {
    const { findings } = run(name);
    const reported = findings.filter(f => f.acknowledgedReason === undefined && f.ruleName.startsWith('AwsSolutions-'));
    expect(reported.filter(f => !USER_ROLE_POLICY.test(f.constructPath)).map(show)).toEqual([]);
    expect(unacknowledged(findings).map(show)).toEqual([]);
  });

  test('each of the library\'s acknowledgements is listed as acknowledged, with its reason, by cdk-nag 2, cdk-nag 3 and the template', () => {
    const { app, findings } = run(name);
    const acknowledged = findings.filter(f => f.acknowledgedReason !== undefined);
    for (const finding of acknowledged) {
      const expected = LIBRARY_ACKNOWLEDGEMENTS.filter(ack => ack.rule.test(finding.ruleName) && ack.path.test(finding.constructPath));
      expect({ finding: show(finding), reasons: expected.filter(ack => ack.reason.test(finding.acknowledgedReason!)).length })
        .toEqual({ finding: show(finding), reasons: 1 });
    }
    // cdk-nag 3: the same finding ids, on the same resources, with the same reasons, and none reported.
    const v3 = cdkNag3Acknowledgements(app);
    const v3Pairs = [...v3].flatMap(([path, keys]) => Object.entries(keys).map(([ruleName, reason]) => `${ruleName} @ ${path}: ${reason}`));
    expect(v3Pairs.sort()).toEqual(acknowledged.map(f => `${f.ruleName} @ ${f.constructPath}: ${f.acknowledgedReason}`).sort());
    const reported3 = new Set(findings.filter(f => f.major === 3).map(show));
    expect(acknowledged.filter(f => reported3.has(show({ ...f, major: 3 }))).map(show)).toEqual([]);
    // The template lists them with their reasons.
    for (const finding of acknowledged) {
      const [, ruleId, findingId] = /^([\w.-]+)(?:\[(.*)\])?$/.exec(finding.ruleName)!;
      expect(templateSuppressions(app, constructAt(app, finding.constructPath) as CfnResource)).toContainEqual({
        id: ruleId,
        reason: finding.acknowledgedReason,
        ...(findingId === undefined ? {} : { applies_to: [findingId] }),
      });
    }
  });
});

test('every acknowledgement the library makes is made in some app, and no other', () => {
  const made = Object.keys(APPS).flatMap(name => run(name).findings).filter(f => f.acknowledgedReason !== undefined);
  for (const ack of LIBRARY_ACKNOWLEDGEMENTS) {
    expect({ ack: ack.rule.source, made: made.some(f => ack.rule.test(f.ruleName) && ack.path.test(f.constructPath)) })
      .toEqual({ ack: ack.rule.source, made: true });
  }
  expect(made.filter(f => f.acknowledgedReason!.length < 10 || /[^\x20-\x7e]/.test(f.acknowledgedReason!)).map(show)).toEqual([]);
});

describe('a user\'s own resources are never acknowledged', () => {
  /** The README's one-liner, and next to it the user's own resources with the same findings. */
  function userApp() {
    const app = new App({ outdir: tempOutdir() });
    const stack = new Stack(app, 'UserStack');
    const replication = new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', { table: ordersTable(stack), tableBucketName: 'orders-analytics' });
    // A role of the user's with exactly the wildcard statements the library gives its target role.
    const ownRole = new iam.Role(stack, 'OwnRole', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') });
    ownRole.addToPolicy(new iam.PolicyStatement({ sid: 'ListTableBuckets', actions: ['s3tables:ListTableBuckets'], resources: ['*'] }));
    ownRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3tables:PutTableData'], resources: [`${replication.target.tableBucketArn}/table/*`] }));
    // A bucket of the user's without server access logging, as the GlueDatabaseTarget's own bucket.
    new s3.Bucket(stack, 'OwnBucket', { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    // A statement the user adds to the library's target role, with a finding the library's statements also raise.
    replication.target.targetRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeVpcs'], resources: ['*'] }));
    // A role the user passes as a Glue database target's role: the library's statements go into the user's policy.
    const byoRole = new iam.Role(stack, 'LakehouseRole', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') });
    const lakehouse = new GlueDatabaseTarget(stack, 'Lakehouse', { databaseName: 'orders_lakehouse', targetRole: byoRole });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', { table: ordersTable(stack, 'Invoices'), target: lakehouse });
    return { app, findings: nagFindings(app) };
  }

  const { findings } = userApp();
  const reported = (major: 2 | 3) => findings.filter(f => f.major === major && f.acknowledgedReason === undefined).map(f => `${f.ruleName} @ ${f.constructPath}`);

  test.each([2, 3] as const)('cdk-nag %d reports the user\'s findings', major => {
    expect(reported(major).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*] @ UserStack/LakehouseRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::*] @ UserStack/OrdersToS3Tables/Target/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::*] @ UserStack/OwnRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::<LakehouseBucketBE4DC200.Arn>/orders_lakehouse/*] @ UserStack/LakehouseRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::<OrdersToS3TablesTargetTableBucket435F6046.TableBucketARN>/table/*] @ UserStack/OwnRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/orders_lakehouse/*] @ UserStack/LakehouseRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws-glue/zeroETL-integrations/*:log-stream:*] @ UserStack/LakehouseRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws-glue/zeroETL-integrations/*] @ UserStack/LakehouseRole/DefaultPolicy/Resource',
      'AwsSolutions-S1 @ UserStack/OwnBucket/Resource',
    ].sort());
  });

  test('the library still acknowledges the findings of its own statements that the user\'s statement does not share', () => {
    expect(findings.filter(f => f.acknowledgedReason !== undefined).map(f => `${f.ruleName} @ ${f.constructPath}`).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::<OrdersToS3TablesTargetTableBucket435F6046.TableBucketARN>/table/*] @ UserStack/OrdersToS3Tables/Target/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws-glue/zeroETL-integrations/*:log-stream:*] @ UserStack/OrdersToS3Tables/Target/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws-glue/zeroETL-integrations/*] @ UserStack/OrdersToS3Tables/Target/Role/DefaultPolicy/Resource',
      'AwsSolutions-S1 @ UserStack/Lakehouse/Bucket/Resource',
    ].sort());
  });
});

test('a role the user gives aws-cdk-lib\'s AwsCustomResource singleton is the user\'s: neither its findings nor the function\'s are acknowledged', () => {
  const app = new App({ outdir: tempOutdir() });
  const stack = new Stack(app, 'UserStack');
  // The user's own AwsCustomResource comes first, so the singleton function runs with the user's role.
  const role = new iam.Role(stack, 'CustomResourceRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  });
  new cr.AwsCustomResource(stack, 'Lookup', {
    onCreate: { service: 'STS', action: 'getCallerIdentity', physicalResourceId: cr.PhysicalResourceId.of('caller') },
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['sts:GetCallerIdentity'], resources: ['*'] })]),
    role,
    installLatestAwsSdk: false,
  });
  // Table properties: the library's own AwsCustomResource, on the same singleton.
  new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', {
    table: ordersTable(stack),
    tableBucketName: 'orders-analytics',
    targetTableProperties: { targetTableName: 'orders' },
  });
  const reported = nagFindings(app).filter(f => f.acknowledgedReason === undefined).map(f => `${f.major}: ${f.ruleName} @ ${f.constructPath}`);
  for (const major of [2, 3]) {
    expect(reported).toEqual(expect.arrayContaining([
      `${major}: AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] @ UserStack/CustomResourceRole/Resource`,
      `${major}: AwsSolutions-L1 @ UserStack/AWS679f53fac002430cb0da5b7982bd2287/Resource`,
    ]));
  }
});

describe('the acknowledged finding ids follow the synthesized template', () => {
  function check(app: App) {
    const findings = nagFindings(app);
    expect(findings.filter(f => f.acknowledgedReason === undefined).map(show)).toEqual([]);
    expect(findings.filter(f => f.acknowledgedReason !== undefined).length).toBeGreaterThan(0);
  }

  test('a logical ID overridden after the construct is created', () => {
    const app = new App({ outdir: tempOutdir() });
    const stack = new Stack(app, 'Renamed');
    const replication = new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', { table: ordersTable(stack), tableBucketName: 'orders-analytics' });
    replication.target.tableBucket!.overrideLogicalId('OrdersLake');
    check(app);
  });

  test('@aws-cdk/aws-iam:minimizePolicies, as new CDK apps set it', () => {
    const app = new App({ outdir: tempOutdir(), context: { '@aws-cdk/aws-iam:minimizePolicies': true } });
    const stack = new Stack(app, 'Minimized');
    new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', { table: ordersTable(stack), tableBucketName: 'orders-analytics' });
    new DynamoDbZeroEtlToGlueDatabase(stack, 'OrdersToLakehouse', { table: ordersTable(stack, 'Invoices'), databaseName: 'orders_lakehouse' });
    check(app);
  });

  test('a location bucket in another stack, which cdk-nag 3 sees as a cross-stack import', () => {
    const app = new App({ outdir: tempOutdir() });
    const env = { account: '111122223333', region: 'us-east-1' };
    const bucket = new s3.Bucket(new Stack(app, 'Storage', { env }), 'Lake', { enforceSSL: true, serverAccessLogsPrefix: 'logs/' });
    const stack = new Stack(app, 'Lakehouse', { env });
    const lakehouse = new GlueDatabaseTarget(stack, 'Lakehouse', { existingDatabaseName: 'lake', bucket, prefix: 'lake' });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', { table: ordersTable(stack), target: lakehouse });
    const findings = nagFindings(app).filter(f => f.constructPath.startsWith('Lakehouse/'));
    expect(findings.filter(f => f.acknowledgedReason === undefined).map(show)).toEqual([]);
    // cdk-nag 3 checks after synthesis has turned the reference into Fn::ImportValue.
    const v3 = cdkNag3Acknowledgements(app).get('Lakehouse/Lakehouse/Role/DefaultPolicy/Resource')!;
    expect(Object.keys(v3)).toContainEqual(expect.stringMatching(/^AwsSolutions-IAM5\[Resource::Storage:ExportsOutputFnGetAttLake\w+Arn\w+\/lake\/\*\]$/));
  });
});
