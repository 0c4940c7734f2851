import {
  ConflictPolicyUpdateFault,
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  RedshiftClient,
  ResourceNotFoundFault,
} from '@aws-sdk/client-redshift';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
// A type only: the Glue handler's module (and its client) stays out of this bundle.
import type { RetryOptions } from '../catalog-policy/on-event.lambda';
import { mergeOwnStatements, PolicyStatement } from '../catalog-policy/policy-document';

/** The custom resource's properties, as an imported Redshift target renders them. */
export interface RedshiftPolicyResourceProperties {
  /** The namespace ARN whose resource policy this stack's statements go into. */
  readonly ResourceArn: string;
  /** Marks this stack's statements in the namespace's policy. */
  readonly SidPrefix: string;
  /** This stack's statements; each Sid starts with `SidPrefix`. */
  readonly Statements?: PolicyStatement[];
}

/** How often and how patiently to retry while Redshift reports another policy update in progress. */
export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 6, baseDelayMs: 1000 };

const redshift = new RedshiftClient({});

/**
 * The custom resource's handler, run by core `CustomResourceProvider`: on Create and Update, puts this
 * stack's statements into the namespace's resource policy; on Delete, takes them out again. The
 * statements of other owners stay, merged by the same code as the Glue Data Catalog resource policy.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string }> {
  const properties = event.ResourceProperties as unknown as RedshiftPolicyResourceProperties;
  const deleting = event.RequestType === 'Delete';
  await reconcileRedshiftPolicy(redshift, properties.ResourceArn, properties.SidPrefix, deleting ? [] : properties.Statements ?? []);
  // A new ARN is a new physical id: CloudFormation then deletes the old one, which removes the statements there.
  return { PhysicalResourceId: `redshift-resource-policy:${properties.ResourceArn}:${properties.SidPrefix}` };
}

/**
 * Read-merge-write of the namespace's resource policy (Redshift `GetResourcePolicy`,
 * `PutResourcePolicy`, `DeleteResourcePolicy`), retried with exponential backoff while Redshift
 * answers `ConflictPolicyUpdateFault`. Redshift offers no conditional write, so a writer that changes
 * the policy between this read and write loses its change ([assumption](README.md#redshift-resource-policy)).
 *
 * @throws Error after `retry.maxAttempts` conflicts, or at once on any other Redshift error
 */
export async function reconcileRedshiftPolicy(
  client: RedshiftClient, resourceArn: string, sidPrefix: string, ownStatements: PolicyStatement[], retry: RetryOptions = DEFAULT_RETRY,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeOnce(client, resourceArn, sidPrefix, ownStatements);
      return;
    } catch (error) {
      if (!(error instanceof ConflictPolicyUpdateFault) || attempt >= retry.maxAttempts) {
        throw error;
      }
      const delay = retry.baseDelayMs * 2 ** (attempt - 1);
      await sleep(delay + Math.random() * delay * 0.5);
    }
  }
}

async function writeOnce(client: RedshiftClient, resourceArn: string, sidPrefix: string, own: PolicyStatement[]): Promise<void> {
  const change = mergeOwnStatements(await getPolicy(client, resourceArn), sidPrefix, own);
  switch (change.kind) {
    case 'unchanged':
      return;
    case 'delete':
      try {
        await client.send(new DeleteResourcePolicyCommand({ ResourceArn: resourceArn }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundFault)) {
          throw error;
        }
      }
      return;
    case 'put':
      await client.send(new PutResourcePolicyCommand({ ResourceArn: resourceArn, Policy: change.policyInJson }));
      return;
  }
}

/** The current policy document, or undefined when the namespace has none (or no longer exists). */
async function getPolicy(client: RedshiftClient, resourceArn: string): Promise<string | undefined> {
  try {
    const response = await client.send(new GetResourcePolicyCommand({ ResourceArn: resourceArn }));
    return response.ResourcePolicy?.Policy;
  } catch (error) {
    if (error instanceof ResourceNotFoundFault) {
      return undefined;
    }
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
