import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { sameEnvironmentProblems } from './environment';

/** What synth time can know about a source table's settings; `undefined` means it cannot be known. */
export interface SourceTableSettings {
  /**
   * The table's explicit, resolved name. (`ITable.tableName` of a table defined in the app is
   * always a token, even when the name is set, so it is read from the CloudFormation resource.)
   */
  readonly tableName?: string;
  readonly pointInTimeRecoveryEnabled?: boolean;
  /** Encrypted with the AWS managed key `aws/dynamodb`, which zero-ETL does not support. */
  readonly awsManagedKey?: boolean;
}

/**
 * Reads PITR and encryption from the table's CloudFormation resource (`node.defaultChild`), the one
 * place that reflects every way a user can set them (props, deprecated props, escape hatches).
 * Unresolved tokens give `undefined`.
 */
export function inspectSourceTable(table: dynamodb.ITable): SourceTableSettings {
  const resource = table.node.defaultChild;
  if (resource instanceof dynamodb.CfnTable) {
    const stack = Stack.of(resource);
    return {
      tableName: resolvedString(resource.tableName),
      pointInTimeRecoveryEnabled: pointInTimeRecovery(stack.resolve(resource.pointInTimeRecoverySpecification)),
      awsManagedKey: usesAwsManagedKey(stack.resolve(resource.sseSpecification), undefined),
    };
  }
  if (resource instanceof dynamodb.CfnGlobalTable) {
    const stack = Stack.of(resource);
    const replica = localReplica(stack, stack.resolve(resource.replicas));
    const tableName = resolvedString(resource.tableName);
    if (replica === undefined) {
      return { tableName };
    }
    return {
      tableName,
      pointInTimeRecoveryEnabled: pointInTimeRecovery(replica.pointInTimeRecoverySpecification),
      awsManagedKey: usesAwsManagedKey(stack.resolve(resource.sseSpecification), replica.sseSpecification?.kmsMasterKeyId),
    };
  }
  return { tableName: resolvedString(table.tableName) };
}

/** The table's explicit, resolved name, the one part of `inspectSourceTable` that construct ids need. */
export function explicitTableName(table: dynamodb.ITable): string | undefined {
  const resource = table.node.defaultChild;
  const isTable = resource instanceof dynamodb.CfnTable || resource instanceof dynamodb.CfnGlobalTable;
  return resolvedString(isTable ? resource.tableName : table.tableName);
}

function resolvedString(value: string | undefined): string | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/** The replica in the stack's own region: the one a zero-ETL integration in this stack reads. */
export function localReplica(stack: Stack, replicas: unknown): any {
  if (!Array.isArray(replicas)) {
    return undefined;
  }
  const region = JSON.stringify(stack.resolve(stack.region));
  return replicas.find(replica => JSON.stringify(replica?.region) === region);
}

/**
 * `sseEnabled: true` without a customer managed key means the AWS managed key: CDK renders
 * `TableEncryption.AWS_MANAGED` and `TableEncryptionV2.awsManagedKey()` that way.
 */
function usesAwsManagedKey(sseSpecification: any, replicaKeyId: unknown): boolean | undefined {
  if (isIntrinsic(sseSpecification)) {
    return undefined;
  }
  const enabled = flag(sseSpecification?.sseEnabled);
  return enabled === undefined
    ? undefined
    : enabled && sseSpecification.kmsMasterKeyId === undefined && replicaKeyId === undefined;
}

function pointInTimeRecovery(specification: any): boolean | undefined {
  return isIntrinsic(specification) ? undefined : flag(specification?.pointInTimeRecoveryEnabled);
}

/** A resolved boolean property: absent is off; an intrinsic function is unknown. */
function flag(value: unknown): boolean | undefined {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  return undefined;
}

/** A resolved CloudFormation value that is an intrinsic function (`Ref`, `Fn::*`), unknown at synthesis. */
export function isIntrinsic(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).some(key => key === 'Ref' || key.startsWith('Fn::'));
}

/**
 * The Sids of the statements in the resource policy the table's CloudFormation resource renders
 * (for a global table, its replica in the stack's region), or undefined when that cannot be known
 * at synth time (an imported table, no replica in this region, a token).
 */
export function renderedResourcePolicySids(table: dynamodb.ITable): string[] | undefined {
  const resource = table.node.defaultChild;
  let policy: any;
  if (resource instanceof dynamodb.CfnTable) {
    policy = Stack.of(resource).resolve(resource.resourcePolicy);
  } else if (resource instanceof dynamodb.CfnGlobalTable) {
    const stack = Stack.of(resource);
    const replica = localReplica(stack, stack.resolve(resource.replicas));
    if (replica === undefined) {
      return undefined;
    }
    policy = replica.resourcePolicy;
  } else {
    return undefined;
  }
  const statements = policy?.policyDocument?.Statement ?? [];
  return Array.isArray(statements) ? statements.map(statement => statement?.Sid) : undefined;
}

/**
 * Source table rules from the Glue and Redshift zero-ETL prerequisites and limitations: an explicit
 * name, PITR on, not the AWS managed key, same account and region as the integration.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/RedshiftforDynamoDB-zero-etl.html
 *
 * @param authorizedIn where else the table is named by its ARN (`SourceExporter.authorizedIn`)
 */
export function sourceTableProblems(scope: Construct, table: dynamodb.ITable, settings: SourceTableSettings, authorizedIn: string): string[] {
  const problems: string[] = [];
  const label = `table '${table.node.path}'`;

  if (settings.tableName === undefined) {
    problems.push(
      `${label} has no explicit name. The integration and ${authorizedIn} name the source table by ARN, ` +
      'and a generated name changes whenever CloudFormation replaces the table. Set tableName on the table.',
    );
  }
  if (settings.pointInTimeRecoveryEnabled === false) {
    problems.push(
      `${label} does not have point-in-time recovery (PITR) enabled, which zero-ETL needs to export it. ` +
      'Set pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } on the table.',
    );
  }
  if (settings.awsManagedKey === true) {
    problems.push(
      `${label} is encrypted with the AWS managed key (aws/dynamodb), which zero-ETL does not support. ` +
      'Use the AWS owned key (TableEncryption.DEFAULT / TableEncryptionV2.dynamoOwnedKey()) or a customer managed key.',
    );
  }

  // An imported table's env is its importing stack's; its ARN says where it really is.
  const arn = Arn.split(table.tableArn, ArnFormat.SLASH_RESOURCE_NAME);
  const stack = Stack.of(scope);
  const elsewhere = new Set([
    ...sameEnvironmentProblems(stack, label, table.env),
    ...sameEnvironmentProblems(stack, label, { account: arn.account, region: arn.region }),
  ]);
  problems.push(...elsewhere);
  return problems;
}
