import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Problems with a table, bucket or target of another account or region than `stack`. Glue
 * documents cross-account integrations; this library creates same-account, same-region ones only.
 * Unresolved values are skipped.
 */
export function sameEnvironmentProblems(stack: Stack, label: string, where: { account?: string; region?: string }): string[] {
  const problems: string[] = [];
  for (const what of ['account', 'region'] as const) {
    const value = where[what];
    if (value !== undefined && Token.compareStrings(value, stack[what]) === TokenComparison.DIFFERENT) {
      problems.push(
        `${label} is in ${what} '${value}' but the stack is in ${what} '${stack[what]}'. This library replicates within one ` +
        `account and region (a limit of this library, not of Glue): define the construct in a stack with ${what} '${value}'.`);
    }
  }
  return problems;
}

/** Problems with an integration in `stack` whose target is defined in another account or region. */
export function targetEnvironmentProblems(stack: Stack, target: IConstruct): string[] {
  const there = Stack.of(target);
  return sameEnvironmentProblems(stack, `target '${target.node.path}'`, { account: there.account, region: there.region });
}
