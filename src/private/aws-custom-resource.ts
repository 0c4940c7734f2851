import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeAwsCustomResource } from './nag';

const LOG_GROUP_ID = 'DynamoDbZeroEtlAwsCustomResourceLogs';

/**
 * An `AwsCustomResource` as this library uses it: the AWS SDK of the Lambda runtime (no download
 * at deploy time), the stack's one log group with a retention, and the given statements only.
 * aws-cdk-lib runs every `AwsCustomResource` of a stack on one singleton function.
 */
export function awsCustomResource(
  scope: Construct,
  id: string,
  props: Pick<cr.AwsCustomResourceProps, 'onCreate' | 'onUpdate' | 'onDelete'> & { statements: iam.PolicyStatement[] },
): cr.AwsCustomResource {
  const resource = new cr.AwsCustomResource(scope, id, {
    onCreate: props.onCreate,
    onUpdate: props.onUpdate,
    onDelete: props.onDelete,
    policy: cr.AwsCustomResourcePolicy.fromStatements(props.statements),
    installLatestAwsSdk: false,
    logGroup: stackLogGroup(Stack.of(scope)),
  });
  acknowledgeAwsCustomResource(resource, props.statements);
  return resource;
}

function stackLogGroup(stack: Stack): logs.ILogGroup {
  const existing = stack.node.tryFindChild(LOG_GROUP_ID) as logs.ILogGroup | undefined;
  return existing ?? new logs.LogGroup(stack, LOG_GROUP_ID, { retention: logs.RetentionDays.ONE_MONTH });
}
