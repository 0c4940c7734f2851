import * as path from 'path';
import { CustomResourceProvider, CustomResourceProviderRuntime, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';

/** What `stackProvider` creates a provider from. */
export interface StackProviderOptions {
  /** The provider's id at the stack's root (`<id>CustomResourceProvider`), and of its log group (`<id>Logs`). */
  readonly id: string;
  /** The handler's folder under assets/, as the bundle task writes it. */
  readonly handler: string;
  readonly description: string;
  readonly timeout: Duration;
  /** Statements every use needs, given once when the provider is created; per-use ones go through `addToRolePolicy`. */
  readonly policyStatements?: iam.PolicyStatement[];
}

/** The provider and the log group its function writes to. */
export interface StackProvider {
  readonly provider: CustomResourceProvider;
  readonly logGroup: logs.LogGroup;
}

/**
 * The stack's one core `CustomResourceProvider` for a bundled handler (one function, its role inline,
 * no provider framework), with a log group of one month's retention created before the function
 * writes to it. Statements are added per use with `addToRolePolicy`.
 */
export function stackProvider(stack: Stack, options: StackProviderOptions): StackProvider {
  const logGroupId = `${options.id}Logs`;
  const existing = stack.node.tryFindChild(`${options.id}CustomResourceProvider`);
  if (existing instanceof CustomResourceProvider) {
    return { provider: existing, logGroup: stack.node.findChild(logGroupId) as logs.LogGroup };
  }
  const provider = CustomResourceProvider.getOrCreateProvider(stack, options.id, {
    codeDirectory: path.join(__dirname, '..', '..', 'assets', options.handler, 'on-event.lambda'),
    runtime: CustomResourceProviderRuntime.NODEJS_22_X,
    description: options.description,
    timeout: options.timeout,
    policyStatements: options.policyStatements?.map(statement => statement.toStatementJson()),
  });
  // Lambda writes to /aws/lambda/<function name>; creating that log group first gives it a retention.
  const functionName = Fn.select(6, Fn.split(':', provider.serviceToken));
  const logGroup = new logs.LogGroup(stack, logGroupId, {
    logGroupName: Fn.join('', ['/aws/lambda/', functionName]),
    retention: logs.RetentionDays.ONE_MONTH,
  });
  return { provider, logGroup };
}
