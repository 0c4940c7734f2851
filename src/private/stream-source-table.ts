import { Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { localReplica } from './source-table';

/**
 * The partition key, then the sort key, of a table defined in the app, with their attribute types
 * (S, N, B), from its CloudFormation resource; undefined for an imported table or an unresolved schema.
 */
export function keySchemaOf(table: dynamodb.ITable): Array<{ name: string; type?: string }> | undefined {
  const resource = table.node.defaultChild;
  if (!(resource instanceof dynamodb.CfnTable || resource instanceof dynamodb.CfnGlobalTable)) return undefined;
  const stack = Stack.of(resource);
  const keys = stack.resolve(resource.keySchema);
  const definitions = stack.resolve(resource.attributeDefinitions);
  if (!Array.isArray(keys)) return undefined;
  const ordered = [...keys].sort((a, b) => (a.keyType === 'HASH' ? -1 : b.keyType === 'HASH' ? 1 : 0));
  return ordered.map(key => ({
    name: key.attributeName,
    type: Array.isArray(definitions) ? definitions.find(definition => definition.attributeName === key.attributeName)?.attributeType : undefined,
  }));
}

/**
 * The ARN of the Kinesis data stream a table defined in the app streams to (its
 * KinesisStreamSpecification; for a TableV2, that of the replica in the stack's region), if any.
 */
export function tableKinesisStreamArn(table: dynamodb.ITable): string | undefined {
  const resource = table.node.defaultChild;
  if (resource instanceof dynamodb.CfnTable) {
    const specification = resource.kinesisStreamSpecification as dynamodb.CfnTable.KinesisStreamSpecificationProperty | undefined;
    return specification?.streamArn;
  }
  if (resource instanceof dynamodb.CfnGlobalTable) {
    const stack = Stack.of(resource);
    const arn = localReplica(stack, stack.resolve(resource.replicas))?.kinesisStreamSpecification?.streamArn;
    return arn === undefined ? undefined : Token.asString(arn);
  }
  return undefined;
}
