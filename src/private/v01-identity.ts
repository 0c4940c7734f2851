import { Names, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { dynamoDbTableArn } from './arns';
import type { DynamoDbZeroEtlIntegration } from '../dynamodb-zero-etl-integration';
import type { S3TablesTarget } from '../s3-tables-target';

/**
 * What `DynamoDbZeroEtlToS3Tables` keeps of a stack deployed with the earlier
 * `dynamodb-zero-etl-s3tables` 0.1.x, so that switching is an in-place update: the logical ids of
 * its table bucket, target role, integration resource property and integration, and the
 * integration's create-only `IntegrationName` (0.1.x's default `ddb-to-s3tables`) and `SourceArn`
 * (built from the table name, as 0.1.x wrote it). The create-only properties are those of the
 * resource schemas (`AWS::S3Tables::TableBucket`, `AWS::Glue::IntegrationResourceProperty`,
 * `AWS::Glue::Integration`); 0.1.x's construct ids are `TableBucket`, `TargetRole`,
 * `TargetResourceProperty` and `Integration`.
 */

/** 0.1.x's default integration name. */
export const V01_DEFAULT_INTEGRATION_NAME = 'ddb-to-s3tables';

/** The props 0.1.x never set on a create-only property: any of them would replace what is deployed. */
const REPLACING_PROPS = ['integrationEncryptionKey', 'additionalEncryptionContext', 'refreshInterval', 'targetTableProperties'] as const;

/** Problems with props that `migrateFromV01` cannot keep in place. */
export function v01MigrationProblems(props: Record<string, unknown>): string[] {
  const problems = REPLACING_PROPS.filter(prop => props[prop] !== undefined).map(prop =>
    `${prop} with migrateFromV01 would replace the 0.1.x integration (0.1.x never set it): switch first, then set it in a ` +
    'later deployment, accepting the replacement.');
  if (props.tableBucketName === undefined) {
    problems.push('migrateFromV01 needs tableBucketName, the name of the bucket 0.1.x created (it always created its bucket).');
  }
  if (props.createIntegrationResourceProperty === false) {
    problems.push('migrateFromV01 keeps the resource property 0.1.x created: remove createIntegrationResourceProperty: false.');
  }
  return problems;
}

/**
 * Gives the one-liner's resources 0.1.x's logical ids and the first integration 0.1.x's source ARN
 * expression. A `Stack` subclass that overrides `allocateLogicalId` is not followed.
 */
export function keepV01Identity(oneLiner: Construct, target: S3TablesTarget, integration: DynamoDbZeroEtlIntegration, table: dynamodb.ITable): void {
  const at = (...tail: string[]) => v01LogicalId(oneLiner, tail);
  target.tableBucket!.overrideLogicalId(at('TableBucket'));
  target.integrationResourceProperty!.overrideLogicalId(at('TargetResourceProperty'));
  if (target.targetRole instanceof iam.Role) {
    (target.targetRole.node.defaultChild as iam.CfnRole).overrideLogicalId(at('TargetRole', 'Resource'));
  }
  const resource = integration.node.defaultChild as glue.CfnIntegration;
  resource.overrideLogicalId(at('Integration'));
  // The same ARN as the table's attribute, written as 0.1.x wrote it: SourceArn is create-only, and
  // an identical expression leaves CloudFormation no doubt that it is unchanged.
  resource.sourceArn = dynamoDbTableArn(Stack.of(oneLiner), integration.sourceTableName);
  resource.node.addDependency(table);
}

/**
 * The logical id aws-cdk-lib gives the construct at `tail` under `oneLiner`, computed with
 * `Names.uniqueId` on a detached tree that repeats the construct ids from the stack down (the
 * algorithm of `Stack.allocateLogicalId`, through public API).
 */
function v01LogicalId(oneLiner: IConstruct, tail: string[]): string {
  const scopes = oneLiner.node.scopes;
  const fromStack = scopes.slice(scopes.indexOf(Stack.of(oneLiner)) + 1).map(scope => scope.node.id);
  let scope = new Construct(undefined as any, '');
  for (const id of [...fromStack, ...tail]) {
    scope = new Construct(scope, id);
  }
  return Names.uniqueId(scope);
}
