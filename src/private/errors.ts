import { IConstruct } from 'constructs';

/**
 * Throws one Error that lists every problem found in a construct's props, or returns when there is none.
 *
 * @param kind the construct's class name, as users know it
 */
export function throwIfProblems(kind: string, scope: IConstruct, problems: string[]): void {
  throwListing(`${kind} '${scope.node.path}' cannot be created`, problems);
}

/**
 * Throws one Error that lists every problem found in the arguments of a method call on an existing
 * construct, or returns when there is none.
 *
 * @param call the method and its id argument, e.g. `addReplicationLagAlarm('Lag')`
 */
export function throwIfBadCall(call: string, scope: IConstruct, problems: string[]): void {
  throwListing(`${call} on '${scope.node.path}' is invalid`, problems);
}

function throwListing(headline: string, problems: string[]): void {
  if (problems.length > 0) {
    throw new Error(`${headline}:\n${problems.map(problem => `  - ${problem}`).join('\n')}`);
  }
}
