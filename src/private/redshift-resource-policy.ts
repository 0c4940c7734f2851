import * as crypto from 'crypto';
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { stackProvider } from './handler-provider';

/**
 * The custom resource (`Custom::RedshiftResourcePolicy`, construct id `id`) that merges the
 * statements `statementsFor` gives for its Sid prefix into the resource policy of the namespace `namespaceArn` with Redshift
 * `PutResourcePolicy`, on the stack's one core `CustomResourceProvider`, whose role may read and
 * write that namespace's policy only. Its statements' Sids start with a prefix derived from the
 * stack's name and the target's path, so stacks sharing a namespace each keep their own.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-using.redshift-iam.html
 * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_PutResourcePolicy.html
 */
export function redshiftResourcePolicy(
  scope: Construct, id: string, namespaceArn: string, statementsFor: (sidPrefix: string) => unknown,
): CustomResource {
  const stack = Stack.of(scope);
  const { provider } = stackProvider(stack, {
    id: 'DynamoDbZeroEtlRedshiftPolicy',
    handler: 'redshift-resource-policy',
    description: 'Merges this stack\'s zero-ETL statements into the resource policies of Redshift namespaces',
    // Worst case: 6 attempts with exponential backoff from 1 s, plus the Redshift calls.
    timeout: Duration.minutes(3),
  });
  provider.addToRolePolicy(resourcePolicyHandlerStatement(namespaceArn).toStatementJson());
  const sidPrefix = `ZeroEtl${crypto.createHash('sha256').update(`${stack.stackName}/${scope.node.path}`).digest('hex').slice(0, 16)}`;
  return new CustomResource(scope, id, {
    serviceToken: provider.serviceToken,
    resourceType: 'Custom::RedshiftResourcePolicy',
    properties: {
      ResourceArn: namespaceArn,
      SidPrefix: sidPrefix,
      Statements: statementsFor(sidPrefix),
    },
  });
}

/** What the resource-policy handler needs: read, write and delete the namespace's resource policy. */
export function resourcePolicyHandlerStatement(namespaceArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['redshift:GetResourcePolicy', 'redshift:PutResourcePolicy', 'redshift:DeleteResourcePolicy'],
    resources: [namespaceArn],
  });
}
