import { Lazy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { DynamoDbZeroEtlIntegration } from './dynamodb-zero-etl-integration';
import { ZeroEtlIntegrationOptions } from './integration-options';
import { IngestionFailedAlarmOptions, ReplicationLagAlarmOptions } from './monitoring';
import { alreadyReplicatedProblem } from './private/claims';
import { throwIfBadCall } from './private/errors';
import { integrationEventRule, PROBLEM_EVENTS } from './private/integration-events';
import { explicitTableName } from './private/source-table';
import { IZeroEtlTarget } from './target';

/**
 * What the one-line constructs take whatever their target: the first source table and the
 * settings of its integration, which are also the defaults of the integrations `addTable` adds.
 */
export interface DynamoDbZeroEtlReplicationProps extends ZeroEtlIntegrationOptions {
  /**
   * The first source table; the rules of `DynamoDbZeroEtlIntegrationProps.table` apply.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
   */
  readonly table: dynamodb.ITable;
}

/** The options an integration added with `addTable` inherits from the construct's props when not given. */
const INHERITED_OPTIONS = ['refreshInterval', 'integrationEncryptionKey', 'additionalEncryptionContext', 'catalogPolicyScope', 'tags'] as const;

/**
 * What the one-line constructs (`DynamoDbZeroEtlToS3Tables`, `DynamoDbZeroEtlToGlueDatabase`) have
 * in common: DynamoDB tables replicated into one target, one `DynamoDbZeroEtlIntegration` each
 * (construct id `Integration-<tableName>`), and monitoring verbs that cover every integration,
 * also those added later.
 */
export abstract class DynamoDbZeroEtlReplication extends Construct {
  private readonly replicated: DynamoDbZeroEtlIntegration[] = [];
  /** What each integration, present and added later, gets (alarms, dashboard rows). */
  private readonly appliedToEach: Array<(integration: DynamoDbZeroEtlIntegration) => unknown> = [];
  private zeroEtlTarget?: IZeroEtlTarget;
  private defaults: ZeroEtlIntegrationOptions = {};

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** Every integration of this construct, in the order they were added: `props.table`'s first. */
  public get integrations(): DynamoDbZeroEtlIntegration[] {
    return [...this.replicated];
  }

  /**
   * Replicates one more table into this construct's target through an integration of its own
   * (construct id `Integration-<tableName>`). The options `refreshInterval`,
   * `integrationEncryptionKey`, `additionalEncryptionContext`, `catalogPolicyScope` and `tags`
   * default to the construct's props; `integrationName`, `description` and `targetTableProperties` do not.
   *
   * @param table the source table; the rules of `DynamoDbZeroEtlIntegrationProps.table` apply
   * @param options the integration's settings
   * @throws Error listing every problem with the table or the options, or when the table is already replicated into this target
   */
  public addTable(table: dynamodb.ITable, options: ZeroEtlIntegrationOptions = {}): DynamoDbZeroEtlIntegration {
    const target = this.zeroEtlTarget;
    if (!target) {
      throw new Error(`${this.constructor.name} '${this.node.path}' has no target yet: call replicateInto in the constructor.`);
    }
    const tableName = explicitTableName(table) ?? table.node.id;
    // The integration checks this app-wide too, but its construct id would collide first.
    const existing = this.replicated.find(integration => integration.sourceTableName === tableName);
    throwIfBadCall(`addTable(${tableName})`, this, existing ? [alreadyReplicatedProblem(tableName, existing.node.path)] : []);
    const inherited = Object.fromEntries(INHERITED_OPTIONS.map(option => [option, options[option] ?? this.defaults[option]]));
    const integration = new DynamoDbZeroEtlIntegration(this, `Integration-${tableName}`, { ...options, ...inherited, table, target });
    this.replicated.push(integration);
    this.appliedToEach.forEach(apply => apply(integration));
    return integration;
  }

  /**
   * Adds `DynamoDbZeroEtlIntegration.addIngestionFailedAlarm(id, options)` to every integration,
   * present and added later.
   *
   * @param id construct id of each alarm, in its integration
   * @returns the alarms of the integrations that exist now
   */
  public addIngestionFailedAlarm(id: string, options?: IngestionFailedAlarmOptions): cloudwatch.Alarm[] {
    return this.applyToEach(integration => integration.addIngestionFailedAlarm(id, options));
  }

  /**
   * Adds `DynamoDbZeroEtlIntegration.addReplicationLagAlarm(id, options)` to every integration,
   * present and added later, each with its own default threshold unless `options.threshold` is set.
   *
   * @param id construct id of each alarm, in its integration
   * @returns the alarms of the integrations that exist now
   * @throws Error when an integration's alarm window is over 3 hours, also from a later `addTable`
   */
  public addReplicationLagAlarm(id: string, options?: ReplicationLagAlarmOptions): cloudwatch.Alarm[] {
    return this.applyToEach(integration => integration.addReplicationLagAlarm(id, options));
  }

  /**
   * Adds a CloudWatch dashboard with one row per integration, present and added later
   * (`DynamoDbZeroEtlIntegration.dashboardWidgets`).
   *
   * @param id construct id of the dashboard, in this construct
   * @param props dashboard props; its `widgets` go above the integrations' rows
   */
  public addDashboard(id: string, props?: cloudwatch.DashboardProps): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, id, props);
    this.applyToEach(integration => dashboard.addWidgets(...integration.dashboardWidgets()));
    return dashboard;
  }

  /**
   * One rule that routes every zero-ETL event of every integration, present and added later, to
   * `options.target`, on the target's `eventBus` or the default event bus; see `DynamoDbZeroEtlIntegration.onEvent`.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return integrationEventRule(this, id, this.integrationArns(), this.replicated[0].eventBus, options);
  }

  /**
   * Like `onEvent`, for the failure and needs-attention events only; see
   * `DynamoDbZeroEtlIntegration.onFailureOrNeedsAttention`.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onFailureOrNeedsAttention(id: string, options?: events.OnEventOptions): events.Rule {
    return integrationEventRule(this, id, this.integrationArns(), this.replicated[0].eventBus, options, PROBLEM_EVENTS);
  }

  /**
   * Starts replicating into `target`: called once by the subclass's constructor, after it created its target.
   */
  protected replicateInto(target: IZeroEtlTarget, props: DynamoDbZeroEtlReplicationProps): void {
    this.zeroEtlTarget = target;
    this.defaults = Object.fromEntries(INHERITED_OPTIONS.map(option => [option, props[option]]));
    this.addTable(props.table, props);
  }

  private applyToEach<T>(apply: (integration: DynamoDbZeroEtlIntegration) => T): T[] {
    this.appliedToEach.push(apply);
    return this.replicated.map(apply);
  }

  private integrationArns(): string[] {
    return Lazy.list({ produce: () => this.replicated.map(integration => integration.integrationArn) });
  }
}
