import { mergeOwnStatements, PolicyChange, PolicyDocument, PolicyStatement } from '../../src/catalog-policy/policy-document';

const PREFIX = 'ZeroEtl0123456789abcdef';
const OTHER_STACK_PREFIX = 'ZeroEtlfedcba9876543210';
const CATALOG_ARN = 'arn:aws:glue:eu-west-1:111122223333:catalog';

function ownStatement(suffix: string, principal = 'glue.amazonaws.com'): PolicyStatement {
  return {
    Sid: `${PREFIX}${suffix}`,
    Effect: 'Allow',
    Principal: { Service: principal },
    Action: 'glue:AuthorizeInboundIntegration',
    Resource: `${CATALOG_ARN}/s3tablescatalog/bucket-${suffix}`,
  };
}

/** A Lake Formation cross-account grant, as Lake Formation writes it (no Sid). */
const LAKE_FORMATION_GRANT: PolicyStatement = {
  Effect: 'Allow',
  Action: ['glue:ShareResource'],
  Principal: { Service: ['ram.amazonaws.com'] },
  Resource: [
    'arn:aws:glue:eu-west-1:111122223333:table/*/*',
    'arn:aws:glue:eu-west-1:111122223333:database/*',
    CATALOG_ARN,
  ],
};

/** A statement somebody wrote by hand, with an unrelated Sid and a Condition. */
const MANUAL_GRANT: PolicyStatement = {
  Sid: 'AllowAnalyticsAccountRead',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::444455556666:root' },
  Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables'],
  Resource: [CATALOG_ARN, 'arn:aws:glue:eu-west-1:111122223333:database/analytics'],
  Condition: { Bool: { 'glue:EvaluatedByLakeFormationTags': 'true' } },
};

function expectPut(change: PolicyChange): PolicyDocument {
  expect(change.kind).toBe('put');
  if (change.kind !== 'put') {
    throw new Error('unreachable');
  }
  return JSON.parse(change.policyInJson) as PolicyDocument;
}

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  expect(Array.isArray(document.Statement)).toBe(true);
  return document.Statement as PolicyStatement[];
}

describe('mergeOwnStatements', () => {
  test('no current policy and own statements: puts a new document with Version 2012-10-17', () => {
    const own = [ownStatement('Authorize0'), ownStatement('Create')];

    const document = expectPut(mergeOwnStatements(undefined, PREFIX, own));

    expect(document).toEqual({ Version: '2012-10-17', Statement: own });
    expect(Object.keys(document)).toEqual(['Version', 'Statement']);
  });

  test('empty-string current policy is treated as no policy', () => {
    const own = [ownStatement('Create')];

    const document = expectPut(mergeOwnStatements('  ', PREFIX, own));

    expect(document).toEqual({ Version: '2012-10-17', Statement: own });
  });

  test('keeps foreign statements exactly, in their order, and other top-level keys', () => {
    const current = JSON.stringify({
      Version: '2012-10-17',
      Id: 'catalog-policy',
      Statement: [LAKE_FORMATION_GRANT, MANUAL_GRANT],
    }, null, 2);
    const own = [ownStatement('Authorize0')];

    const document = expectPut(mergeOwnStatements(current, PREFIX, own));

    expect(document.Version).toBe('2012-10-17');
    expect(document.Id).toBe('catalog-policy');
    const statements = statementsOf(document);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toEqual(LAKE_FORMATION_GRANT);
    expect(JSON.stringify(statements[0])).toBe(JSON.stringify(LAKE_FORMATION_GRANT));
    expect(statements[1]).toEqual(MANUAL_GRANT);
    expect(JSON.stringify(statements[1])).toBe(JSON.stringify(MANUAL_GRANT));
    expect(statements[2]).toEqual(own[0]);
  });

  test('keeps a non-default Version of the current document', () => {
    const current = JSON.stringify({ Version: '2008-10-17', Statement: [MANUAL_GRANT] });

    const document = expectPut(mergeOwnStatements(current, PREFIX, [ownStatement('Create')]));

    expect(document.Version).toBe('2008-10-17');
  });

  test('replaces own statements instead of duplicating them', () => {
    const oldOwn = [ownStatement('Authorize0', 'old.amazonaws.com'), ownStatement('Authorize1'), ownStatement('Create', 'old.amazonaws.com')];
    const current = JSON.stringify({
      Version: '2012-10-17',
      Statement: [oldOwn[0], MANUAL_GRANT, oldOwn[1], LAKE_FORMATION_GRANT, oldOwn[2]],
    });
    const newOwn = [ownStatement('Authorize0'), ownStatement('Create')];

    const statements = statementsOf(expectPut(mergeOwnStatements(current, PREFIX, newOwn)));

    expect(statements).toEqual([MANUAL_GRANT, LAKE_FORMATION_GRANT, ...newOwn]);
    const sids = statements.map(s => s.Sid).filter((sid): sid is string => sid !== undefined);
    expect(new Set(sids).size).toBe(sids.length);
    expect(statements.filter(s => s.Sid?.startsWith(PREFIX))).toEqual(newOwn);
  });

  test('keeps the statements of another stack whose prefix differs', () => {
    const otherStack: PolicyStatement = { ...ownStatement('Create'), Sid: `${OTHER_STACK_PREFIX}Create` };
    const current = JSON.stringify({
      Version: '2012-10-17',
      Statement: [otherStack, ownStatement('Create', 'old.amazonaws.com')],
    });
    const own = [ownStatement('Create')];

    const statements = statementsOf(expectPut(mergeOwnStatements(current, PREFIX, own)));

    expect(statements).toEqual([otherStack, ...own]);
    expect(JSON.stringify(statements[0])).toBe(JSON.stringify(otherStack));
  });

  test('handles a single-object Statement that is foreign', () => {
    const current = JSON.stringify({ Version: '2012-10-17', Statement: MANUAL_GRANT });
    const own = [ownStatement('Create')];

    const statements = statementsOf(expectPut(mergeOwnStatements(current, PREFIX, own)));

    expect(statements).toEqual([MANUAL_GRANT, ...own]);
  });

  test('handles a single-object Statement that is own and is replaced', () => {
    const current = JSON.stringify({ Version: '2012-10-17', Statement: ownStatement('Create', 'old.amazonaws.com') });
    const own = [ownStatement('Create')];

    const statements = statementsOf(expectPut(mergeOwnStatements(current, PREFIX, own)));

    expect(statements).toEqual(own);
  });

  test('deletes the policy when only own statements were in it and none are left', () => {
    const current = JSON.stringify({ Version: '2012-10-17', Statement: [ownStatement('Authorize0'), ownStatement('Create')] });

    expect(mergeOwnStatements(current, PREFIX, [])).toEqual({ kind: 'delete' });
  });

  test('deletes the policy when its single-object Statement is own and none are left', () => {
    const current = JSON.stringify({ Version: '2012-10-17', Statement: ownStatement('Create') });

    expect(mergeOwnStatements(current, PREFIX, [])).toEqual({ kind: 'delete' });
  });

  test('removing own statements keeps the foreign ones (put, not delete)', () => {
    const current = JSON.stringify({ Version: '2012-10-17', Statement: [MANUAL_GRANT, ownStatement('Create')] });

    const document = expectPut(mergeOwnStatements(current, PREFIX, []));

    expect(document).toEqual({ Version: '2012-10-17', Statement: [MANUAL_GRANT] });
  });

  test('no current policy and nothing to write: unchanged', () => {
    expect(mergeOwnStatements(undefined, PREFIX, [])).toEqual({ kind: 'unchanged' });
    expect(mergeOwnStatements('', PREFIX, [])).toEqual({ kind: 'unchanged' });
  });

  test('identical content: unchanged, even when the stored document is pretty-printed', () => {
    const own = [ownStatement('Authorize0'), ownStatement('Create')];
    const current = JSON.stringify({ Version: '2012-10-17', Statement: [LAKE_FORMATION_GRANT, ...own] }, null, 4);

    expect(mergeOwnStatements(current, PREFIX, own)).toEqual({ kind: 'unchanged' });
  });

  test('own statements unchanged but followed by a later writer\'s statement: unchanged, not reordered', () => {
    const current = JSON.stringify({ Version: '2012-10-17', Statement: [ownStatement('A'), MANUAL_GRANT] });
    expect(mergeOwnStatements(current, PREFIX, [ownStatement('A')])).toEqual({ kind: 'unchanged' });
  });

  test('identical single-object Statement: unchanged', () => {
    const own = [ownStatement('Create')];
    const current = JSON.stringify({ Version: '2012-10-17', Statement: own[0] });

    expect(mergeOwnStatements(current, PREFIX, own)).toEqual({ kind: 'unchanged' });
  });

  test('own statement whose Sid lacks the prefix: throws', () => {
    const bad: PolicyStatement = { ...ownStatement('Create'), Sid: 'SomethingElse' };

    expect(() => mergeOwnStatements(undefined, PREFIX, [ownStatement('Authorize0'), bad]))
      .toThrow(`Statement Sid 'SomethingElse' does not start with the owner prefix '${PREFIX}'`);
  });

  test('own statement without a Sid: throws', () => {
    const noSid: PolicyStatement = ownStatement('Create');
    delete noSid.Sid;

    expect(() => mergeOwnStatements(undefined, PREFIX, [noSid]))
      .toThrow(`Statement Sid 'undefined' does not start with the owner prefix '${PREFIX}'`);
  });

  test.each([
    ['an array', '[]'],
    ['a string', '"policy"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('current policy that is %s: throws', (_what, policyInJson) => {
    expect(() => mergeOwnStatements(policyInJson, PREFIX, [ownStatement('Create')]))
      .toThrow(`The Glue Data Catalog resource policy is not a JSON object: ${policyInJson}`);
  });

  test('current policy that is not JSON at all: throws', () => {
    expect(() => mergeOwnStatements('{not json', PREFIX, [ownStatement('Create')])).toThrow(SyntaxError);
  });

  test('does not mutate the own statements passed in', () => {
    const own = [ownStatement('Create')];
    const snapshot = JSON.stringify(own);

    mergeOwnStatements(JSON.stringify({ Statement: [MANUAL_GRANT] }), PREFIX, own);

    expect(JSON.stringify(own)).toBe(snapshot);
  });
});
