import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DynamoDbZeroEtlIntegration } from './dynamodb-zero-etl-integration';
import { GlueDatabaseTarget, GlueDatabaseTargetProps } from './glue-database-target';
import { IngestionFailedAlarmOptions, ReplicationLagAlarmOptions } from './monitoring';
import { PROBLEM_EVENTS } from './private/integration-events';
import { checkReplicationProps, IntegrationGroup } from './private/integration-group';
import { glueDatabaseTargetProblems } from './private/validate';
import { AddTableOptions, DynamoDbZeroEtlReplicationProps } from './replication-options';

/**
 * Properties for `DynamoDbZeroEtlToGlueDatabase`: the source table and its integration's options,
 * and the target's properties as `GlueDatabaseTarget` takes them (`encryptionKey` is the bucket's
 * key; the integration's is `integrationEncryptionKey`).
 */
export interface DynamoDbZeroEtlToGlueDatabaseProps extends DynamoDbZeroEtlReplicationProps, GlueDatabaseTargetProps {}

/**
 * Replicates Amazon DynamoDB tables into Apache Iceberg tables of one AWS Glue database on a
 * general purpose Amazon S3 bucket (Amazon SageMaker Lakehouse) through AWS Glue zero-ETL
 * integrations, in one line.
 *
 * A composition of a `GlueDatabaseTarget` (construct id `Target`: the bucket, the database, the
 * target processing role and the `IntegrationResourceProperty`) and one `DynamoDbZeroEtlIntegration`
 * per table (construct id `Integration-<tableName>`), as `DynamoDbZeroEtlToS3Tables` composes its
 * target. Use those two constructs directly to share one target between stacks.
 *
 * @throws Error at construction, listing every problem found in the props and the source table
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-regular-s3
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * new DynamoDbZeroEtlToGlueDatabase(stack, 'OrdersToLakehouse', {
 *   table: orders,
 *   databaseName: 'orders_analytics',
 * });
 */
export class DynamoDbZeroEtlToGlueDatabase extends Construct {
  /** The target: bucket, database, target processing role and integration resource property. */
  public readonly target: GlueDatabaseTarget;
  /** The integration of `props.table`. */
  public readonly integration: DynamoDbZeroEtlIntegration;

  /** Every integration into this database, with their alarms and event rule. */
  private readonly integrations: IntegrationGroup;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToGlueDatabaseProps) {
    super(scope, id);
    const shared = checkReplicationProps(this, 'DynamoDbZeroEtlToGlueDatabase', props, glueDatabaseTargetProblems(props));
    this.target = new GlueDatabaseTarget(this, 'Target', props);
    this.integrations = new IntegrationGroup(this, 'DynamoDbZeroEtlToGlueDatabase', this.target, shared);
    this.integration = this.addTable(props.table, props);
  }

  /**
   * Replicates one more DynamoDB table into this construct's database, through a zero-ETL
   * integration of its own that shares the database, the target role and the integration resource
   * property. Each table gets its own Iceberg table in the database.
   *
   * @param table the source table, with the same requirements as `props.table`
   * @param options the integration's settings
   * @returns the new integration, with construct id `Integration-<tableName>`
   * @throws Error listing every problem with the table or the options, or when the table is
   * already replicated into this database
   */
  public addTable(table: dynamodb.ITable, options: AddTableOptions = {}): DynamoDbZeroEtlIntegration {
    return this.integrations.add(table, options);
  }

  /**
   * A metric of this construct's first integration in the `AWS/Glue/ZeroETL` namespace, with the
   * `integrationArn` dimension. For the named metrics (`metricIngestionFailed`, ...), and for an
   * integration added with `addTable`, use the integration's own methods.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.integration.metric(metricName, props);
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
    return this.integrations.alarmOnIngestionFailed(options);
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
    return this.integrations.alarmOnReplicationLag(options);
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
    return this.integrations.addDashboard(id, props);
  }

  /**
   * Routes every zero-ETL event of this construct's integrations, present and added later, to
   * `options.target`; see `DynamoDbZeroEtlIntegration.onEvent`.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return this.integrations.onEvent(id, options);
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
    return this.integrations.onEvent(id, options, PROBLEM_EVENTS);
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
}
