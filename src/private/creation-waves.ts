import { CfnResource, Stack } from 'aws-cdk-lib';

/** Integrations CloudFormation creates at once in a stack unless the stack says otherwise. */
export const DEFAULT_MAX_CONCURRENT_CREATES = 4;

interface StackQueue {
  maxConcurrent: number;
  readonly integrations: CfnResource[];
}

const queues = new WeakMap<Stack, StackQueue>();

function queueOf(stack: Stack): StackQueue {
  const queue = queues.get(stack) ?? { maxConcurrent: DEFAULT_MAX_CONCURRENT_CREATES, integrations: [] };
  queues.set(stack, queue);
  return queue;
}

/**
 * Sets how many integrations CloudFormation may create at once in `stack`.
 *
 * @throws Error when `maxConcurrent` is not a whole number of at least 1, or when the stack already
 * has integrations (their dependencies were laid out with the old number)
 */
export function setMaxConcurrentCreates(stack: Stack, maxConcurrent: number): void {
  const queue = queueOf(stack);
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new Error(`maxConcurrentCreates must be a whole number of at least 1, got ${maxConcurrent}.`);
  }
  if (queue.integrations.length > 0 && queue.maxConcurrent !== maxConcurrent) {
    throw new Error(
      `Stack '${stack.node.path}' already has ${queue.integrations.length} zero-ETL integration(s): ` +
      'set the number of concurrent creates before defining the first integration in the stack.');
  }
  queue.maxConcurrent = maxConcurrent;
}

/**
 * Queues an integration's creation behind the others of its stack: the integrations of a stack form
 * `maxConcurrent` lanes, and each one depends on the one `maxConcurrent` places before it. So at most
 * `maxConcurrent` are created at once, N integrations take ceil(N / maxConcurrent) waves, and an
 * integration added at the end never changes the dependencies of the ones before it.
 */
export function queueCreation(integration: CfnResource): void {
  const queue = queueOf(Stack.of(integration));
  const ahead = queue.integrations[queue.integrations.length - queue.maxConcurrent];
  if (ahead) {
    integration.addDependency(ahead);
  }
  queue.integrations.push(integration);
}
