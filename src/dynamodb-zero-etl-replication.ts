import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DynamoDbZeroEtlIntegration } from './dynamodb-zero-etl-integration';
import { IngestionFailedAlarmOptions, ReplicationLagAlarmOptions } from './monitoring';
import { PROBLEM_EVENTS } from './private/integration-events';
import { IntegrationGroup, sharedIntegrationProps } from './private/integration-group';
import { AddTableOptions, DynamoDbZeroEtlReplicationProps } from './replication-options';
import { IZeroEtlTarget } from './target';

/**
 * What the one-line constructs (`DynamoDbZeroEtlToS3Tables`, `DynamoDbZeroEtlToGlueDatabase`) have
 * in common: DynamoDB tables replicated into one target, `addTable` for more, and monitoring that
 * covers every integration, also those added later.
 */
export abstract class DynamoDbZeroEtlReplication extends Construct {
  private integrationGroup?: IntegrationGroup;

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /**
   * Replicates one more DynamoDB table into this construct's target, through a zero-ETL integration
   * of its own that shares the target and the stack's catalog-policy custom resource. Adds one
   * resource to the stack (two with `targetTableProperties`, more with the alarms).
   *
   * The table must meet the same rules as `props.table`.
   *
   * @param table the source table
   * @param options the integration's settings
   * @returns the new integration, with construct id `Integration-<tableName>`
   * @throws Error listing every problem with the table or the options, or when the table is
   * already replicated into this target
   */
  public addTable(table: dynamodb.ITable, options: AddTableOptions = {}): DynamoDbZeroEtlIntegration {
    return this.group.add(table, options);
  }

  /**
   * Adds an alarm per integration, present and added later, that goes off when the integration
   * reports any failed ingestion in a 5-minute period, and notifies `topic`. Shorthand for
   * `alarmOnIngestionFailed({ actions: [new SnsAction(topic)] })`.
   *
   * @returns the alarms created for the integrations that exist now
   */
  public addIngestionFailedAlarms(topic: sns.ITopic): cloudwatch.Alarm[] {
    return this.alarmOnIngestionFailed({ actions: [new cloudwatchActions.SnsAction(topic)] });
  }

  /**
   * Adds an alarm per integration, present and added later (construct id
   * `IngestionFailedAlarm-<tableName>`), that goes off when the integration reports any failed
   * ingestion in a period; see `DynamoDbZeroEtlIntegration.addIngestionFailedAlarm`. Once per construct.
   *
   * @param options actions (any `cloudwatch.IAlarmAction`), period, evaluation periods
   * @returns the alarms created for the integrations that exist now
   * @throws Error when called twice, or when the period or window is invalid
   */
  public alarmOnIngestionFailed(options: IngestionFailedAlarmOptions = {}): cloudwatch.Alarm[] {
    return this.group.alarmOnIngestionFailed(options);
  }

  /**
   * Adds a replication lag alarm per integration, present and added later (construct id
   * `ReplicationLagAlarm-<tableName>`), with each integration's own default threshold (twice its
   * refresh interval plus 15 minutes) unless `options.threshold` is set; see
   * `DynamoDbZeroEtlIntegration.addReplicationLagAlarm`. Once per construct.
   *
   * @param options actions (any `cloudwatch.IAlarmAction`), threshold, period, evaluation periods, treatMissingData
   * @returns the alarms created for the integrations that exist now
   * @throws Error when called twice, or when an integration's alarm window is more than 3 hours
   * (refresh intervals above 82 minutes need an explicit `period`), also from a later `addTable`
   */
  public alarmOnReplicationLag(options: ReplicationLagAlarmOptions = {}): cloudwatch.Alarm[] {
    return this.group.alarmOnReplicationLag(options);
  }

  /**
   * Adds a CloudWatch dashboard with one row of graphs per integration, present and added later
   * (`DynamoDbZeroEtlIntegration.dashboardWidgets`): failed and successful ingestions, items
   * inserted/updated/deleted, replication lag.
   *
   * @param id construct id of the dashboard, in this construct
   * @param props dashboard props (name, time range, ...), and `widgets` to put above the integrations' rows
   */
  public addDashboard(id: string, props?: cloudwatch.DashboardProps): cloudwatch.Dashboard {
    return this.group.addDashboard(id, props);
  }

  /**
   * Routes every zero-ETL event of this construct's integrations, present and added later, to
   * `options.target`; see `DynamoDbZeroEtlIntegration.onEvent`.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return this.group.onEvent(id, options);
  }

  /**
   * Routes the "Ingestion Failed", "Integration Failed" and "Integration Needs Attention" events
   * (both spellings, as prefixes) of this construct's integrations, present and added later, to
   * `options.target`; see `DynamoDbZeroEtlIntegration.onFailureOrNeedsAttention`.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onFailureOrNeedsAttention(id: string, options?: events.OnEventOptions): events.Rule {
    return this.group.onEvent(id, options, PROBLEM_EVENTS);
  }

  /**
   * Routes the failure and needs-attention events of this construct's integrations, present and
   * added later, to `topic`: `onFailureOrNeedsAttention('IntegrationEvents', { target: new SnsTopic(topic) })`.
   *
   * The rule matches an integration's ARN in the event's `resources` or in `detail.integrationArn`,
   * since AWS does not document which carries it.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public notifyOnIntegrationEvents(topic: sns.ITopic): events.Rule {
    return this.onFailureOrNeedsAttention('IntegrationEvents', {
      target: new eventsTargets.SnsTopic(topic),
      description: 'Zero-ETL integration needs attention or failed',
    });
  }

  /**
   * Starts replicating into `target`: called once by the subclass's constructor, after it checked
   * its props and created its target.
   *
   * @returns the integration of `props.table`
   */
  protected replicateInto(target: IZeroEtlTarget, props: DynamoDbZeroEtlReplicationProps): DynamoDbZeroEtlIntegration {
    this.integrationGroup = new IntegrationGroup(this, this.constructor.name, target, sharedIntegrationProps(props));
    return this.addTable(props.table, props);
  }

  private get group(): IntegrationGroup {
    if (!this.integrationGroup) {
      throw new Error(`${this.constructor.name} '${this.node.path}' has no target yet: call replicateInto in the constructor.`);
    }
    return this.integrationGroup;
  }
}
