import {
  ConditionCheckFailureException,
  DeleteResourcePolicyCommand,
  EntityNotFoundException,
  GetResourcePolicyCommand,
  GlueClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { InMemoryGlue } from './in-memory-glue';
import { reconcileCatalogPolicy } from '../../src/catalog-policy/on-event.lambda';
import { PolicyStatement, SHARED_SID_PREFIX } from '../../src/catalog-policy/policy-document';

/**
 * A seeded, randomized race of the catalog-policy handler: several stacks create, update and delete
 * their statements at once, while foreign writers (standing for Lake Formation, RAM or another team)
 * add and remove their own statements in between. An in-memory Glue enforces what the real one
 * promises: `PolicyHashCondition`, `PolicyExistsCondition` and the 10,240-byte limit. After every
 * round, the policy must hold every foreign statement byte for byte, each live stack's statements
 * exactly once, none of a deleted stack's, and each shared statement once.
 */

const SEEDS = [1, 7, 42];
const ROUNDS = 150;
const STACKS = 5;
const FOREIGN_WRITERS = 2;
const RETRY = { maxAttempts: 60, baseDelayMs: 1 };
const CATALOG = 'arn:aws:glue:eu-west-1:111122223333:catalog';

/** mulberry32: a small seeded PRNG, so that a failing seed replays exactly. */
/* eslint-disable no-bitwise -- the generator is defined by its 32-bit integer arithmetic */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

/** A foreign writer: reads, changes only its own statement, writes back with the hash, retries on conflict. */
async function foreignWrite(glue: InMemoryGlue, statement: PolicyStatement, present: boolean): Promise<void> {
  for (;;) {
    let current: { PolicyInJson?: string; PolicyHash?: string } | undefined;
    try {
      current = await glue.get();
    } catch {
      current = undefined;
    }
    const others = current ? (JSON.parse(current.PolicyInJson!).Statement as PolicyStatement[]).filter(s => s.Sid !== statement.Sid) : [];
    const next = present ? [...others, statement] : others;
    try {
      if (next.length === 0) {
        if (current) {
          await glue.delete({ PolicyHashCondition: current.PolicyHash });
        }
      } else {
        await glue.put({
          PolicyInJson: JSON.stringify({ Version: '2012-10-17', Statement: next }),
          ...(current ? { PolicyHashCondition: current.PolicyHash, PolicyExistsCondition: 'MUST_EXIST' } : { PolicyExistsCondition: 'NOT_EXIST' }),
        });
      }
      return;
    } catch (error) {
      if (!(error instanceof ConditionCheckFailureException || error instanceof EntityNotFoundException)) {
        throw error;
      }
    }
  }
}

function stackStatements(prefix: string, next: () => number): PolicyStatement[] {
  const targets = 1 + Math.floor(next() * 3);
  const statements: PolicyStatement[] = Array.from({ length: targets }, (_, t) => ({
    Sid: `${prefix}Authorize${t}`,
    Effect: 'Allow',
    Principal: { Service: 'glue.amazonaws.com' },
    Action: 'glue:AuthorizeInboundIntegration',
    Resource: `${CATALOG}/s3tablescatalog/bucket-${t}`,
    Condition: { StringEquals: { 'aws:SourceArn': Array.from({ length: 1 + Math.floor(next() * 4) }, (__, i) => `arn:aws:dynamodb:eu-west-1:111122223333:table/t${i}`) } },
  }));
  return [...statements, { Sid: `${prefix}Create`, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'glue:CreateInboundIntegration', Resource: `${CATALOG}/s3tablescatalog/*` }];
}

const SHARED: PolicyStatement[] = [{
  Effect: 'Allow',
  Principal: { Service: 'glue.amazonaws.com' },
  Action: 'glue:AuthorizeInboundIntegration',
  Resource: `${CATALOG}/s3tablescatalog/*`,
  Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:dynamodb:eu-west-1:111122223333:table/*' } },
}];

const glueMock = mockClient(GlueClient);

describe.each(SEEDS)('seed %i', seed => {
  test(`${STACKS} stacks and ${FOREIGN_WRITERS} foreign writers, ${ROUNDS} rounds: every invariant holds after every round`, async () => {
    const next = random(seed);
    const glue = new InMemoryGlue(() => new Promise(resolve => setTimeout(resolve, Math.floor(next() * 3))));
    glueMock.reset();
    glueMock.on(GetResourcePolicyCommand).callsFake(() => glue.get());
    glueMock.on(PutResourcePolicyCommand).callsFake(input => glue.put(input));
    glueMock.on(DeleteResourcePolicyCommand).callsFake(input => glue.delete(input));
    const client = new GlueClient({});

    const prefixes = Array.from({ length: STACKS }, (_, i) => `ZeroEtl${String(i).padStart(16, '0')}`);
    const live = new Map<string, PolicyStatement[]>();
    const deleted = new Set<string>();
    const foreign = Array.from({ length: FOREIGN_WRITERS }, (_, i): PolicyStatement => ({
      Sid: `LakeFormationGrant${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::44445555666${i}:root` },
      Action: ['glue:GetDatabase', 'glue:GetTable'],
      Resource: [CATALOG, `arn:aws:glue:eu-west-1:111122223333:database/shared_${i}`],
      Condition: { Bool: { 'glue:EvaluatedByLakeFormationTags': true } },
    }));
    const foreignPresent = new Set<string>();
    let sharedWritten = false;

    for (let round = 0; round < ROUNDS; round++) {
      const operations: Array<Promise<void>> = [];
      for (const prefix of prefixes) {
        const roll = next();
        if (roll < 0.45) {
          const statements = stackStatements(prefix, next);
          const shared = next() < 0.3 ? SHARED : [];
          sharedWritten ||= shared.length > 0;
          live.set(prefix, statements);
          deleted.delete(prefix);
          operations.push(reconcileCatalogPolicy(client, prefix, statements, shared, RETRY));
        } else if (roll < 0.6 && live.has(prefix)) {
          live.delete(prefix);
          deleted.add(prefix);
          operations.push(reconcileCatalogPolicy(client, prefix, [], [], RETRY));
        }
      }
      for (const statement of foreign) {
        if (next() < 0.3) {
          const present = !foreignPresent.has(statement.Sid!);
          if (present) {
            foreignPresent.add(statement.Sid!);
          } else {
            foreignPresent.delete(statement.Sid!);
          }
          operations.push(foreignWrite(glue, statement, present));
        }
      }
      await Promise.all(operations);

      const statements = glue.statements();
      for (const statement of foreign) {
        const found = statements.filter(s => s.Sid === statement.Sid).map(s => JSON.stringify(s));
        expect(found).toEqual(foreignPresent.has(statement.Sid!) ? [JSON.stringify(statement)] : []);
      }
      for (const [prefix, own] of live) {
        expect(statements.filter(s => s.Sid?.startsWith(prefix))).toEqual(own);
      }
      for (const prefix of deleted) {
        expect(statements.filter(s => s.Sid?.startsWith(prefix))).toEqual([]);
      }
      expect(statements.filter(s => s.Sid?.startsWith(SHARED_SID_PREFIX))).toHaveLength(sharedWritten ? SHARED.length : 0);
    }
    // The race was real: writers collided, and the handler retried through the collisions.
    expect(glue.conflicts).toBeGreaterThan(ROUNDS / 10);
    console.log(`seed ${seed}: ${ROUNDS} rounds, ${STACKS} stacks, ${FOREIGN_WRITERS} foreign writers: ${glue.writes} writes, ${glue.conflicts} conflicts retried`);
  }, 120_000);
});
