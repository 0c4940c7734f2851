/**
 * Pure functions that merge one stack's statements into the account-wide Glue Data Catalog
 * resource policy without touching anybody else's statements. Shared by the handler and its tests.
 */

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

/**
 * Replaces the statements whose `Sid` starts with `sidPrefix` by `ownStatements`, keeping every
 * other statement (and every other top-level key of the document) as it was, in its original order.
 *
 * @param currentPolicyInJson the document `GetResourcePolicy` returned, or undefined when there is none
 * @param sidPrefix marks the statements this stack owns; every own statement must carry it
 * @param ownStatements the statements this stack wants in the policy (empty on delete)
 * @throws Error when an own statement's Sid does not start with `sidPrefix`, or the current
 *   document is not a JSON object
 */
export function mergeOwnStatements(
  currentPolicyInJson: string | undefined,
  sidPrefix: string,
  ownStatements: PolicyStatement[],
): PolicyChange {
  for (const statement of ownStatements) {
    if (!statement.Sid?.startsWith(sidPrefix)) {
      throw new Error(`Statement Sid '${statement.Sid}' does not start with the owner prefix '${sidPrefix}'`);
    }
  }

  const current = parseDocument(currentPolicyInJson);
  const currentStatements = statementList(current);
  const currentOwn = currentStatements.filter(s => isOwnedBy(s, sidPrefix));
  // Compared wherever they sit, so that other writers appending after us do not force a rewrite.
  if (JSON.stringify(currentOwn) === JSON.stringify(ownStatements)) {
    return { kind: 'unchanged' };
  }

  const foreign = currentStatements.filter(s => !isOwnedBy(s, sidPrefix));
  const nextStatements = [...foreign, ...ownStatements];
  if (nextStatements.length === 0) {
    return { kind: 'delete' };
  }

  const next: PolicyDocument = { Version: '2012-10-17', ...current, Statement: nextStatements };
  return { kind: 'put', policyInJson: JSON.stringify(next) };
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
