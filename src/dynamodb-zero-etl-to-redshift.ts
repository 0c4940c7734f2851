import { Lazy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { throwIfBadCall, throwIfProblems } from './private/errors';
import { REDSHIFT_PROBLEM_EVENT_IDS, redshiftIntegrationEventRule } from './private/redshift-events';
import { explicitTableName } from './private/source-table';
import { RedshiftServerlessTarget, RedshiftServerlessTargetProps } from './redshift-serverless-target';
import { IRedshiftZeroEtlTarget } from './redshift-target';
import { DynamoDbZeroEtlToRedshiftIntegration, RedshiftZeroEtlIntegrationOptions } from './redshift-zero-etl-integration';

/**
 * Properties for `DynamoDbZeroEtlToRedshift`: the first source table and its integration's
 * settings, and either the properties of a new Redshift Serverless target or an existing target.
 */
export interface DynamoDbZeroEtlToRedshiftProps extends RedshiftZeroEtlIntegrationOptions, RedshiftServerlessTargetProps {
  /**
   * The first source table; the rules of `DynamoDbZeroEtlToRedshiftIntegrationProps.table` apply.
   *
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/RedshiftforDynamoDB-zero-etl.html
   */
  readonly table: dynamodb.ITable;

  /**
   * A Redshift warehouse to replicate into instead of a new Serverless one: a `RedshiftClusterTarget`,
   * a `RedshiftServerlessTarget` shared with other constructs, or what their `from*` methods return.
   * Not with the `RedshiftServerlessTargetProps`.
   *
   * @default - a new `RedshiftServerlessTarget` (construct id `Target`) with this construct's props
   */
  readonly existingTarget?: IRedshiftZeroEtlTarget;
}

/** The options an integration added with `addTable` inherits from the construct's props when not given. */
const INHERITED_OPTIONS = ['integrationEncryptionKey', 'additionalEncryptionContext', 'tags', 'dropDatabaseOnDelete'] as const;
const SERVERLESS_PROPS = ['namespaceName', 'workgroupName', 'baseCapacity', 'vpc', 'vpcSubnets', 'securityGroups', 'encryptionKey',
  'adminUsername', 'removalPolicy'] as const;

/**
 * Replicates Amazon DynamoDB tables into Amazon Redshift through Redshift zero-ETL integrations,
 * in one line: by default a new Redshift Serverless namespace and workgroup configured for zero-ETL,
 * one integration per table (construct id `Integration-<tableName>`) and one read-only database per
 * integration, ready for `SELECT`.
 *
 * @throws Error at construction, listing every problem found in the target's props, or in the
 * source table and the integration's settings
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-setting-up.create-integration-ddb.html
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * new DynamoDbZeroEtlToRedshift(stack, 'OrdersToRedshift', {
 *   table: orders,
 *   databaseName: 'orders',
 * });
 */
export class DynamoDbZeroEtlToRedshift extends Construct {
  /** The warehouse: a new `RedshiftServerlessTarget`, or `props.existingTarget`. */
  public readonly target: IRedshiftZeroEtlTarget;

  private readonly replicated: DynamoDbZeroEtlToRedshiftIntegration[] = [];
  private readonly defaults: RedshiftZeroEtlIntegrationOptions;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToRedshiftProps) {
    super(scope, id);
    const serverlessProps = SERVERLESS_PROPS.filter(prop => props[prop] !== undefined);
    if (props.existingTarget && serverlessProps.length > 0) {
      throwIfProblems('DynamoDbZeroEtlToRedshift', this, [
        `${serverlessProps.join(', ')} configure a new Redshift Serverless target, which existingTarget replaces: remove one or the other.`,
      ]);
    }
    this.target = props.existingTarget ?? new RedshiftServerlessTarget(this, 'Target', props);
    this.defaults = Object.fromEntries(INHERITED_OPTIONS.map(option => [option, props[option]]));
    this.addTable(props.table, props);
  }

  /** Every integration of this construct, in the order they were added: `props.table`'s first. */
  public get integrations(): DynamoDbZeroEtlToRedshiftIntegration[] {
    return [...this.replicated];
  }

  /**
   * Replicates one more table into this construct's warehouse through an integration and a database
   * of its own (construct id `Integration-<tableName>`). `integrationEncryptionKey`,
   * `additionalEncryptionContext`, `tags` and `dropDatabaseOnDelete` default to the construct's
   * props; `databaseName` and `integrationName` do not.
   *
   * @param table the source table; the rules of `DynamoDbZeroEtlToRedshiftIntegrationProps.table` apply
   * @param options the integration's and database's settings
   * @throws Error listing every problem with the table or the options, or when the table is already replicated by this construct
   */
  public addTable(table: dynamodb.ITable, options: RedshiftZeroEtlIntegrationOptions = {}): DynamoDbZeroEtlToRedshiftIntegration {
    const tableName = explicitTableName(table) ?? table.node.id;
    const existing = this.replicated.find(integration => integration.sourceTableName === tableName);
    throwIfBadCall(`addTable(${tableName})`, this, existing
      ? [`table '${tableName}' is already replicated into this warehouse by '${existing.node.path}'.`]
      : []);
    const inherited = Object.fromEntries(INHERITED_OPTIONS.map(option => [option, options[option] ?? this.defaults[option]]));
    const integration = new DynamoDbZeroEtlToRedshiftIntegration(this, `Integration-${tableName}`, {
      ...options, ...inherited, table, target: this.target,
    });
    this.replicated.push(integration);
    return integration;
  }

  /**
   * One rule that routes every Redshift zero-ETL event of every integration, present and added
   * later, to `options.target`; see `DynamoDbZeroEtlToRedshiftIntegration.onEvent`.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/integration-event-notifications.html
   */
  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return redshiftIntegrationEventRule(this, id, this.integrationArns(), options);
  }

  /**
   * Like `onEvent`, for the ERROR and WARNING events only; see
   * `DynamoDbZeroEtlToRedshiftIntegration.onFailureOrNeedsAttention`.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/integration-event-notifications.html
   */
  public onFailureOrNeedsAttention(id: string, options?: events.OnEventOptions): events.Rule {
    return redshiftIntegrationEventRule(this, id, this.integrationArns(), options, REDSHIFT_PROBLEM_EVENT_IDS);
  }

  private integrationArns(): string[] {
    return Lazy.list({ produce: () => this.replicated.map(integration => integration.integrationArn) });
  }
}
