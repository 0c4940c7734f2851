import { EventEmitter } from 'events';
import * as fs from 'fs';
// The module object itself (not a namespace copy), so that spying on its `request` reaches 0.1.x's `require('https')`.
import https from 'https';
import * as os from 'os';
import * as path from 'path';
import { DeleteResourcePolicyCommand, GetResourcePolicyCommand, GlueClient, PutResourcePolicyCommand } from '@aws-sdk/client-glue';
import type { CloudFormationCustomResourceCreateEvent, CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, onlyResource, REGION, resolveLikeCloudFormation, v01Templates } from './cloudformation';
import { QUICK_START_VARIANTS, synthQuickStart, V01_PACKAGE_DIR } from './v01-quick-start';
import { DynamoDbZeroEtlToS3Tables } from '../../src';
import { handler as ourHandler } from '../../src/catalog-policy/on-event.lambda';
import { PolicyStatement } from '../../src/catalog-policy/policy-document';
import { InMemoryGlue } from '../catalog-policy/in-memory-glue';

/**
 * What happens to the Glue Data Catalog resource policy when a stack switches from
 * dynamodb-zero-etl-s3tables 0.1.x to ours: CloudFormation creates our catalog-policy custom resource
 * (our handler's Create), then, in the update's cleanup, deletes 0.1.x's `ZeroEtl/CatalogPolicy`
 * custom resource, which runs 0.1.x's own handler with a Delete event.
 *
 * The 0.1.x handler is the published one (lambda/catalog-policy-handler.js of the package that
 * scripts/v01/install.sh installs into .tools/v01), not a copy. It uses the AWS SDK for JavaScript
 * v3 (`new GlueClient()` at module load, `@aws-sdk/client-glue` from the Lambda runtime), which node
 * resolves here to the repo's copy, the same module our handler imports: aws-sdk-client-mock stubs
 * `GlueClient.prototype.send`, so both handlers' calls reach one in-memory Glue. It answers
 * CloudFormation itself with an HTTPS PUT to the event's ResponseURL, which `https.request` captures.
 *
 * Both handlers get the resource properties CloudFormation would send them: the custom resources'
 * properties from the two quick-start templates, resolved for one account and region.
 */

const glueMock = mockClient(GlueClient);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const v01Handler: (event: object) => Promise<void> = require(path.join(V01_PACKAGE_DIR, 'lambda', 'catalog-policy-handler.js')).handler;

const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/OrdersStack/0d0e6f40-0000-0000-0000-000000000000`;

/** What the account's catalog policy held before any zero-ETL stack: a RAM share (no Sid) and a Lake Formation cross-account grant. */
const ACCOUNT_STATEMENTS: PolicyStatement[] = [
  {
    Effect: 'Allow',
    Principal: { Service: 'ram.amazonaws.com' },
    Action: 'glue:ShareResource',
    Resource: [`arn:aws:glue:${REGION}:${ACCOUNT}:catalog`, `arn:aws:glue:${REGION}:${ACCOUNT}:database/shared`],
  },
  {
    Sid: 'LakeFormationCrossAccount',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::444455556666:root' },
    Action: ['glue:GetDatabase', 'glue:GetTable'],
    Resource: [`arn:aws:glue:${REGION}:${ACCOUNT}:catalog`, `arn:aws:glue:${REGION}:${ACCOUNT}:table/shared/*`],
    Condition: { Bool: { 'glue:EvaluatedByLakeFormationTags': 'true' } },
  },
];

/** The 0.1.x custom resource (`ZeroEtl/CatalogPolicy`) as its template declares it. */
function v01CustomResource(): { logicalId: string; properties: Record<string, string> } {
  const { logicalId, resource } = onlyResource(v01Templates().templates['quick-start'], 'AWS::CloudFormation::CustomResource');
  const { ServiceToken: _token, ...properties } = resource.Properties;
  return {
    logicalId,
    properties: {
      ServiceToken: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:OrdersStack-ZeroEtlCatalogPolicyFunction`,
      ...(resolveLikeCloudFormation(properties) as Record<string, string>),
    },
  };
}

let ourTemplate: any;

/** Our custom resource (`DynamoDbZeroEtlCatalogResourcePolicy`) in our synthesis of the same quick start (synthesized once). */
function ourCustomResource(): { logicalId: string; properties: Record<string, any> } {
  ourTemplate ??= synthQuickStart(fs.mkdtempSync(path.join(os.tmpdir(), 'v01-catalog-policy-')), DynamoDbZeroEtlToS3Tables, QUICK_START_VARIANTS['quick-start']);
  const { logicalId, resource } = onlyResource(ourTemplate, 'Custom::GlueCatalogResourcePolicy');
  const { ServiceToken: _token, ...properties } = resource.Properties;
  return {
    logicalId,
    properties: {
      ServiceToken: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:OrdersStack-DynamoDbZeroEtlCatalogPolicyHandler`,
      ...(resolveLikeCloudFormation(properties) as Record<string, any>),
    },
  };
}

function event(requestType: 'Create' | 'Delete', resource: { logicalId: string; properties: Record<string, any> }, physicalId?: string) {
  const common = {
    ServiceToken: resource.properties.ServiceToken,
    ResponseURL: `https://cloudformation-custom-resource-response-euwest1.s3.${REGION}.amazonaws.com/${resource.logicalId}?X-Amz-Signature=test`,
    StackId: STACK_ID,
    RequestId: `request-${requestType}-${resource.logicalId}`,
    LogicalResourceId: resource.logicalId,
    ResourceType: 'AWS::CloudFormation::CustomResource',
    ResourceProperties: resource.properties as any,
  };
  return requestType === 'Create'
    ? { ...common, RequestType: 'Create' } as CloudFormationCustomResourceCreateEvent
    : { ...common, RequestType: 'Delete', PhysicalResourceId: physicalId! } as CloudFormationCustomResourceDeleteEvent;
}

/** The 0.1.x handler's answers to CloudFormation (the bodies it PUTs to ResponseURL). */
let v01Responses: Array<{ host: string; body: { Status: string; Reason: string; PhysicalResourceId: string } }>;
let glue: InMemoryGlue;

beforeEach(() => {
  glue = new InMemoryGlue();
  glueMock.reset();
  glueMock.on(GetResourcePolicyCommand).callsFake(() => glue.get());
  glueMock.on(PutResourcePolicyCommand).callsFake(input => glue.put(input));
  glueMock.on(DeleteResourcePolicyCommand).callsFake(input => glue.delete(input));
  v01Responses = [];
  jest.spyOn(https, 'request').mockImplementation(((options: https.RequestOptions, callback: (response: object) => void) => {
    let body = '';
    const request = Object.assign(new EventEmitter(), {
      write: (chunk: string) => { body += chunk; },
      end: () => {
        v01Responses.push({ host: String(options.hostname), body: JSON.parse(body) });
        callback({ statusCode: 200 });
      },
    });
    return request;
  }) as any);
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** Seeds the account's statements, as another team wrote them. */
async function seedAccountStatements(): Promise<void> {
  await glue.put({ PolicyInJson: JSON.stringify({ Version: '2012-10-17', Statement: ACCOUNT_STATEMENTS }), PolicyExistsCondition: 'NOT_EXIST' });
}

/** Runs the 0.1.x handler and returns its answer to CloudFormation. */
async function runV01(e: object) {
  const before = v01Responses.length;
  await v01Handler(e);
  expect(v01Responses).toHaveLength(before + 1);
  return v01Responses[before].body;
}

const sids = (statements: PolicyStatement[]) => statements.map(s => s.Sid ?? '(no Sid)');

describe('switching a deployed 0.1.x quick start to ours', () => {
  test('0.1.x Delete, run after our Create, removes only its own 4 statements: ours and the account\'s stay as they were', async () => {
    const v01 = v01CustomResource();
    const ours = ourCustomResource();
    const v01Statements: PolicyStatement[] = JSON.parse(v01.properties.Statements);
    const ourStatements: PolicyStatement[] = ours.properties.Statements;
    expect(sids(v01Statements)).toEqual([
      'ZeroEtl_ordersicebergbucket_CreateInbound_Catalog',
      'ZeroEtl_ordersicebergbucket_AuthInbound_Catalog',
      'ZeroEtl_ordersicebergbucket_CreateInbound_S3Tables',
      'ZeroEtl_ordersicebergbucket_AuthInbound_S3Tables',
    ]);
    expect(sids(ourStatements)).toEqual([`${ours.properties.SidPrefix}Authorize0`, `${ours.properties.SidPrefix}Create`]);

    // Before the switch: the account's statements, then the 0.1.x stack's first deployment.
    await seedAccountStatements();
    expect(await runV01(event('Create', v01))).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'ZeroEtl_ordersicebergbucket' });
    expect(glue.statements()).toEqual([...ACCOUNT_STATEMENTS, ...v01Statements]);

    // The switch, step 1: CloudFormation creates our custom resource.
    const created = await ourHandler(event('Create', ours));
    expect(glue.statements()).toEqual([...ACCOUNT_STATEMENTS, ...v01Statements, ...ourStatements]);

    // Step 2, the update's cleanup: CloudFormation deletes the 0.1.x custom resource.
    const writesBefore = glue.writes;
    expect(await runV01(event('Delete', v01, 'ZeroEtl_ordersicebergbucket'))).toMatchObject({ Status: 'SUCCESS', Reason: '' });
    expect(glue.writes).toBe(writesBefore + 1);
    const after = glue.statements();
    expect(after).toEqual([...ACCOUNT_STATEMENTS, ...ourStatements]);
    // Byte for byte: the account's statements are untouched by both handlers.
    expect(after.slice(0, 2).map(s => JSON.stringify(s))).toEqual(ACCOUNT_STATEMENTS.map(s => JSON.stringify(s)));
    expect(created.PhysicalResourceId).toBe(`glue-catalog-resource-policy:${ours.properties.SidPrefix}`);
  });

  test('the two Sid families are disjoint: ours never start with 0.1.x\'s exact Sids, theirs never with our prefix', () => {
    const v01 = v01CustomResource();
    const ours = ourCustomResource();
    const v01Sids = sids(JSON.parse(v01.properties.Statements));
    const ourSids = sids(ours.properties.Statements);
    // 0.1.x removes by exact Sid; ours owns every Sid that starts with `ZeroEtl` + 16 hex digits, 0.1.x's continue with '_'.
    expect(ourSids.filter(sid => v01Sids.includes(sid))).toEqual([]);
    expect(v01Sids.filter(sid => sid.startsWith(ours.properties.SidPrefix))).toEqual([]);
    expect(ours.properties.SidPrefix).toMatch(/^ZeroEtl[0-9a-f]{16}$/);
  });

  test('0.1.x writes the document as {Version, Statement} on Create and Delete: statements stay, any other top-level key (Id) is dropped', async () => {
    const v01 = v01CustomResource();
    const ours = ourCustomResource();
    const withId = (statements: PolicyStatement[]) => JSON.stringify({ Version: '2012-10-17', Id: 'account-catalog-policy', Statement: statements });
    await glue.put({ PolicyInJson: withId(ACCOUNT_STATEMENTS), PolicyExistsCondition: 'NOT_EXIST' });
    await runV01(event('Create', v01));
    // Already on 0.1.x's first deployment, long before the switch.
    expect(Object.keys(glue.document())).toEqual(['Version', 'Statement']);

    // Say the account puts its Id back; our Create keeps it, 0.1.x's Delete drops it again.
    const current = await glue.get();
    await glue.put({ PolicyInJson: withId(glue.statements()), PolicyHashCondition: current.PolicyHash, PolicyExistsCondition: 'MUST_EXIST' });
    await ourHandler(event('Create', ours));
    expect(glue.document().Id).toBe('account-catalog-policy');
    await runV01(event('Delete', v01, 'ZeroEtl_ordersicebergbucket'));
    expect(glue.statements()).toEqual([...ACCOUNT_STATEMENTS, ...ours.properties.Statements]);
    expect(Object.keys(glue.document())).toEqual(['Version', 'Statement']);
  });

  test('a failed switch rolls back: our Delete removes ours and leaves the 0.1.x statements and the account\'s', async () => {
    const v01 = v01CustomResource();
    const ours = ourCustomResource();
    await seedAccountStatements();
    await runV01(event('Create', v01));
    const created = await ourHandler(event('Create', ours));
    await ourHandler(event('Delete', ours, created.PhysicalResourceId));
    expect(glue.statements()).toEqual([...ACCOUNT_STATEMENTS, ...JSON.parse(v01.properties.Statements)]);
  });

  test('0.1.x Delete with no other zero-ETL statements keeps the account\'s; with none at all, it deletes the whole policy', async () => {
    const v01 = v01CustomResource();
    await seedAccountStatements();
    await runV01(event('Create', v01));
    expect(await runV01(event('Delete', v01, 'ZeroEtl_ordersicebergbucket'))).toMatchObject({ Status: 'SUCCESS' });
    expect(glue.statements()).toEqual(ACCOUNT_STATEMENTS);

    glue = new InMemoryGlue();
    await runV01(event('Create', v01));
    expect(glue.statements()).toHaveLength(4);
    expect(await runV01(event('Delete', v01, 'ZeroEtl_ordersicebergbucket'))).toMatchObject({ Status: 'SUCCESS' });
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(1);
    await expect(glue.get()).rejects.toThrow('Policy not found');
  });
});
