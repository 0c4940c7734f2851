import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { stackProvider } from './handler-provider';
import { autoDeleteStackStatement } from './permissions';
import type { AutoDeleteResourceProperties } from '../auto-delete/on-event.lambda';

/** The stack's one provider for the auto-delete custom resources, `<id>CustomResourceProvider` at the stack's root. */
const PROVIDER_ID = 'DynamoDbZeroEtlAutoDelete';

/** What `autoDeleteReplicatedData` needs to know of the storage to empty. */
export interface AutoDeleteOptions {
  /** The custom resource's properties: which storage the handler empties. */
  readonly properties: AutoDeleteResourceProperties;
  /** What the handler needs on that storage. */
  readonly statements: iam.PolicyStatement[];
  /**
   * The storage resources that `properties` do not reference: the custom resource is created after
   * them, so CloudFormation deletes it before them (a reference orders it already).
   */
  readonly storage: IDependable[];
  /** Grants the handler's role what IAM alone cannot (Lake Formation permissions); the custom resource waits for it. */
  readonly grantHandler?: (handlerRoleArn: string) => IDependable;
}

/**
 * A custom resource (construct id `AutoDeleteReplicatedData` in `target`) that empties the target's
 * storage when the stack is deleted. It depends on the storage, and the target makes every
 * integration depend on it, so CloudFormation deletes the integrations first, then this resource,
 * then the storage. One function per stack serves them all (core `CustomResourceProvider`, as
 * aws-s3's `autoDeleteObjects`), with every target's statements in its role.
 */
export function autoDeleteReplicatedData(target: Construct, options: AutoDeleteOptions): CustomResource {
  const stack = Stack.of(target);
  const { provider, logGroup } = stackProvider(stack, {
    id: PROVIDER_ID,
    handler: 'auto-delete',
    description: 'Deletes what Glue zero-ETL integrations wrote into targets of this stack when the stack is deleted',
    timeout: Duration.minutes(15),
    policyStatements: [autoDeleteStackStatement(stack)],
  });
  options.statements.forEach(statement => provider.addToRolePolicy(statement.toStatementJson()));

  const resource = new CustomResource(target, 'AutoDeleteReplicatedData', {
    serviceToken: provider.serviceToken,
    resourceType: 'Custom::ZeroEtlAutoDeleteReplicatedData',
    properties: options.properties,
  });
  resource.node.addDependency(...options.storage, logGroup);
  if (options.grantHandler) {
    resource.node.addDependency(options.grantHandler(provider.roleArn));
  }
  return resource;
}

/**
 * `autoDeleteReplicatedData` empties only storage the target creates, and only storage that
 * CloudFormation deletes (`removalPolicy: DESTROY`): anything else would delete data that stays.
 */
export function autoDeleteProblems(
  props: { readonly autoDeleteReplicatedData?: boolean; readonly removalPolicy?: RemovalPolicy },
  createsStorage: boolean, existingStorage: string): string[] {
  if (!props.autoDeleteReplicatedData) {
    return [];
  }
  const problems: string[] = [];
  if (!createsStorage) {
    problems.push(`autoDeleteReplicatedData only applies to storage this construct creates, not to ${existingStorage}: remove it.`);
  }
  if (props.removalPolicy !== RemovalPolicy.DESTROY) {
    problems.push(`autoDeleteReplicatedData needs removalPolicy: RemovalPolicy.DESTROY (it is ${props.removalPolicy ?? 'RETAIN, the default'}): `
      + 'data is deleted only with the storage that holds it. Set both, or neither.');
  }
  return problems;
}
