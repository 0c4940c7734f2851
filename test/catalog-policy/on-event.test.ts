import {
  AccessDeniedException,
  ConditionCheckFailureException,
  DeleteResourcePolicyCommand,
  EntityNotFoundException,
  GetResourcePolicyCommand,
  GlueClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-glue';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { DEFAULT_RETRY, handler, reconcileCatalogPolicy } from '../../src/catalog-policy/on-event.lambda';
import { sharedStatementSid } from '../../src/catalog-policy/policy-document';
import type { PolicyDocument, PolicyStatement } from '../../src/catalog-policy/policy-document';

const glueMock = mockClient(GlueClient);

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const CATALOG_ARN = `arn:aws:glue:${REGION}:${ACCOUNT}:catalog`;
const TARGET_CATALOG_ARN = `${CATALOG_ARN}/s3tablescatalog/analytics-bucket`;
const OTHER_TARGET_CATALOG_ARN = `${CATALOG_ARN}/s3tablescatalog/archive-bucket`;
const PREFIX = 'ZeroEtl0123456789abcdef';
const OTHER_STACK_PREFIX = 'ZeroEtlfedcba9876543210';
const PHYSICAL_ID = `glue-catalog-resource-policy:${PREFIX}`;
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1 };

/** The statement `authorizeInboundIntegrationStatement` renders, after CloudFormation resolved it. */
function authorizeStatement(sid: string, target: string, sourceTableNames: string[]): PolicyStatement {
  const sources = sourceTableNames.map(name => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`);
  return {
    Action: 'glue:AuthorizeInboundIntegration',
    Condition: { StringEquals: { 'aws:SourceArn': sources.length === 1 ? sources[0] : sources } },
    Effect: 'Allow',
    Principal: { Service: 'glue.amazonaws.com' },
    Resource: target,
    Sid: sid,
  };
}

/** The statement `createInboundIntegrationStatement` renders, after CloudFormation resolved it. */
function createStatement(sid: string, targets: string[]): PolicyStatement {
  return {
    Action: 'glue:CreateInboundIntegration',
    Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*` } },
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Resource: targets.length === 1 ? targets[0] : targets,
    Sid: sid,
  };
}

const OWN_V1: PolicyStatement[] = [
  authorizeStatement(`${PREFIX}Authorize0`, TARGET_CATALOG_ARN, ['orders']),
  createStatement(`${PREFIX}Create`, [TARGET_CATALOG_ARN]),
];

const OWN_V2: PolicyStatement[] = [
  authorizeStatement(`${PREFIX}Authorize0`, TARGET_CATALOG_ARN, ['orders', 'customers']),
  authorizeStatement(`${PREFIX}Authorize1`, OTHER_TARGET_CATALOG_ARN, ['invoices']),
  createStatement(`${PREFIX}Create`, [TARGET_CATALOG_ARN, OTHER_TARGET_CATALOG_ARN]),
];

/**
 * A policy as Glue returns it when Lake Formation shares the catalog cross-account (the RAM share
 * statement Lake Formation writes, and a cross-account grant with a boolean condition), pretty-printed
 * the way GetResourcePolicy returns it.
 */
const FOREIGN_POLICY_JSON = `{
  "Version" : "2012-10-17",
  "Statement" : [ {
    "Effect" : "Allow",
    "Principal" : {
      "Service" : "ram.amazonaws.com"
    },
    "Action" : "glue:ShareResource",
    "Resource" : [ "arn:aws:glue:${REGION}:${ACCOUNT}:table/*/*", "arn:aws:glue:${REGION}:${ACCOUNT}:database/*", "arn:aws:glue:${REGION}:${ACCOUNT}:catalog" ]
  }, {
    "Sid" : "LakeFormationCrossAccountGrant",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : [ "arn:aws:iam::444455556666:root" ]
    },
    "Action" : [ "glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartitions" ],
    "Resource" : [ "arn:aws:glue:${REGION}:${ACCOUNT}:catalog", "arn:aws:glue:${REGION}:${ACCOUNT}:database/sales", "arn:aws:glue:${REGION}:${ACCOUNT}:table/sales/*" ],
    "Condition" : {
      "Bool" : {
        "glue:EvaluatedByLakeFormationTags" : true
      }
    }
  } ]
}`;

const FOREIGN_STATEMENTS = (JSON.parse(FOREIGN_POLICY_JSON) as { Statement: PolicyStatement[] }).Statement;

/** A statement somebody else adds between our read and our write. */
const LATE_FOREIGN_STATEMENT: PolicyStatement = {
  Sid: `${OTHER_STACK_PREFIX}Create`,
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'glue:CreateInboundIntegration',
  Resource: `${CATALOG_ARN}/s3tablescatalog/other-stack-bucket`,
  Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*` } },
};

function policyJson(statements: PolicyStatement[], pretty = true): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, pretty ? 2 : undefined);
}

function notFound(): EntityNotFoundException {
  return new EntityNotFoundException({ message: 'Policy not found', $metadata: {} });
}

function hashMismatch(): ConditionCheckFailureException {
  return new ConditionCheckFailureException({ message: 'hash mismatch', $metadata: {} });
}

const COMMON = {
  ServiceToken: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:DynamoDbZeroEtlCatalogPolicyHandler`,
  ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/response',
  StackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/MyStack/11111111-2222-3333-4444-555555555555`,
  RequestId: '66666666-7777-8888-9999-000000000000',
  LogicalResourceId: 'DynamoDbZeroEtlCatalogResourcePolicyResource12345678',
  ResourceType: 'Custom::GlueCatalogResourcePolicy',
};

function properties(statements: PolicyStatement[], sidPrefix = PREFIX, shared?: PolicyStatement[]) {
  return { ServiceToken: COMMON.ServiceToken, SidPrefix: sidPrefix, Statements: statements, SharedStatements: shared };
}

function createEvent(statements: PolicyStatement[], shared?: PolicyStatement[], sidPrefix = PREFIX): CloudFormationCustomResourceCreateEvent {
  return { ...COMMON, RequestType: 'Create', ResourceProperties: properties(statements, sidPrefix, shared) };
}

function updateEvent(statements: PolicyStatement[], oldStatements: PolicyStatement[]): CloudFormationCustomResourceUpdateEvent {
  return {
    ...COMMON,
    RequestType: 'Update',
    PhysicalResourceId: PHYSICAL_ID,
    ResourceProperties: properties(statements),
    OldResourceProperties: properties(oldStatements),
  };
}

function deleteEvent(statements: PolicyStatement[], shared?: PolicyStatement[]): CloudFormationCustomResourceDeleteEvent {
  return { ...COMMON, RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: properties(statements, PREFIX, shared) };
}

/** The single PutResourcePolicy call's input, with its document parsed. */
function singlePut() {
  const puts = glueMock.commandCalls(PutResourcePolicyCommand);
  expect(puts).toHaveLength(1);
  const input = puts[0].args[0].input;
  return { input, document: JSON.parse(input.PolicyInJson!) as PolicyDocument };
}

function putDocuments(): PolicyDocument[] {
  return glueMock.commandCalls(PutResourcePolicyCommand).map(call => JSON.parse(call.args[0].input.PolicyInJson!) as PolicyDocument);
}

beforeEach(() => {
  glueMock.reset();
});

describe('handler', () => {
  test('Create with no existing policy puts only the own statements with NOT_EXIST', async () => {
    glueMock.on(GetResourcePolicyCommand).rejects(notFound());
    glueMock.on(PutResourcePolicyCommand).resolves({ PolicyHash: 'new-hash' });

    const response = await handler(createEvent(OWN_V1));

    expect(response).toEqual({ PhysicalResourceId: `glue-catalog-resource-policy:${PREFIX}` });
    expect(glueMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(1);
    const { input, document } = singlePut();
    expect(input.PolicyExistsCondition).toBe('NOT_EXIST');
    expect(input).not.toHaveProperty('PolicyHashCondition');
    expect(input.EnableHybrid).toBe('TRUE');
    expect(document).toEqual({ Version: '2012-10-17', Statement: OWN_V1 });
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });

  test('Create with an existing policy keeps the foreign statements byte for byte and guards with the hash', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({ PolicyHash: 'hash-2' });

    const response = await handler(createEvent(OWN_V1));

    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    const { input, document } = singlePut();
    expect(input.PolicyHashCondition).toBe('hash-1');
    expect(input.PolicyExistsCondition).toBe('MUST_EXIST');
    expect(input.EnableHybrid).toBe('TRUE');
    expect(document.Version).toBe('2012-10-17');
    const statements = document.Statement as PolicyStatement[];
    expect(statements).toHaveLength(FOREIGN_STATEMENTS.length + OWN_V1.length);
    FOREIGN_STATEMENTS.forEach((foreign, index) => {
      expect(JSON.stringify(statements[index])).toBe(JSON.stringify(foreign));
    });
    // The boolean condition value of the Lake Formation grant stays a boolean.
    expect((statements[1].Condition as any).Bool['glue:EvaluatedByLakeFormationTags']).toBe(true);
    expect(statements.slice(FOREIGN_STATEMENTS.length)).toEqual(OWN_V1);
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });

  test('Update replaces only the own statements', async () => {
    const otherStack = { ...LATE_FOREIGN_STATEMENT };
    const current = policyJson([FOREIGN_STATEMENTS[0], ...OWN_V1, otherStack, FOREIGN_STATEMENTS[1]]);
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: current, PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({ PolicyHash: 'hash-2' });

    const response = await handler(updateEvent(OWN_V2, OWN_V1));

    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    const { input, document } = singlePut();
    expect(input.PolicyHashCondition).toBe('hash-1');
    expect(input.PolicyExistsCondition).toBe('MUST_EXIST');
    expect(document.Statement).toEqual([FOREIGN_STATEMENTS[0], otherStack, FOREIGN_STATEMENTS[1], ...OWN_V2]);
    const ownSids = (document.Statement as PolicyStatement[]).map(s => s.Sid).filter(sid => sid?.startsWith(PREFIX));
    expect(ownSids).toEqual([`${PREFIX}Authorize0`, `${PREFIX}Authorize1`, `${PREFIX}Create`]);
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });

  test('Update that removes every own statement keeps the foreign ones', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: policyJson([...FOREIGN_STATEMENTS, ...OWN_V1]), PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({});

    await handler(updateEvent([], OWN_V1));

    const { input, document } = singlePut();
    expect(input.PolicyHashCondition).toBe('hash-1');
    expect(document.Statement).toEqual(FOREIGN_STATEMENTS);
  });

  test('Update with no change writes nothing', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: policyJson([...FOREIGN_STATEMENTS, ...OWN_V1]), PolicyHash: 'hash-1' });

    const response = await handler(updateEvent(OWN_V1, OWN_V1));

    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(glueMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(1);
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });

  test('Delete with foreign statements puts the policy without the own statements', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: policyJson([FOREIGN_STATEMENTS[0], ...OWN_V2, FOREIGN_STATEMENTS[1]]), PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({});

    // Delete must remove the own statements even though the event still lists them.
    const response = await handler(deleteEvent(OWN_V2));

    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    const { input, document } = singlePut();
    expect(input.PolicyHashCondition).toBe('hash-1');
    expect(input.PolicyExistsCondition).toBe('MUST_EXIST');
    expect(input.EnableHybrid).toBe('TRUE');
    expect(document).toEqual({ Version: '2012-10-17', Statement: FOREIGN_STATEMENTS });
    FOREIGN_STATEMENTS.forEach((foreign, index) => {
      expect(JSON.stringify((document.Statement as PolicyStatement[])[index])).toBe(JSON.stringify(foreign));
    });
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });

  test('Delete when only own statements exist deletes the policy with the hash guard', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: policyJson(OWN_V1), PolicyHash: 'hash-1' });
    glueMock.on(DeleteResourcePolicyCommand).resolves({});

    const response = await handler(deleteEvent(OWN_V1));

    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    const deletes = glueMock.commandCalls(DeleteResourcePolicyCommand);
    expect(deletes).toHaveLength(1);
    expect(deletes[0].args[0].input).toEqual({ PolicyHashCondition: 'hash-1' });
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
  });

  test('Delete when there is no policy at all writes nothing', async () => {
    glueMock.on(GetResourcePolicyCommand).rejects(notFound());

    const response = await handler(deleteEvent(OWN_V1));

    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(glueMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(1);
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });

  test('Delete when the policy holds only foreign statements writes nothing', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });

    await handler(deleteEvent(OWN_V1));

    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });

  test('Create rejects statements whose Sid lacks the prefix without writing', async () => {
    glueMock.on(GetResourcePolicyCommand).rejects(notFound());
    const bad = { ...OWN_V1[0], Sid: 'Unprefixed' };

    await expect(handler(createEvent([bad]))).rejects.toThrow(/Statement Sid 'Unprefixed' does not start with the owner prefix/);

    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });

  test('a read error other than "not found" is thrown and nothing is written', async () => {
    glueMock.on(GetResourcePolicyCommand).rejects(new AccessDeniedException({ message: 'not allowed to read', $metadata: {} }));

    await expect(handler(createEvent(OWN_V1))).rejects.toBeInstanceOf(AccessDeniedException);

    expect(glueMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(1);
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
  });

  describe('with fake timers', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    test('retries a hash conflict after the default backoff and then succeeds', async () => {
      glueMock.on(GetResourcePolicyCommand)
        .resolvesOnce({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' })
        .resolves({ PolicyInJson: policyJson([...FOREIGN_STATEMENTS, LATE_FOREIGN_STATEMENT]), PolicyHash: 'hash-2' });
      glueMock.on(PutResourcePolicyCommand).rejectsOnce(hashMismatch()).resolves({ PolicyHash: 'hash-3' });

      const result = handler(createEvent(OWN_V1));
      // First delay: baseDelayMs plus at most 50 % jitter.
      await jest.advanceTimersByTimeAsync(DEFAULT_RETRY.baseDelayMs * 1.5 + 1);

      await expect(result).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
      const puts = glueMock.commandCalls(PutResourcePolicyCommand);
      expect(puts).toHaveLength(2);
      expect(puts.map(call => call.args[0].input.PolicyHashCondition)).toEqual(['hash-1', 'hash-2']);
      expect(putDocuments()[1].Statement).toEqual([...FOREIGN_STATEMENTS, LATE_FOREIGN_STATEMENT, ...OWN_V1]);
    });
  });
});

describe('reconcileCatalogPolicy', () => {
  test('DEFAULT_RETRY is bounded', () => {
    expect(DEFAULT_RETRY).toEqual({ maxAttempts: 8, baseDelayMs: 500 });
  });

  test('hash conflict: reads again and keeps the statement someone else added in between', async () => {
    glueMock.on(GetResourcePolicyCommand)
      .resolvesOnce({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' })
      .resolves({ PolicyInJson: policyJson([...FOREIGN_STATEMENTS, LATE_FOREIGN_STATEMENT]), PolicyHash: 'hash-2' });
    glueMock.on(PutResourcePolicyCommand).rejectsOnce(hashMismatch()).resolves({ PolicyHash: 'hash-3' });

    await reconcileCatalogPolicy(new GlueClient({}), PREFIX, OWN_V1, [], FAST_RETRY);

    expect(glueMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(2);
    const puts = glueMock.commandCalls(PutResourcePolicyCommand);
    expect(puts).toHaveLength(2);
    expect(puts[0].args[0].input.PolicyHashCondition).toBe('hash-1');
    expect(puts[1].args[0].input.PolicyHashCondition).toBe('hash-2');
    expect(puts[1].args[0].input.PolicyExistsCondition).toBe('MUST_EXIST');
    const [first, second] = putDocuments();
    expect(first.Statement).toEqual([...FOREIGN_STATEMENTS, ...OWN_V1]);
    expect(second.Statement).toEqual([...FOREIGN_STATEMENTS, LATE_FOREIGN_STATEMENT, ...OWN_V1]);
  });

  test('policy created by someone else between read and NOT_EXIST write: retries with MUST_EXIST', async () => {
    glueMock.on(GetResourcePolicyCommand)
      .rejectsOnce(notFound())
      .resolves({ PolicyInJson: policyJson([LATE_FOREIGN_STATEMENT]), PolicyHash: 'hash-2' });
    glueMock.on(PutResourcePolicyCommand).rejectsOnce(hashMismatch()).resolves({});

    await reconcileCatalogPolicy(new GlueClient({}), PREFIX, OWN_V1, [], FAST_RETRY);

    const puts = glueMock.commandCalls(PutResourcePolicyCommand);
    expect(puts).toHaveLength(2);
    expect(puts[0].args[0].input.PolicyExistsCondition).toBe('NOT_EXIST');
    expect(puts[0].args[0].input.PolicyHashCondition).toBeUndefined();
    expect(puts[1].args[0].input.PolicyExistsCondition).toBe('MUST_EXIST');
    expect(puts[1].args[0].input.PolicyHashCondition).toBe('hash-2');
    expect(putDocuments()[1].Statement).toEqual([LATE_FOREIGN_STATEMENT, ...OWN_V1]);
  });

  test('policy deleted by someone else between read and write (EntityNotFoundException): retries', async () => {
    glueMock.on(GetResourcePolicyCommand)
      .resolvesOnce({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' })
      .rejects(notFound());
    glueMock.on(PutResourcePolicyCommand).rejectsOnce(notFound()).resolves({});

    await reconcileCatalogPolicy(new GlueClient({}), PREFIX, OWN_V1, [], FAST_RETRY);

    const puts = glueMock.commandCalls(PutResourcePolicyCommand);
    expect(puts).toHaveLength(2);
    expect(puts[1].args[0].input.PolicyExistsCondition).toBe('NOT_EXIST');
    expect(putDocuments()[1]).toEqual({ Version: '2012-10-17', Statement: OWN_V1 });
  });

  test('conflicting delete: reads again and puts the foreign statement added in between', async () => {
    glueMock.on(GetResourcePolicyCommand)
      .resolvesOnce({ PolicyInJson: policyJson(OWN_V1), PolicyHash: 'hash-1' })
      .resolves({ PolicyInJson: policyJson([...OWN_V1, LATE_FOREIGN_STATEMENT]), PolicyHash: 'hash-2' });
    glueMock.on(DeleteResourcePolicyCommand).rejects(hashMismatch());
    glueMock.on(PutResourcePolicyCommand).resolves({});

    await reconcileCatalogPolicy(new GlueClient({}), PREFIX, [], [], FAST_RETRY);

    const deletes = glueMock.commandCalls(DeleteResourcePolicyCommand);
    expect(deletes).toHaveLength(1);
    expect(deletes[0].args[0].input.PolicyHashCondition).toBe('hash-1');
    const { input, document } = singlePut();
    expect(input.PolicyHashCondition).toBe('hash-2');
    expect(document.Statement).toEqual([LATE_FOREIGN_STATEMENT]);
  });

  test('gives up after maxAttempts conflicting writes', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).rejects(hashMismatch());

    const result = reconcileCatalogPolicy(new GlueClient({}), PREFIX, OWN_V1, [], FAST_RETRY);

    await expect(result).rejects.toThrow(Error);
    await expect(result).rejects.toThrow(/Gave up .* after 3 attempts/);
    await expect(result).rejects.toThrow(`Sid prefix '${PREFIX}'`);
    await expect(result).rejects.toThrow(/Last error: hash mismatch/);
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(3);
    expect(glueMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(3);
  });

  test('maxAttempts 1 makes a single attempt', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).rejects(hashMismatch());

    await expect(reconcileCatalogPolicy(new GlueClient({}), PREFIX, OWN_V1, [], { maxAttempts: 1, baseDelayMs: 1 }))
      .rejects.toThrow(/Gave up .* after 1 attempts/);
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(1);
  });

  test('AccessDeniedException from the write is thrown at once, without retry', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    const denied = new AccessDeniedException({ message: 'not authorized to perform glue:PutResourcePolicy', $metadata: {} });
    glueMock.on(PutResourcePolicyCommand).rejects(denied);

    await expect(reconcileCatalogPolicy(new GlueClient({}), PREFIX, OWN_V1, [], FAST_RETRY)).rejects.toBe(denied);

    expect(glueMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(1);
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(1);
  });

  test('a generic Error from the write is thrown at once, without retry', async () => {
    glueMock.on(GetResourcePolicyCommand).rejects(notFound());
    glueMock.on(PutResourcePolicyCommand).rejects(new Error('socket hang up'));

    await expect(reconcileCatalogPolicy(new GlueClient({}), PREFIX, OWN_V1, [], FAST_RETRY)).rejects.toThrow('socket hang up');

    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(1);
  });
});

/** The shared pair of the account-wide scope, after CloudFormation resolved it (no Sids). */
const ANY_TABLE_CONDITION = { ArnLike: { 'aws:SourceArn': `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*` } };
const SHARED_PAIR: PolicyStatement[] = [
  {
    Effect: 'Allow',
    Principal: { Service: 'glue.amazonaws.com' },
    Action: 'glue:AuthorizeInboundIntegration',
    Resource: `${CATALOG_ARN}/s3tablescatalog/*`,
    Condition: ANY_TABLE_CONDITION,
  },
  {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: 'glue:CreateInboundIntegration',
    Resource: `${CATALOG_ARN}/s3tablescatalog/*`,
    Condition: ANY_TABLE_CONDITION,
  },
];

describe('account-wide scope', () => {
  test('Create adds the shared pair with Sids derived from their content', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({});

    await handler(createEvent([], SHARED_PAIR));

    const statements = singlePut().document.Statement as PolicyStatement[];
    expect(statements.slice(0, FOREIGN_STATEMENTS.length)).toEqual(FOREIGN_STATEMENTS);
    const shared = statements.slice(FOREIGN_STATEMENTS.length);
    expect(shared.map(s => s.Sid)).toEqual([expect.stringMatching(/^ZeroEtlAccountWide[0-9a-f]{16}$/), expect.stringMatching(/^ZeroEtlAccountWide[0-9a-f]{16}$/)]);
    expect(shared[0].Sid).not.toEqual(shared[1].Sid);
    expect(shared.map(({ Sid: _sid, ...rest }) => rest)).toEqual(SHARED_PAIR);
  });

  test('a second stack writing the same pair changes nothing; its own statements are added once', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({});
    await handler(createEvent([], SHARED_PAIR));
    const afterFirst = singlePut().input.PolicyInJson!;

    glueMock.reset();
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: afterFirst, PolicyHash: 'hash-2' });
    await handler(createEvent([], SHARED_PAIR, OTHER_STACK_PREFIX));
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);

    glueMock.on(PutResourcePolicyCommand).resolves({});
    const own = [createStatement(`${OTHER_STACK_PREFIX}Create`, [TARGET_CATALOG_ARN])];
    await handler(createEvent(own, SHARED_PAIR, OTHER_STACK_PREFIX));
    const statements = singlePut().document.Statement as PolicyStatement[];
    expect(statements.filter(s => s.Sid?.startsWith('ZeroEtlAccountWide'))).toHaveLength(2);
    expect(statements.slice(-1)).toEqual(own);
  });

  test('Delete keeps the shared pair for the other stacks', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({});
    await handler(createEvent(OWN_V1, SHARED_PAIR));
    const withShared = singlePut().input.PolicyInJson!;

    glueMock.reset();
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: withShared, PolicyHash: 'hash-2' });
    glueMock.on(PutResourcePolicyCommand).resolves({});
    await handler(deleteEvent(OWN_V1, SHARED_PAIR));

    const statements = singlePut().document.Statement as PolicyStatement[];
    expect(statements.filter(s => s.Sid?.startsWith(PREFIX))).toEqual([]);
    expect(statements.filter(s => s.Sid?.startsWith('ZeroEtlAccountWide'))).toHaveLength(2);
    expect(glueMock.commandCalls(DeleteResourcePolicyCommand)).toHaveLength(0);
  });
});

describe('the 10,240-byte limit', () => {
  /** One authorize statement listing `tables` source tables. */
  function ownStatementsWith(tables: number): PolicyStatement[] {
    const names = Array.from({ length: tables }, (_, i) => `table-${String(i).padStart(4, '0')}`);
    return [authorizeStatement(`${PREFIX}Authorize0`, TARGET_CATALOG_ARN, names)];
  }

  /** The size of the document the handler would write: the foreign statements, then `own`. */
  function mergedBytes(own: PolicyStatement[]): number {
    return Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Statement: [...FOREIGN_STATEMENTS, ...own] }));
  }

  /** The most source tables whose statement still fits next to the foreign statements. */
  function mostThatFit(): number {
    let tables = 1;
    while (mergedBytes(ownStatementsWith(tables + 1)) <= 10240) {
      tables++;
    }
    return tables;
  }

  test('a merged document one table over the limit fails before any write, with this stack\'s, everyone else\'s bytes and the limit', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    const own = ownStatementsWith(mostThatFit() + 1);
    const foreignBytes = Buffer.byteLength(JSON.stringify(FOREIGN_STATEMENTS));

    const result = handler(createEvent(own));

    await expect(result).rejects.toThrow(
      `The Glue Data Catalog resource policy would be ${mergedBytes(own)} bytes, over Glue's limit of 10240: this stack's statements ` +
      `(Sid prefix '${PREFIX}') are ${Buffer.byteLength(JSON.stringify(own))} bytes and everyone else's ${foreignBytes} bytes. Nothing was written.`);
    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
    expect(glueMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(1);
  });

  test('a merged document of exactly as many tables as fit is written', async () => {
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: FOREIGN_POLICY_JSON, PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({});

    await handler(createEvent(ownStatementsWith(mostThatFit())));

    const written = Buffer.byteLength(singlePut().input.PolicyInJson!);
    expect(written).toBeLessThanOrEqual(10240);
    expect(written).toBeGreaterThan(10240 - 20);
  });

  test('a delete goes through a policy that someone else filled over the limit', async () => {
    const foreignFiller: PolicyStatement = { ...FOREIGN_STATEMENTS[0], Sid: 'SomeoneElse', Resource: 'x'.repeat(10240) };
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: policyJson([foreignFiller, ...OWN_V1]), PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({});

    await handler(deleteEvent(OWN_V1));

    expect(singlePut().document.Statement).toEqual([foreignFiller]);
  });

  test('an update that shrinks this stack\'s statements goes through a policy that someone else filled over the limit', async () => {
    const foreignFiller: PolicyStatement = { ...FOREIGN_STATEMENTS[0], Sid: 'SomeoneElse', Resource: 'x'.repeat(10240) };
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: policyJson([foreignFiller, ...ownStatementsWith(3)]), PolicyHash: 'hash-1' });
    glueMock.on(PutResourcePolicyCommand).resolves({});

    await handler(updateEvent(ownStatementsWith(2), ownStatementsWith(3)));

    expect(singlePut().document.Statement).toEqual([foreignFiller, ...ownStatementsWith(2)]);
  });
});

describe('shared statements compare by content, not key order', () => {
  test('a pair stored with its keys in another order is found, and nothing is written', async () => {
    const reordered = SHARED_PAIR.map(statement => Object.fromEntries(Object.entries(statement).reverse()));
    const stored = reordered.map(statement => ({ Sid: sharedStatementSid(statement as PolicyStatement), ...statement }));
    expect(stored.map(s => s.Sid)).toEqual(SHARED_PAIR.map(sharedStatementSid));
    glueMock.on(GetResourcePolicyCommand).resolves({ PolicyInJson: policyJson([...FOREIGN_STATEMENTS, ...stored]), PolicyHash: 'hash-1' });

    await handler(createEvent([], SHARED_PAIR));

    expect(glueMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
  });
});
