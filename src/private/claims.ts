import { Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * App-wide claims on things AWS allows only once (a table bucket name, a source table into a
 * target): the first construct to claim a key owns it, and a second claimant is told who owns it.
 * Keyed by the app's root, so separate apps (and separate tests) never see each other's claims.
 */
const claimsByApp = new WeakMap<IConstruct, Map<string, string>>();

/** The path of the construct that already claimed `key` in `claimant`'s app, if one did. */
export function ownerOf(claimant: IConstruct, key: string): string | undefined {
  return claimsByApp.get(claimant.node.root)?.get(key);
}

/**
 * Where `stack` deploys, as part of a claim key: its account and region; for an environment-agnostic
 * stack also its Stage, since environment-agnostic stacks of two Stages usually deploy to two accounts.
 */
export function environmentKey(stack: Stack): string {
  const agnostic = Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region);
  return JSON.stringify([...(agnostic ? [Stage.of(stack)?.node.path ?? ''] : []), ...stack.resolve([stack.account, stack.region])]);
}

/** Records `claimant` as the owner of `key` in its app. Call once the construct is known to be valid. */
export function claim(claimant: IConstruct, key: string): void {
  const root = claimant.node.root;
  const claims = claimsByApp.get(root) ?? new Map<string, string>();
  claimsByApp.set(root, claims);
  claims.set(key, claimant.node.path);
}

/** The problem of replicating `tableName` into a target that `owner` already replicates it into. */
export function alreadyReplicatedProblem(tableName: string, owner: string): string {
  return `table '${tableName}' is already replicated into this target by '${owner}': Glue allows one integration per ` +
    'source table and target. Remove one of the two, or replicate into another target.';
}
