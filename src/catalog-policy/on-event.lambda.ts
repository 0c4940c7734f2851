import {
  ConditionCheckFailureException,
  DeleteResourcePolicyCommand,
  EntityNotFoundException,
  GetResourcePolicyCommand,
  GlueClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-glue';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mergeOwnStatements, PolicyStatement } from './policy-document';

/** The custom resource's properties, as `CatalogResourcePolicy` renders them. */
export interface CatalogPolicyResourceProperties {
  /** Marks this stack's statements in the account-wide policy. */
  readonly SidPrefix: string;
  /** This stack's statements; each Sid starts with `SidPrefix`. */
  readonly Statements?: PolicyStatement[];
  /** Statements without a Sid that every stack opting into the account-wide scope writes alike; never removed. */
  readonly SharedStatements?: PolicyStatement[];
}

/** How often and how patiently to retry when another writer changed the policy in between. */
export interface RetryOptions {
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubles for each attempt after it, plus up to 50% jitter. */
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 8, baseDelayMs: 500 };

const glue = new GlueClient({});

/**
 * The custom resource's handler, run by core `CustomResourceProvider` (whose entrypoint sends the
 * result to CloudFormation): on Create and Update, puts this stack's statements and the
 * missing shared ones into the Glue Data Catalog resource policy; on Delete, takes this stack's
 * statements out again. Statements of other owners and shared statements are never removed.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string }> {
  const properties = event.ResourceProperties as unknown as CatalogPolicyResourceProperties;
  const deleting = event.RequestType === 'Delete';
  await reconcileCatalogPolicy(glue, properties.SidPrefix,
    deleting ? [] : properties.Statements ?? [],
    deleting ? [] : properties.SharedStatements ?? []);
  return { PhysicalResourceId: `glue-catalog-resource-policy:${properties.SidPrefix}` };
}

/**
 * Read-merge-write of the catalog resource policy, guarded by `PolicyHashCondition` (or
 * `PolicyExistsCondition: NOT_EXIST` when there is no policy yet), retried with exponential backoff
 * when the guard fails because someone else wrote in between.
 *
 * @throws Error after `retry.maxAttempts` failed guards, or at once on any other Glue error
 */
export async function reconcileCatalogPolicy(
  client: GlueClient,
  sidPrefix: string,
  ownStatements: PolicyStatement[],
  sharedStatements: PolicyStatement[] = [],
  retry: RetryOptions = DEFAULT_RETRY,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeOnce(client, sidPrefix, ownStatements, sharedStatements);
      return;
    } catch (error) {
      if (!isConcurrentChange(error)) {
        throw error;
      }
      if (attempt >= retry.maxAttempts) {
        throw new Error(
          `Gave up updating the Glue Data Catalog resource policy after ${attempt} attempts: ` +
          'another writer changed it between every read and write. Retry the deployment; ' +
          `the statements with Sid prefix '${sidPrefix}' were not changed. Last error: ${error.message}`,
        );
      }
      const delay = retry.baseDelayMs * 2 ** (attempt - 1);
      await sleep(delay + Math.random() * delay * 0.5);
    }
  }
}

async function writeOnce(client: GlueClient, sidPrefix: string, own: PolicyStatement[], shared: PolicyStatement[]): Promise<void> {
  const current = await getPolicy(client);
  const change = mergeOwnStatements(current?.policyInJson, sidPrefix, own, shared);

  switch (change.kind) {
    case 'unchanged':
      return;
    case 'delete':
      await client.send(new DeleteResourcePolicyCommand({ PolicyHashCondition: current?.policyHash }));
      return;
    case 'put':
      await client.send(new PutResourcePolicyCommand({
        PolicyInJson: change.policyInJson,
        ...(current
          ? { PolicyHashCondition: current.policyHash, PolicyExistsCondition: 'MUST_EXIST' }
          : { PolicyExistsCondition: 'NOT_EXIST' }),
        // Required when Lake Formation cross-account grants share the policy; assumed harmless otherwise
        // (the Glue API describes it only for that case).
        EnableHybrid: 'TRUE',
      }));
      return;
  }
}

async function getPolicy(client: GlueClient): Promise<{ policyInJson?: string; policyHash?: string } | undefined> {
  try {
    const response = await client.send(new GetResourcePolicyCommand({}));
    return { policyInJson: response.PolicyInJson, policyHash: response.PolicyHash };
  } catch (error) {
    if (error instanceof EntityNotFoundException) {
      return undefined;
    }
    throw error;
  }
}

/**
 * The write's guard failed: the hash no longer matches, or the policy appeared or disappeared since
 * it was read. (A missing policy on read is handled by `getPolicy`, so here it comes from the write.)
 */
function isConcurrentChange(error: unknown): error is Error {
  return error instanceof ConditionCheckFailureException || error instanceof EntityNotFoundException;
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
