import { Names, Resource, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { Construct } from 'constructs';
import { dynamoDbTableArn } from './private/arns';
import { claim, environmentKey, ownerOf } from './private/claims';
import { targetEnvironmentProblems } from './private/environment';
import { throwIfProblems } from './private/errors';
import { redshiftIntegrationDatabase } from './private/redshift-database';
import { REDSHIFT_PROBLEM_EVENT_IDS, redshiftIntegrationEventRule } from './private/redshift-events';
import { databaseNameProblems } from './private/redshift-warehouse';
import { grantSourceExport, REDSHIFT_EXPORTER } from './private/source-export';
import { inspectSourceTable, sourceTableProblems } from './private/source-table';
import { IRedshiftZeroEtlIntegration, IRedshiftZeroEtlTarget } from './redshift-target';

/**
 * The settings of one Redshift zero-ETL integration from a DynamoDB table and of the database
 * created from it: what `DynamoDbZeroEtlToRedshiftIntegrationProps`, the one-liner's props and its
 * `addTable` take.
 */
export interface RedshiftZeroEtlIntegrationOptions {
  /**
   * Name of the Redshift database created from the integration (`CREATE DATABASE ... FROM
   * INTEGRATION`), where the table's data can be queried: 1 to 127 lowercase letters, digits, `_`
   * and `$`, starting with a letter or `_`; unique in the target. Read-only. Changing it creates a
   * new database (the old one is kept unless `dropDatabaseOnDelete`).
   *
   * @default - the table name in lowercase, with every other character replaced by `_`
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-using.creating-db.html
   */
  readonly databaseName?: string;

  /**
   * Name of the integration: 1 to 63 letters, digits and single hyphens, starting with a letter and
   * not ending with a hyphen (`^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$`).
   *
   * @default - derived from the stack name and the construct path (`Names.uniqueResourceName`)
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateIntegration.html
   */
  readonly integrationName?: string;

  /**
   * A customer managed key for the integration (`KMSKeyId`). Its key policy must let Redshift use
   * it; the construct does not change it ([assumption](README.md#redshift-integration-key)).
   * Changing it replaces the integration.
   *
   * @default - an AWS owned key
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-redshift-integration.html
   */
  readonly integrationEncryptionKey?: kms.IKey;

  /**
   * Extra non-secret encryption context for `integrationEncryptionKey`; only with that key.
   * Changing it replaces the integration.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateIntegration.html
   */
  readonly additionalEncryptionContext?: { [key: string]: string };

  /**
   * Tags of the integration.
   *
   * @default - none (tags applied with `Tags.of(...)` still reach the integration)
   */
  readonly tags?: { [key: string]: string };

  /**
   * Drop the Redshift database when this construct is removed from the stack or the stack is
   * deleted. The database holds the replicated data; deleting the integration keeps it.
   *
   * @default false
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-managing.delete-integration-ddb.html
   */
  readonly dropDatabaseOnDelete?: boolean;
}

/**
 * Properties for `DynamoDbZeroEtlToRedshiftIntegration`.
 */
export interface DynamoDbZeroEtlToRedshiftIntegrationProps extends RedshiftZeroEtlIntegrationOptions {
  /**
   * The source DynamoDB table, with the rules of `DynamoDbZeroEtlIntegrationProps.table`: an
   * explicit `tableName`, point-in-time recovery enabled, not the AWS managed key, in this stack's
   * account and region. A `Table` or `TableV2` of the app gets the resource policy statement
   * Redshift needs; an imported table is accepted with a warning that says what to add.
   *
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/RedshiftforDynamoDB-zero-etl.html
   */
  readonly table: dynamodb.ITable;

  /** The Redshift warehouse the integration replicates into, such as a `RedshiftServerlessTarget`. */
  readonly target: IRedshiftZeroEtlTarget;
}

const MAX_INTEGRATION_NAME_LENGTH = 63;
const INTEGRATION_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$/;

/**
 * An Amazon Redshift zero-ETL integration (`AWS::Redshift::Integration`) that replicates one
 * Amazon DynamoDB table into a Redshift warehouse, and the read-only database created from it.
 *
 * Adds the statement Redshift needs to the table's resource policy, has the target authorize the
 * table in its resource policy, creates the integration, and runs `CREATE DATABASE "<databaseName>"
 * FROM INTEGRATION '<id>'` in the warehouse through the Redshift Data API once the integration is
 * active (a custom resource).
 *
 * @throws Error at construction, listing every problem found in the props and the source table
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-setting-up.create-integration-ddb.html
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * declare const warehouse: RedshiftServerlessTarget;
 * new DynamoDbZeroEtlToRedshiftIntegration(stack, 'OrdersToWarehouse', {
 *   table: orders,
 *   target: warehouse,
 *   databaseName: 'orders',
 * });
 */
export class DynamoDbZeroEtlToRedshiftIntegration extends Resource implements IRedshiftZeroEtlIntegration {
  /** ARN of the integration: `arn:<partition>:redshift:<region>:<account>:integration:<uuid>`. */
  public readonly integrationArn: string;
  /** Name of the integration. */
  public readonly integrationName: string;
  /** ARN of the source table. */
  public readonly sourceTableArn: string;
  /** Name of the source table. */
  public readonly sourceTableName: string;
  /** Name of the Redshift database created from the integration. */
  public readonly databaseName: string;
  /** The integration. */
  public readonly integration: redshift.CfnIntegration;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToRedshiftIntegrationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const source = inspectSourceTable(props.table);
    this.databaseName = props.databaseName ?? defaultDatabaseName(source.tableName ?? props.table.node.id);
    const problems = [
      ...sourceTableProblems(this, props.table, source, REDSHIFT_EXPORTER.authorizedIn),
      ...targetEnvironmentProblems(stack, props.target),
      ...integrationOptionsProblems(props),
      ...databaseNameProblems('databaseName', this.databaseName),
    ];
    const databaseKey = `redshift database ${environmentKey(stack)} ${JSON.stringify(stack.resolve(props.target.namespaceArn))} ${this.databaseName}`;
    const owner = ownerOf(this, databaseKey);
    if (owner) {
      problems.push(`databaseName '${this.databaseName}' is already created in this Redshift target by '${owner}': ` +
        'each integration needs a database of its own. Choose another databaseName.');
    }
    throwIfProblems('DynamoDbZeroEtlToRedshiftIntegration', this, problems);
    claim(this, databaseKey);

    this.sourceTableName = source.tableName!;
    this.sourceTableArn = dynamoDbTableArn(stack, this.sourceTableName);
    grantSourceExport(this, props.table, REDSHIFT_EXPORTER);
    this.integration = new redshift.CfnIntegration(this, 'Resource', {
      integrationName: props.integrationName ?? defaultIntegrationName(this),
      sourceArn: props.table.tableArn,
      targetArn: props.target.namespaceArn,
      kmsKeyId: props.integrationEncryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
      tags: props.tags && Object.entries(props.tags).map(([key, value]) => ({ key, value })),
    });
    this.integrationArn = this.integration.attrIntegrationArn;
    this.integrationName = this.integration.integrationName!;

    const target = props.target.bind(this);
    this.integration.node.addDependency(...target.dependencies);
    redshiftIntegrationDatabase(this, 'Database', {
      integrationArn: this.integrationArn,
      databaseName: this.databaseName,
      connection: target.connection,
      dropDatabaseOnDelete: props.dropDatabaseOnDelete ?? false,
    }).node.addDependency(...target.dependencies);
  }

  /**
   * A rule that routes every Redshift zero-ETL event of this integration to `options.target`:
   * source `aws.redshift`, the detail types "Redshift Integration Monitoring", "... Configuration"
   * and "... Operation", and this integration's ARN in `resources` or `detail.integrationArn`
   * ([assumption](README.md#redshift-events)).
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/integration-event-notifications.html
   */
  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return redshiftIntegrationEventRule(this, id, [this.integrationArn], options);
  }

  /**
   * Like `onEvent`, for the events of severity ERROR or WARNING in the Redshift table of
   * integration events only, by their event ids (`REDSHIFT-INTEGRATION-EVENT-0004` and others) in
   * `detail.eventId` ([assumption](README.md#redshift-events)).
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/integration-event-notifications.html
   */
  public onFailureOrNeedsAttention(id: string, options?: events.OnEventOptions): events.Rule {
    return redshiftIntegrationEventRule(this, id, [this.integrationArn], options, REDSHIFT_PROBLEM_EVENT_IDS);
  }
}

/** The table name as a Redshift database name: lowercase, other characters as `_`. */
function defaultDatabaseName(tableName: string): string {
  const name = tableName.toLowerCase().replace(/[^a-z0-9_$]/g, '_');
  return /^[a-z_]/.test(name) ? name.slice(0, 127) : `_${name}`.slice(0, 127);
}

/** A unique name that matches Redshift's integration name pattern. */
function defaultIntegrationName(scope: Construct): string {
  const unique = Names.uniqueResourceName(scope, { maxLength: MAX_INTEGRATION_NAME_LENGTH - 1, separator: '-' });
  const name = unique.replace(/-+/g, '-').replace(/-$/, '');
  return /^[a-zA-Z]/.test(name) ? name : `z${name}`.slice(0, MAX_INTEGRATION_NAME_LENGTH);
}

/**
 * The integration's own settings (Redshift `CreateIntegration`).
 *
 * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateIntegration.html
 */
function integrationOptionsProblems(props: RedshiftZeroEtlIntegrationOptions): string[] {
  const problems: string[] = [];
  const name = props.integrationName;
  if (name !== undefined && !Token.isUnresolved(name) && (name.length > MAX_INTEGRATION_NAME_LENGTH || !INTEGRATION_NAME_PATTERN.test(name))) {
    problems.push(`integrationName '${name}' is not a Redshift integration name: 1 to ${MAX_INTEGRATION_NAME_LENGTH} letters, ` +
      'digits and single hyphens, starting with a letter and not ending with a hyphen ' +
      '(https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateIntegration.html). Rename it, or leave it out to get a generated name.');
  }
  if (props.additionalEncryptionContext !== undefined && props.integrationEncryptionKey === undefined) {
    problems.push('additionalEncryptionContext needs integrationEncryptionKey: Redshift only accepts it with a KMSKeyId.');
  }
  return problems;
}
