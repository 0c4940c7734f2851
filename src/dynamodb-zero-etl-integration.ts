import { Duration, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { CatalogResourcePolicy } from './catalog-policy/catalog-resource-policy';
import { CatalogPolicyScope } from './catalog-policy/scope';
import { ZeroEtlIntegrationOptions } from './integration-options';
import { IngestionFailedAlarmOptions, MetricsInsightsAggregation, ReplicationLagAlarmOptions, ZeroEtlDashboardOptions, ZeroEtlMetricOptions } from './monitoring';
import { dynamoDbTableArn } from './private/arns';
import { alreadyReplicatedProblem, claim, environmentKey, ownerOf } from './private/claims';
import { queueCreation, setMaxConcurrentCreates } from './private/creation-waves';
import { targetEnvironmentProblems } from './private/environment';
import { throwIfProblems } from './private/errors';
import { integrationEventRule, PROBLEM_EVENTS } from './private/integration-events';
import { ingestionFailedAlarm, integrationWidgets, replicationLagAlarm, replicationLagExpression, zeroEtlMetricQuery } from './private/monitoring';
import { ZERO_ETL_METRICS_NAMESPACE } from './private/permissions';
import { GLUE_EXPORTER, grantSourceExport } from './private/source-export';
import { inspectSourceTable, SourceTableSettings, sourceTableProblems } from './private/source-table';
import { integrationTableProperties, targetTablePropertiesProblems } from './private/table-properties-resource';
import { IZeroEtlIntegration, IZeroEtlTarget } from './target';

/**
 * Properties for `DynamoDbZeroEtlIntegration`.
 */
export interface DynamoDbZeroEtlIntegrationProps extends ZeroEtlIntegrationOptions {
  /**
   * The source DynamoDB table: an explicit `tableName`, point-in-time recovery enabled, not
   * encrypted with the AWS managed key (`aws/dynamodb`), in this stack's account and region. A
   * `Table` or `TableV2` of the app is checked and gets the resource policy statement Glue needs;
   * an imported table is accepted with a warning that says what to add where it is defined.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
   */
  readonly table: dynamodb.ITable;

  /**
   * Where the integration writes, for example an `S3TablesTarget`: in this stack, or in another
   * stack of the same account and region (CloudFormation then deploys that stack first).
   */
  readonly target: IZeroEtlTarget;
}

/**
 * A Glue zero-ETL integration that replicates one Amazon DynamoDB table into a target, such as an
 * `S3TablesTarget`.
 *
 * Adds the statement Glue needs to the table's resource policy, authorizes the integration in the
 * account-wide Glue Data Catalog resource policy (through a custom resource shared by the stack),
 * applies the target table properties, and creates the `AWS::Glue::Integration` after everything
 * it needs. CloudFormation creates at most 4 integrations of a stack at once (`setMaxConcurrentCreates`).
 * A source table can be replicated into a given target once per app.
 *
 * @throws Error at construction, listing every problem found in the props and the source table
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-using.html
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * declare const lake: S3TablesTarget;
 * new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', {
 *   table: orders,
 *   target: lake,
 *   refreshInterval: Duration.hours(1),
 * });
 */
export class DynamoDbZeroEtlIntegration extends Resource implements IZeroEtlIntegration {
  /**
   * Sets how many integrations CloudFormation may create at once in `stack`: its integrations then
   * depend on each other in that many lanes. A higher number deploys faster and risks Glue's
   * "Re-try exhausted" ([field report](README.md#creation-waves)).
   *
   * @param stack the stack, before any integration is defined in it
   * @param maxConcurrentCreates a whole number of at least 1 (4 unless set)
   * @throws Error when the number is not a whole number of at least 1, or the stack already has integrations
   */
  public static setMaxConcurrentCreates(stack: Stack, maxConcurrentCreates: number): void {
    setMaxConcurrentCreates(stack, maxConcurrentCreates);
  }

  /** ARN of the integration: `arn:<partition>:glue:<region>:<account>:integration:<id>`. */
  public readonly integrationArn: string;
  /** Name of the integration. */
  public readonly integrationName: string;
  /** Name of the source table. */
  public readonly sourceTableName: string;
  /** The target's ARN, the integration's `TargetArn`. */
  public readonly targetArn: string;
  /** How often the integration pulls changes: `props.refreshInterval`, or Glue's default of 15 minutes. */
  public readonly refreshInterval: Duration;
  /** The event bus its status events arrive on, the target's `eventBus`; undefined for the account's default event bus. */
  public readonly eventBus?: events.IEventBus;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlIntegrationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const source = inspectSourceTable(props.table);
    const problems = [...integrationProblems(this, props, source), ...targetEnvironmentProblems(stack, props.target)];
    const pairKey = source.tableName &&
      `integration ${environmentKey(stack)} ${JSON.stringify(stack.resolve([props.target.targetArn, dynamoDbTableArn(stack, source.tableName)]))}`;
    const owner = pairKey && ownerOf(this, pairKey);
    if (owner) {
      problems.push(alreadyReplicatedProblem(source.tableName!, owner));
    }
    throwIfProblems('DynamoDbZeroEtlIntegration', this, problems);
    claim(this, pairKey!);

    this.sourceTableName = source.tableName!;
    this.targetArn = props.target.targetArn;
    this.refreshInterval = props.refreshInterval ?? Duration.minutes(15);
    grantSourceExport(this, props.table, GLUE_EXPORTER);
    const resource = new glue.CfnIntegration(this, 'Resource', {
      integrationName: props.integrationName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: props.description,
      sourceArn: props.table.tableArn,
      targetArn: this.targetArn,
      kmsKeyId: props.integrationEncryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
      integrationConfig: props.refreshInterval ? { refreshInterval: String(props.refreshInterval.toMinutes()) } : undefined,
      tags: props.tags && Object.entries(props.tags).map(([key, value]) => ({ key, value })),
    });
    this.integrationArn = resource.attrIntegrationArn;
    this.integrationName = resource.integrationName;

    const target = props.target.bind(this);
    this.eventBus = target.eventBus;
    const catalogPolicy = CatalogResourcePolicy.of(this);
    if (props.catalogPolicyScope === CatalogPolicyScope.ACCOUNT_WIDE) {
      catalogPolicy.allowAccountWide(target.accountWideCatalogResourceArns);
    } else {
      catalogPolicy.allowInboundIntegration(this.targetArn, target.catalogResourceArns, dynamoDbTableArn(stack, this.sourceTableName));
    }
    resource.node.addDependency(...target.dependencies, catalogPolicy.resource);
    if (props.targetTableProperties) {
      const tableProperties = integrationTableProperties(
        this, 'TableProperties', this.targetArn, this.sourceTableName, props.targetTableProperties);
      // Glue reads the table properties when it creates the integration, and they name the target.
      tableProperties.node.addDependency(...target.dependencies);
      resource.node.addDependency(tableProperties);
    }
    queueCreation(resource);
  }

  /**
   * A metric of this integration in `AWS/Glue/ZeroETL` with exactly the dimensions `integrationArn`
   * plus `props.dimensionsMap`. Glue does not say which dimension set each metric carries, so this
   * may see no data ([assumption](README.md#metric-dimensions)): prefer `metricQuery`. Use it where
   * a plain `cloudwatch.Metric` is required (anomaly detection) and you know the set.
   *
   * @param metricName e.g. `IngestionSucceeded`, `IngestionFailed`, `InsertCount`, `LastSyncTimestamp`
   * @param props metric options; the statistic defaults to Sum
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: ZERO_ETL_METRICS_NAMESPACE,
      metricName,
      statistic: cloudwatch.Stats.SUM,
      ...props,
      dimensionsMap: { integrationArn: this.integrationArn, ...props.dimensionsMap },
    });
  }

  /**
   * A metric of this integration over every dimension set Glue publishes it with: the Metrics
   * Insights query `SELECT <aggregation>(<metricName>) FROM "AWS/Glue/ZeroETL" WHERE integrationArn = '<arn>'`,
   * usable in alarms (`createAlarm`) and graphs ([why not `SCHEMA`](README.md#metric-dimensions)).
   * A Metrics Insights alarm reads only the latest 3 hours; an account has at most 200 per region.
   *
   * @param metricName a plain identifier (letters, digits, underscores)
   * @param options period (default 5 minutes, whole minutes), aggregation (default `SUM`), label, color
   * @throws Error when the metric name is not a plain identifier or the period is not a whole number of minutes
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
   */
  public metricQuery(metricName: string, options?: ZeroEtlMetricOptions): cloudwatch.MathExpression {
    return zeroEtlMetricQuery(this, metricName, MetricsInsightsAggregation.SUM, options);
  }

  /** `IngestionSucceeded` (1 per successful ingestion), summed over every dimension set; see `metricQuery`. */
  public metricIngestionSucceeded(options?: ZeroEtlMetricOptions): cloudwatch.MathExpression {
    return this.metricQuery('IngestionSucceeded', options);
  }

  /** `IngestionFailed` (1 per failed ingestion), summed over every dimension set; see `metricQuery`. */
  public metricIngestionFailed(options?: ZeroEtlMetricOptions): cloudwatch.MathExpression {
    return this.metricQuery('IngestionFailed', options);
  }

  /** `InsertCount`, items inserted into the target, summed over every dimension set; see `metricQuery`. */
  public metricInsertCount(options?: ZeroEtlMetricOptions): cloudwatch.MathExpression {
    return this.metricQuery('InsertCount', options);
  }

  /** `UpdateCount`, items updated in the target, summed over every dimension set; see `metricQuery`. */
  public metricUpdateCount(options?: ZeroEtlMetricOptions): cloudwatch.MathExpression {
    return this.metricQuery('UpdateCount', options);
  }

  /** `DeleteCount`, items deleted from the target, summed over every dimension set; see `metricQuery`. */
  public metricDeleteCount(options?: ZeroEtlMetricOptions): cloudwatch.MathExpression {
    return this.metricQuery('DeleteCount', options);
  }

  /**
   * `LastSyncTimestamp`, "timestamp until which source has been synced to target", its maximum
   * over every dimension set; unit undocumented ([assumption](README.md#last-sync-timestamp)).
   */
  public metricLastSyncTimestamp(options?: ZeroEtlMetricOptions): cloudwatch.MathExpression {
    return zeroEtlMetricQuery(this, 'LastSyncTimestamp', MetricsInsightsAggregation.MAX, options);
  }

  /**
   * Replication lag in seconds: per period, the time from the end of the period back to the latest
   * `LastSyncTimestamp` reported up to then (metric math over `metricLastSyncTimestamp`; missing
   * when no sync was reported in the range; [how it is computed](README.md#last-sync-timestamp)).
   *
   * @param options period (default 5 minutes), label and color; `aggregation` does not apply
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
   */
  public metricReplicationLag(options?: ZeroEtlMetricOptions): cloudwatch.MathExpression {
    return replicationLagExpression(this, options);
  }

  /**
   * Adds an alarm, in this construct, that goes off when the integration reports any failed
   * ingestion in a period. A period without data (no ingestion ran) is not breaching.
   *
   * @param id construct id of the alarm, in this construct
   * @param options actions, period (default 5 minutes), evaluation periods (default 1)
   * @throws Error when the period is not a whole number of minutes or `period × evaluationPeriods` is over 3 hours
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
   */
  public addIngestionFailedAlarm(id: string, options?: IngestionFailedAlarmOptions): cloudwatch.Alarm {
    return ingestionFailedAlarm(this, id, options);
  }

  /**
   * Adds an alarm, in this construct, on `metricReplicationLag`: it goes off when the lag is above
   * the threshold (default: twice the refresh interval plus 15 minutes) or when no sync is reported
   * in its window (missing data is breaching by default, so a new integration alarms until its
   * first sync). The default works for refresh intervals up to 82 minutes; beyond, pass `period`.
   *
   * @param id construct id of the alarm, in this construct
   * @param options actions, threshold, period, evaluation periods, treatMissingData
   * @throws Error when the period is not a whole number of minutes or `period × evaluationPeriods` is over 3 hours
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
   */
  public addReplicationLagAlarm(id: string, options?: ReplicationLagAlarmOptions): cloudwatch.Alarm {
    return replicationLagAlarm(this, id, options);
  }

  /**
   * One dashboard row for this integration: failed and successful ingestions, items inserted,
   * updated and deleted, and the replication lag with the lag alarm's default threshold.
   *
   * @param options period of the graphs (default 5 minutes) and widget height (default 6)
   */
  public dashboardWidgets(options?: ZeroEtlDashboardOptions): cloudwatch.IWidget[] {
    return integrationWidgets(this, options);
  }

  /**
   * A rule that routes every zero-ETL event of this integration to `options.target`: source prefix
   * `aws.glue-zero-etl`, and this integration's ARN in `resources` or in `detail.integrationArn`
   * ([assumption](README.md#events)). The rule is on the target's `eventBus`, or the account's default event bus.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return integrationEventRule(this, id, [this.integrationArn], this.eventBus, options);
  }

  /**
   * Like `onEvent`, for the events that need someone to act only: "Ingestion Failed", "Integration
   * Failed" and "Integration Needs Attention", each as a prefix in both spellings of the Glue page.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onFailureOrNeedsAttention(id: string, options?: events.OnEventOptions): events.Rule {
    return integrationEventRule(this, id, [this.integrationArn], this.eventBus, options, PROBLEM_EVENTS);
  }
}

const MAX_DESCRIPTION_LENGTH = 1000;
const MAX_TAGS = 50;
const MAX_INTEGRATION_NAME_LENGTH = 128;
const MIN_REFRESH_MINUTES = 15;
const MAX_REFRESH_MINUTES = 8640;

/**
 * The source table, the integration's own settings and its target table properties.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
 */
function integrationProblems(scope: Construct, props: DynamoDbZeroEtlIntegrationProps, source: SourceTableSettings): string[] {
  const problems = [
    ...sourceTableProblems(scope, props.table, source, GLUE_EXPORTER.authorizedIn),
    ...integrationNameProblems(props.integrationName),
    ...refreshIntervalProblems(props.refreshInterval),
    ...targetTablePropertiesProblems(props.targetTableProperties),
  ];
  if (props.additionalEncryptionContext !== undefined && props.integrationEncryptionKey === undefined) {
    problems.push('additionalEncryptionContext needs integrationEncryptionKey: Glue only accepts it with a KmsKeyId.');
  }
  const description = props.description;
  if (description !== undefined && !Token.isUnresolved(description) && description.length > MAX_DESCRIPTION_LENGTH) {
    problems.push(`description is ${description.length} characters long; Glue accepts at most ${MAX_DESCRIPTION_LENGTH}.`);
  }
  const tags = Object.keys(props.tags ?? {}).length;
  if (tags > MAX_TAGS) {
    problems.push(`tags has ${tags} entries; Glue accepts at most ${MAX_TAGS} tags on an integration.`);
  }
  return problems;
}

/** Glue `CreateIntegration` IntegrationName: 1 to 128 characters. */
function integrationNameProblems(name: string | undefined): string[] {
  if (name === undefined || Token.isUnresolved(name) || (name.length >= 1 && name.length <= MAX_INTEGRATION_NAME_LENGTH)) {
    return [];
  }
  return [
    `integrationName '${name}' is ${name.length} characters long; Glue accepts 1 to ${MAX_INTEGRATION_NAME_LENGTH} ` +
    '(https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html). Shorten it, or leave it out to get a generated name.',
  ];
}

/**
 * Glue `IntegrationConfig.RefreshInterval`: whole minutes from 15 to 8640 (6 days).
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_IntegrationConfig.html
 */
function refreshIntervalProblems(refreshInterval: Duration | undefined): string[] {
  if (refreshInterval === undefined || refreshInterval.isUnresolved()) {
    return [];
  }
  const minutes = refreshInterval.toMinutes({ integral: false });
  if (Number.isInteger(minutes) && minutes >= MIN_REFRESH_MINUTES && minutes <= MAX_REFRESH_MINUTES) {
    return [];
  }
  return [
    `refreshInterval ${refreshInterval.toHumanString()} is not a whole number of minutes from ${MIN_REFRESH_MINUTES} to ` +
    `${MAX_REFRESH_MINUTES} (6 days), the range Glue accepts (https://docs.aws.amazon.com/glue/latest/webapi/API_IntegrationConfig.html).`,
  ];
}
