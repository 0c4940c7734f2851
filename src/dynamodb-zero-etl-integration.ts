import { Annotations, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CatalogResourcePolicy } from './catalog-policy/catalog-resource-policy';
import { CatalogPolicyScope } from './catalog-policy/scope';
import { IngestionFailedAlarmOptions, MetricsInsightsAggregation, ReplicationLagAlarmOptions, ZeroEtlDashboardOptions, ZeroEtlMetricOptions } from './monitoring';
import { dynamoDbTableArn } from './private/arns';
import { alreadyReplicatedProblem, claim, environmentKey, ownerOf } from './private/claims';
import { queueCreation, setMaxConcurrentCreates } from './private/creation-waves';
import { throwIfProblems } from './private/errors';
import { integrationEventRule, PROBLEM_EVENTS } from './private/integration-events';
import { ingestionFailedAlarm, integrationWidgets, replicationLagAlarm, replicationLagExpression, zeroEtlMetricQuery } from './private/monitoring';
import { SOURCE_TABLE_STATEMENT_SID, sourceTableStatement, ZERO_ETL_METRICS_NAMESPACE } from './private/permissions';
import { inspectSourceTable, renderedResourcePolicySids } from './private/source-table';
import { integrationTableProperties } from './private/table-properties-resource';
import { integrationProblems } from './private/validate';
import { IZeroEtlTarget, ZeroEtlTargetConfig } from './target';
import { TargetTableProperties } from './target-table-properties';

/**
 * Properties for `DynamoDbZeroEtlIntegration`.
 */
export interface DynamoDbZeroEtlIntegrationProps {
  /**
   * The source DynamoDB table.
   *
   * It must have an explicit `tableName`, point-in-time recovery enabled, and must not be encrypted
   * with the AWS managed key (`aws/dynamodb`); it must be in the same account and region as this
   * construct's stack (a limit of this library: Glue also documents cross-account integrations).
   * A `Table` or `TableV2` defined in the app is checked and gets the resource policy statement
   * Glue needs. An imported table (`Table.fromTableName`, `fromTableArn`, ...) is accepted with a
   * warning: its settings cannot be checked and its resource policy must be set where the table is defined.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
   */
  readonly table: dynamodb.ITable;

  /**
   * Where the integration writes, for example an `S3TablesTarget`. It may be defined in another
   * stack of the same account and region; CloudFormation then deploys that stack first.
   */
  readonly target: IZeroEtlTarget;

  /**
   * Name of the Glue zero-ETL integration, 1 to 128 characters, unique in the account and region.
   * Changing it replaces the integration.
   *
   * @default - derived from the stack name and this construct's path, with a hash suffix that keeps
   * two instances in one account apart (`Names.uniqueResourceName`, at most 128 characters)
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly integrationName?: string;

  /**
   * Description of the integration, at most 1000 characters.
   *
   * @default - no description
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly description?: string;

  /**
   * How often the integration pulls changes from the table: whole minutes from 15 minutes to
   * 6 days (8640 minutes). CloudFormation replaces the integration when it changes.
   *
   * @default - Glue's default for DynamoDB sources, 15 minutes
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-configuring-integration.html
   */
  readonly refreshInterval?: Duration;

  /**
   * A customer managed key for the integration (`KmsKeyId`). CloudFormation's create handler
   * calls `kms:CreateGrant` and `kms:DescribeKey` on it as the principal that deploys, so its key
   * policy must allow that principal those actions; the construct does not change the key policy.
   * The Glue pages on DynamoDB sources and S3 Tables targets say nothing of what Glue itself needs
   * on this key, so no statement for Glue is added (an assumption: Glue works through the grants
   * CloudFormation creates). If the integration needs attention with a KMS error, look at the key
   * policy first. Changing it replaces the integration.
   *
   * @default - an AWS owned key
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Extra non-secret encryption context for the integration's key. Only with `encryptionKey`.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly additionalEncryptionContext?: { [key: string]: string };

  /**
   * Settings of the target Iceberg table: unnesting, partitioning and name.
   *
   * @default - Glue's defaults
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegrationTableProperties.html
   */
  readonly targetTableProperties?: TargetTableProperties;

  /**
   * Which statements authorize this integration in the account-wide Glue Data Catalog resource policy.
   *
   * @default CatalogPolicyScope.PER_TABLE
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-rbac
   */
  readonly catalogPolicyScope?: CatalogPolicyScope;

  /**
   * Tags of the integration, at most 50.
   *
   * @default - none (tags applied with `Tags.of(...)` still reach the integration)
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly tags?: { [key: string]: string };
}

/**
 * A Glue zero-ETL integration that replicates one Amazon DynamoDB table into a target, such as an
 * `S3TablesTarget`.
 *
 * Adds the statement Glue needs to the table's resource policy, authorizes the integration in the
 * account-wide Glue Data Catalog resource policy (through a custom resource shared by the stack),
 * applies the target table properties, and creates the `AWS::Glue::Integration` after everything
 * it needs. CloudFormation creates at most 4 integrations of a stack at once (see
 * `setMaxConcurrentCreates`).
 *
 * One source table can be replicated into one target once per app: a second integration of the
 * same table into the same target is an error.
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
export class DynamoDbZeroEtlIntegration extends Construct {
  /**
   * Sets how many integrations CloudFormation may create at once in `stack`; the integrations of
   * the stack then depend on each other in that many lanes. A public CDK app reports that creating
   * 12 integrations into one table bucket at once failed with "Re-try exhausted" while batches of 4
   * deployed; AWS documents no limit. A higher number deploys faster and risks that failure.
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
  /** The target's ARN, as the integration's `TargetArn`. */
  public readonly targetArn: string;
  /** How often the integration pulls changes: `props.refreshInterval`, or Glue's default of 15 minutes. */
  public readonly refreshInterval: Duration;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlIntegrationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const source = inspectSourceTable(props.table);
    const problems = integrationProblems(this, props, source);
    const target = this.bindTarget(props.target, problems);
    const pairKey = target && source.tableName &&
      `integration ${environmentKey(stack)} ${JSON.stringify(stack.resolve([target.targetArn, dynamoDbTableArn(stack, source.tableName)]))}`;
    const owner = pairKey && ownerOf(this, pairKey);
    if (owner) {
      problems.push(alreadyReplicatedProblem(source.tableName!, owner));
    }
    throwIfProblems('DynamoDbZeroEtlIntegration', this, problems);

    this.sourceTableName = source.tableName!;
    this.targetArn = target!.targetArn;
    this.refreshInterval = props.refreshInterval ?? Duration.minutes(15);
    this.grantGlueExport(props.table);
    const catalogPolicy = CatalogResourcePolicy.of(this);
    if (props.catalogPolicyScope === CatalogPolicyScope.ACCOUNT_WIDE) {
      catalogPolicy.allowAccountWide(target!.accountWideCatalogResourceArns);
    } else {
      catalogPolicy.allowInboundIntegration(this.targetArn, target!.catalogResourceArns, dynamoDbTableArn(stack, this.sourceTableName));
    }

    const resource = new glue.CfnIntegration(this, 'Resource', {
      integrationName: props.integrationName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: props.description,
      sourceArn: props.table.tableArn,
      targetArn: this.targetArn,
      kmsKeyId: props.encryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
      integrationConfig: props.refreshInterval ? { refreshInterval: String(props.refreshInterval.toMinutes()) } : undefined,
      tags: props.tags && Object.entries(props.tags).map(([key, value]) => ({ key, value })),
    });
    resource.node.addDependency(...target!.dependencies, catalogPolicy.resource);
    if (props.targetTableProperties) {
      const tableProperties = integrationTableProperties(
        this, 'TableProperties', this.targetArn, this.sourceTableName, props.targetTableProperties);
      // Glue reads the table properties when it creates the integration, so they come first; they
      // name the target, so they come after it.
      tableProperties.node.addDependency(...target!.dependencies);
      resource.node.addDependency(tableProperties);
    }
    queueCreation(resource);
    this.integrationArn = resource.attrIntegrationArn;
    this.integrationName = resource.integrationName;
    claim(this, pairKey!);
  }

  /** Binds to the target, or adds why it cannot to `problems`. */
  private bindTarget(target: IZeroEtlTarget, problems: string[]): ZeroEtlTargetConfig | undefined {
    try {
      return target.bind(this);
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  }

  /**
   * A metric of this integration in the `AWS/Glue/ZeroETL` namespace with exactly the dimensions
   * `integrationArn` plus `props.dimensionsMap`. CloudWatch treats each dimension set as its own
   * metric, and the Glue page lists the dimensions `integrationArn`, `loadType` and `tableName`
   * without saying which set each metric carries, so this metric may see no data: prefer
   * `metricQuery` (or `metricIngestionFailed`, ...), which matches every set. Use this one where a
   * plain `cloudwatch.Metric` is required (anomaly detection, metric filters) and you know the set.
   *
   * @param metricName e.g. `IngestionSucceeded`, `IngestionFailed`, `InsertCount`, `UpdateCount`,
   * `DeleteCount`, `LastSyncTimestamp`
   * @param props metric options; the statistic defaults to Sum
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension
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
   * A metric of this integration that matches every dimension set Glue publishes it with: the
   * CloudWatch Metrics Insights query
   * `SELECT <aggregation>(<metricName>) FROM "AWS/Glue/ZeroETL" WHERE integrationArn = '<arn>'`,
   * usable in alarms and graphs (a `MathExpression` with no `usingMetrics`).
   *
   * Assumed dimension sets: the Glue monitoring page lists `integrationArn`, `loadType` and
   * `tableName` for the namespace and does not say which combination each metric carries, so the
   * query selects every series whose dimensions include this `integrationArn`. It deliberately does
   * not use `FROM SCHEMA("AWS/Glue/ZeroETL", integrationArn, loadType, tableName)`: `SCHEMA` matches
   * only metrics with exactly that dimension set, and a wrong guess gives an alarm that never sees
   * data (what this replaces). The risk taken instead is double counting: if Glue published the same
   * datapoint under several dimension sets, `SUM` would count it once per set. That cannot hide a
   * failure (the failure alarm fires at 1 or more), `MAX` of `LastSyncTimestamp` is unaffected, and
   * the item counts in graphs would be too high by that factor; the docs say nothing of it.
   *
   * A Metrics Insights alarm evaluates only the latest 3 hours of data, and an account has at most
   * 200 Metrics Insights alarms per region.
   *
   * @param metricName a Glue zero-ETL metric name, a plain identifier (letters, digits, underscores)
   * @param options period (default 5 minutes), aggregation (default `SUM`), label (default the metric name)
   * @throws Error when the metric name is not a plain identifier or the period is not a whole number
   * of minutes. The query's length is not checked: CloudWatch allows 2048 characters, and a metric name
   * of at most 255 characters with an integration ARN of about 100 stays far below.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
   */
  public metricQuery(metricName: string, options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return zeroEtlMetricQuery(this, metricName, MetricsInsightsAggregation.SUM, options);
  }

  /** `IngestionSucceeded` (1 per successful ingestion), summed over every dimension set; see `metricQuery`. */
  public metricIngestionSucceeded(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.metricQuery('IngestionSucceeded', options);
  }

  /** `IngestionFailed` (1 per failed ingestion), summed over every dimension set; see `metricQuery`. */
  public metricIngestionFailed(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.metricQuery('IngestionFailed', options);
  }

  /** `InsertCount`, items inserted into the target, summed over every dimension set; see `metricQuery`. */
  public metricInsertCount(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.metricQuery('InsertCount', options);
  }

  /** `UpdateCount`, items updated in the target, summed over every dimension set; see `metricQuery`. */
  public metricUpdateCount(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.metricQuery('UpdateCount', options);
  }

  /** `DeleteCount`, items deleted from the target, summed over every dimension set; see `metricQuery`. */
  public metricDeleteCount(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.metricQuery('DeleteCount', options);
  }

  /**
   * `LastSyncTimestamp`, "timestamp until which source has been synced to target", its maximum over
   * every dimension set; see `metricQuery`. The Glue page gives no unit: the only example, a log
   * field, has 13 digits (epoch milliseconds); `metricReplicationLag` accepts either.
   */
  public metricLastSyncTimestamp(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return zeroEtlMetricQuery(this, 'LastSyncTimestamp', MetricsInsightsAggregation.MAX, options);
  }

  /**
   * Replication lag in seconds: for each period, the time from the end of the period back to the
   * latest `LastSyncTimestamp` reported up to then. The metric math expression is
   * `EPOCH(m1) + <period seconds> - IF(FILL(m1, REPEAT) > 100000000000, FILL(m1, REPEAT) / 1000, FILL(m1, REPEAT))`
   * with `m1` the `MAX(LastSyncTimestamp)` query of `metricLastSyncTimestamp`.
   *
   * CloudWatch metric math has no `NOW()`: `EPOCH(m1)` gives each period's timestamp (its start,
   * in seconds) for every period of the range, and `FILL(m1, REPEAT)` carries the last reported
   * value into periods without one. Unit assumption: the Glue page does not give the unit of
   * `LastSyncTimestamp`; a value above 10^11 is read as epoch milliseconds (as seconds it would be
   * after the year 5000), anything else as epoch seconds. When the range holds no
   * `LastSyncTimestamp` at all, the value is missing (or, if CloudWatch fills the gap with 0, the
   * whole epoch); both look like "no sync". Assumption: CloudWatch accepts a Metrics Insights query
   * as the input of `EPOCH` and `FILL`; the docs neither allow nor forbid it.
   *
   * @param options period (default 5 minutes), label (default "Replication lag (seconds)") and color; `aggregation` does not apply
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public metricReplicationLag(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return replicationLagExpression(this, options);
  }

  /**
   * Adds an alarm, in this construct, that goes off when the integration reports any failed
   * ingestion (`IngestionFailed` summed over every dimension set is 1 or more) in a period.
   * A period without data (no ingestion ran) is not breaching: a stalled integration is what
   * `addReplicationLagAlarm` is for.
   *
   * @param id construct id of the alarm, in this construct
   * @param options actions (any `cloudwatch.IAlarmAction`), period (default 5 minutes), evaluation periods (default 1)
   * @throws Error when the period is not a whole number of minutes or `period × evaluationPeriods`
   * is more than 3 hours (a Metrics Insights alarm evaluates only the latest 3 hours)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public addIngestionFailedAlarm(id: string, options?: IngestionFailedAlarmOptions): cloudwatch.Alarm {
    return ingestionFailedAlarm(this, id, this, options);
  }

  /**
   * Adds an alarm, in this construct, on `metricReplicationLag`: it goes off when the lag is above
   * the threshold (by default twice the refresh interval plus 15 minutes, so that one late run does
   * not alarm and two missed runs do) or when no `LastSyncTimestamp` is reported in the alarm's
   * window (by default one period as long as the threshold).
   *
   * Missing data is treated as breaching by default: an integration that reports no sync for longer
   * than the threshold is the failure this alarm exists for. This includes a new integration whose
   * initial load takes longer than the threshold, which is in ALARM until its first sync; pass
   * `treatMissingData: TreatMissingData.NOT_BREACHING` for such a table until the load is done.
   * Assumption: Glue reports `LastSyncTimestamp` on every run, also when nothing changed (the page
   * says the metrics are generated for each job run).
   *
   * The window must fit in the latest 3 hours a Metrics Insights alarm evaluates, so the default
   * threshold works for refresh intervals of up to 82 minutes; beyond that pass `period` (at most 3
   * hours) and `treatMissingData` yourself.
   *
   * @param id construct id of the alarm, in this construct
   * @param options actions (any `cloudwatch.IAlarmAction`), threshold, period, evaluation periods, treatMissingData
   * @throws Error when the period is not a whole number of minutes or `period × evaluationPeriods` is more than 3 hours
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
   */
  public addReplicationLagAlarm(id: string, options?: ReplicationLagAlarmOptions): cloudwatch.Alarm {
    return replicationLagAlarm(this, id, this, options);
  }

  /**
   * One dashboard row for this integration: graphs of failed ingestions, successful ingestions,
   * items inserted/updated/deleted, and the replication lag (with the lag alarm's default
   * threshold drawn in). Pass them as one row: `new cloudwatch.Dashboard(this, 'Dashboard', { widgets: [integration.dashboardWidgets()] })`.
   *
   * @param options period of the graphs (default 5 minutes) and widget height (default 6)
   */
  public dashboardWidgets(options?: ZeroEtlDashboardOptions): cloudwatch.IWidget[] {
    return integrationWidgets(this, options);
  }

  /**
   * A rule, in the style of aws-cdk's `onEvent`, that routes every zero-ETL event of this
   * integration to `options.target`: source prefix `aws.glue-zero-etl`, and this integration's ARN
   * in the event's `resources` or in `detail.integrationArn` (the page does not say which field
   * carries it, nor shows an example event).
   *
   * @param id construct id of the rule, in this construct
   * @param options target, description, rule name, extra event pattern
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onEvent(id: string, options?: events.OnEventOptions): events.Rule {
    return integrationEventRule(this, id, [this.integrationArn], options);
  }

  /**
   * Like `onEvent`, for the documented events that need someone to act: "Ingestion Failed",
   * "Integration Failed" and "Integration Needs Attention". Each is matched as a prefix in both
   * spellings of the Glue page (its recommended pattern uses the prefix "Glue Zero ETL", its table
   * of detail types begins "AWS Glue Zero ETL").
   *
   * @param id construct id of the rule, in this construct
   * @param options target, description, rule name, extra event pattern
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
   */
  public onFailureOrNeedsAttention(id: string, options?: events.OnEventOptions): events.Rule {
    return integrationEventRule(this, id, [this.integrationArn], options, PROBLEM_EVENTS);
  }

  /**
   * Some aws-cdk-lib releases in this library's peer range (2.250.0 among them) report a statement
   * added to a `TableV2` created without `resourcePolicy` as added and then leave it out of the
   * template (aws/aws-cdk#30793). Without it, Glue cannot export the table and the integration
   * needs attention after deployment, so synthesis fails instead.
   */
  private droppedResourcePolicyProblems(table: dynamodb.ITable): string[] {
    const sids = renderedResourcePolicySids(table);
    if (sids === undefined || sids.includes(SOURCE_TABLE_STATEMENT_SID)) {
      return [];
    }
    return [
      `The resource policy of table '${table.node.path}' does not contain the statement ${SOURCE_TABLE_STATEMENT_SID} that ` +
      'lets Glue export the table, although aws-cdk-lib reported it added: some aws-cdk-lib releases drop statements added to a ' +
      'TableV2 created without a resource policy (https://github.com/aws/aws-cdk/issues/30793). Create the table with ' +
      'resourcePolicy: new iam.PolicyDocument(), or upgrade aws-cdk-lib.',
    ];
  }

  /**
   * Adds the export statement to the table's resource policy, or, for an imported table, says what
   * the user must add where the table is defined.
   */
  private grantGlueExport(table: dynamodb.ITable): void {
    const stack = Stack.of(this);
    const statement = sourceTableStatement(stack);
    const definedHere = table instanceof dynamodb.Table || table instanceof dynamodb.TableV2;
    if (definedHere && table.addToResourcePolicy(statement).statementAdded) {
      this.node.addValidation({ validate: () => this.droppedResourcePolicyProblems(table) });
      return;
    }
    const known = (value: string, placeholder: string) => (Token.isUnresolved(value) ? placeholder : value);
    const account = known(stack.account, '<account>');
    Annotations.of(this).addWarningV2(
      'dynamodb-zero-etl-s3tables:importedTable',
      `Table '${table.tableName}' is imported: its point-in-time recovery and encryption could not be checked, and its ` +
      'resource policy cannot be changed from here. Where the table is defined, enable PITR, do not use the AWS managed key, ' +
      'and add a resource policy statement that allows principal glue.amazonaws.com the actions ' +
      'dynamodb:ExportTableToPointInTime, dynamodb:DescribeTable and dynamodb:DescribeExport on resource "*", ' +
      `with conditions StringEquals aws:SourceAccount = ${account} and ArnLike aws:SourceArn = ` +
      `arn:${known(stack.partition, '<partition>')}:glue:${known(stack.region, '<region>')}:${account}:integration:*.`,
    );
  }
}
