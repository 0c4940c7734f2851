import { IConstruct } from 'constructs';

/**
 * Throws one Error that lists every problem found in a construct's input, or returns when there is
 * none.
 *
 * @param kind the construct's class name, as users know it
 */
export function throwIfProblems(kind: string, scope: IConstruct, problems: string[]): void {
  if (problems.length > 0) {
    throw new Error(`${kind} '${scope.node.path}' cannot be created:\n${problems.map(problem => `  - ${problem}`).join('\n')}`);
  }
}
