import * as crypto from 'crypto';

/**
 * Pure functions that merge one stack's statements into the account-wide Glue Data Catalog
 * resource policy without touching anybody else's statements. Shared by the handler and its tests.
 */

/**
 * Glue's limit on the Data Catalog resource policy, in bytes of the JSON document. The Glue guide's
 * resource-policy page says "its size is limited to 10 KB", and the Glue API model gave
 * `PolicyInJson` a maximum length of 10,240 until 2022. Assumed: Glue still enforces it and counts
 * the bytes of the document as sent (the docs do not say how it is measured).
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/glue-resource-policies.html
 */
export const CATALOG_POLICY_MAX_BYTES = 10240;

/** Size in bytes of a policy document holding `statements`, written as compact JSON (as the handler writes it). */
export function policyBytes(statements: unknown): number {
  return Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
}

/** One IAM policy statement as it appears in a policy document. */
export type PolicyStatement = { Sid?: string; [key: string]: unknown };

/** A policy document as Glue stores it: `Statement` may be a single object or a list. */
export interface PolicyDocument {
  Version?: string;
  Statement?: PolicyStatement | PolicyStatement[];
  [key: string]: unknown;
}

/** What the merge decided the catalog policy must become. */
export type PolicyChange =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'put'; readonly policyInJson: string }
  | { readonly kind: 'delete' };

/** Marks the shared statements of `CatalogPolicyScope.ACCOUNT_WIDE`; no stack's Sid prefix starts so. */
export const SHARED_SID_PREFIX = 'ZeroEtlAccountWide';

/**
 * The Sid of a shared statement, derived from its deployed content: every stack that writes the
 * same statement gives it the same Sid, so writing it again changes nothing.
 */
export function sharedStatementSid(statement: PolicyStatement): string {
  const { Sid: _ignored, ...content } = statement;
  return SHARED_SID_PREFIX + crypto.createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 16);
}

/** JSON with every object's keys sorted, so that documents that differ only in key order compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner) => (inner !== null && typeof inner === 'object' && !Array.isArray(inner)
    ? Object.fromEntries(Object.keys(inner).sort().map(key => [key, inner[key]]))
    : inner));
}

/**
 * Replaces the statements whose `Sid` starts with `sidPrefix` by `ownStatements` and adds each of
 * `sharedStatements` that is not there yet, keeping every other statement (and every other
 * top-level key of the document) as it was, in its original order. Shared statements are never
 * removed: other stacks rely on them.
 *
 * @param currentPolicyInJson the document `GetResourcePolicy` returned, or undefined when there is none
 * @param sidPrefix marks the statements this stack owns; every own statement must carry it
 * @param ownStatements the statements this stack wants in the policy (empty on delete)
 * @param sharedStatements statements without a Sid that any stack may write (empty on delete)
 * @throws Error when an own statement's Sid does not start with `sidPrefix`, when the current
 *   document is not a JSON object, or when the merged document is over `CATALOG_POLICY_MAX_BYTES`
 *   and this stack's statements in it grew
 */
export function mergeOwnStatements(
  currentPolicyInJson: string | undefined,
  sidPrefix: string,
  ownStatements: PolicyStatement[],
  sharedStatements: PolicyStatement[] = [],
): PolicyChange {
  for (const statement of ownStatements) {
    if (!statement.Sid?.startsWith(sidPrefix)) {
      throw new Error(`Statement Sid '${statement.Sid}' does not start with the owner prefix '${sidPrefix}'`);
    }
  }

  const current = parseDocument(currentPolicyInJson);
  const currentStatements = statementList(current);
  const currentOwn = currentStatements.filter(s => isOwnedBy(s, sidPrefix));
  const missingShared = sharedStatements
    .map(s => ({ Sid: sharedStatementSid(s), ...s }))
    .filter(s => !currentStatements.some(c => canonicalJson(c) === canonicalJson(s)));
  // Compared wherever they sit, so that other writers appending after us do not force a rewrite.
  if (canonicalJson(currentOwn) === canonicalJson(ownStatements) && missingShared.length === 0) {
    return { kind: 'unchanged' };
  }

  const others = currentStatements.filter(s => !isOwnedBy(s, sidPrefix) && !missingShared.some(m => m.Sid === s.Sid));
  const mine = [...ownStatements, ...missingShared];
  const nextStatements = [...others, ...mine];
  if (nextStatements.length === 0) {
    return { kind: 'delete' };
  }

  const next: PolicyDocument = { Version: '2012-10-17', ...current, Statement: nextStatements };
  const policyInJson = JSON.stringify(next);
  const bytes = Buffer.byteLength(policyInJson);
  // Only a write that grows this stack's share is refused: a delete or a shrinking update always goes
  // through, so that a policy already over the limit (by Glue's count or someone else's) never blocks one.
  const grows = Buffer.byteLength(JSON.stringify(mine)) > Buffer.byteLength(JSON.stringify(currentOwn));
  if (bytes > CATALOG_POLICY_MAX_BYTES && grows) {
    throw new Error(
      `The Glue Data Catalog resource policy would be ${bytes} bytes, over Glue's limit of ${CATALOG_POLICY_MAX_BYTES}: ` +
      `this stack's statements (Sid prefix '${sidPrefix}') are ${Buffer.byteLength(JSON.stringify(mine))} bytes and everyone ` +
      `else's ${Buffer.byteLength(JSON.stringify(others))} bytes. Nothing was written. Use fewer targets in this stack, ` +
      'or catalogPolicyScope ACCOUNT_WIDE, or remove statements that are no longer needed from the policy.');
  }
  return { kind: 'put', policyInJson };
}

function isOwnedBy(statement: PolicyStatement, sidPrefix: string): boolean {
  return typeof statement.Sid === 'string' && statement.Sid.startsWith(sidPrefix);
}

function parseDocument(policyInJson: string | undefined): PolicyDocument | undefined {
  if (policyInJson === undefined || policyInJson.trim() === '') {
    return undefined;
  }
  const parsed: unknown = JSON.parse(policyInJson);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`The Glue Data Catalog resource policy is not a JSON object: ${policyInJson}`);
  }
  return parsed as PolicyDocument;
}

function statementList(document: PolicyDocument | undefined): PolicyStatement[] {
  const statement = document?.Statement;
  if (statement === undefined) {
    return [];
  }
  return Array.isArray(statement) ? statement : [statement];
}
