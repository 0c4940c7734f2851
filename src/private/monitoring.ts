import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { throwIfBadCall } from './errors';
import { ZERO_ETL_METRICS_NAMESPACE } from './permissions';
import {
  IngestionFailedAlarmOptions, MetricsInsightsAggregation, ReplicationLagAlarmOptions, ZeroEtlDashboardOptions, ZeroEtlMetricOptions,
} from '../monitoring';

/** The default period of the zero-ETL queries. */
export const DEFAULT_METRIC_PERIOD = Duration.minutes(5);
/**
 * A Metrics Insights alarm reads only the latest 3 hours of data
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html).
 */
const METRICS_INSIGHTS_ALARM_WINDOW = Duration.hours(3);
/**
 * The Metrics Insights grammar needs double quotes around a metric name that is not a plain
 * identifier; the construct accepts only plain identifiers, which every Glue metric name is.
 */
const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/**
 * A `LastSyncTimestamp` above this is read as epoch milliseconds: as epoch seconds it would be
 * after the year 5000.
 */
const MILLISECONDS_ABOVE = 100_000_000_000;

/** What the zero-ETL metric functions need of an integration. */
export interface MonitoredIntegration extends Construct {
  readonly integrationArn: string;
  readonly sourceTableName: string;
  readonly refreshInterval: Duration;
}

/** Problems with a query period, each naming the value and the rule. */
function periodProblems(what: string, period: Duration): string[] {
  if (period.isUnresolved()) {
    return [];
  }
  const seconds = period.toSeconds({ integral: false });
  return seconds >= 60 && seconds % 60 === 0 ? [] :
    [`${what} is ${seconds} seconds: it must be a whole number of minutes, at least 1 minute (CloudWatch MetricDataQuery.Period is a multiple of 60 seconds)`];
}

/**
 * The Metrics Insights query of one zero-ETL metric of one integration, over every dimension set
 * that includes its `integrationArn`.
 *
 * `MetricDataQuery.Expression` is at most 2048 characters; with a metric name of at most 255
 * characters and an integration ARN of about 100, the query stays far below that, so its length is
 * not checked.
 *
 * @throws Error when the metric name is not a plain identifier or the period is not a whole number of minutes
 */
export function zeroEtlMetricQuery(
  integration: MonitoredIntegration, metricName: string, defaultAggregation: MetricsInsightsAggregation, options: ZeroEtlMetricOptions = {},
): cloudwatch.MathExpression {
  const period = options.period ?? DEFAULT_METRIC_PERIOD;
  const problems = periodProblems('The metric period', period);
  if (Token.isUnresolved(metricName) || !METRIC_NAME.test(metricName)) {
    problems.push(`The metric name '${metricName}' is not a plain identifier (letters, digits and underscores, not beginning with a digit, ` +
      'at most 255 characters), so it cannot stand unquoted in a Metrics Insights query; the AWS/Glue/ZeroETL metrics are such names');
  }
  // Label values stand in single quotes; an integration ARN holds no quote to escape.
  const expression = `SELECT ${options.aggregation ?? defaultAggregation}(${metricName}) FROM "${ZERO_ETL_METRICS_NAMESPACE}" ` +
    `WHERE integrationArn = '${integration.integrationArn}'`;
  throwIfBadCall(`metric ${metricName}`, integration, problems);
  return new cloudwatch.MathExpression({
    expression,
    usingMetrics: {},
    period,
    label: options.label ?? metricName,
    color: options.color,
  });
}

/**
 * Seconds from the end of each period to the latest `LastSyncTimestamp` reported up to then, read as
 * epoch milliseconds when above 10^11 and as epoch seconds otherwise.
 */
export function replicationLagExpression(integration: MonitoredIntegration, options: ZeroEtlMetricOptions = {}): cloudwatch.MathExpression {
  const period = options.period ?? DEFAULT_METRIC_PERIOD;
  const lastSync = zeroEtlMetricQuery(integration, 'LastSyncTimestamp', MetricsInsightsAggregation.MAX, { period });
  const filled = 'FILL(m1, REPEAT)';
  return new cloudwatch.MathExpression({
    expression: `EPOCH(m1) + ${period.toSeconds()} - IF(${filled} > ${MILLISECONDS_ABOVE}, ${filled} / 1000, ${filled})`,
    usingMetrics: { m1: lastSync },
    period,
    label: options.label ?? 'Replication lag (seconds)',
    color: options.color,
  });
}

/** The lag alarm's default threshold: twice the refresh interval plus 15 minutes. */
export function defaultLagThreshold(integration: MonitoredIntegration): Duration {
  return Duration.minutes(2 * integration.refreshInterval.toMinutes() + 15);
}

/** Problems with an alarm's window, which a Metrics Insights alarm limits to 3 hours. */
function alarmWindowProblems(period: Duration, evaluationPeriods: number, hint: string): string[] {
  const problems = periodProblems('The alarm period', period);
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
    problems.push(`evaluationPeriods is ${evaluationPeriods}: it must be a whole number of at least 1`);
  } else if (!period.isUnresolved() && period.toSeconds({ integral: false }) * evaluationPeriods > METRICS_INSIGHTS_ALARM_WINDOW.toSeconds()) {
    problems.push(`The alarm reads ${evaluationPeriods} period(s) of ${period.toHumanString()}, more than the latest 3 hours a Metrics Insights ` +
      `alarm evaluates (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html): ${hint}`);
  }
  return problems;
}

/**
 * An alarm, in the integration, that goes off when the integration reports any failed ingestion in a period.
 */
export function ingestionFailedAlarm(
  integration: MonitoredIntegration, id: string, options: IngestionFailedAlarmOptions = {},
): cloudwatch.Alarm {
  const period = options.period ?? DEFAULT_METRIC_PERIOD;
  const evaluationPeriods = options.evaluationPeriods ?? 1;
  throwIfBadCall(`alarm '${id}'`, integration,
    alarmWindowProblems(period, evaluationPeriods, 'pass a shorter period or fewer evaluationPeriods'));
  const alarm = new cloudwatch.Alarm(integration, id, {
    alarmDescription: options.alarmDescription ??
      `Glue zero-ETL ingestion from DynamoDB table ${integration.sourceTableName} failed (integration ${integration.node.path})`,
    metric: zeroEtlMetricQuery(integration, 'IngestionFailed', MetricsInsightsAggregation.SUM, { period }),
    threshold: 1,
    evaluationPeriods,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(...options.actions ?? []);
  return alarm;
}

/**
 * An alarm, in the integration, that goes off when the replication lag is above the threshold, or no sync is reported in
 * the alarm's window.
 */
export function replicationLagAlarm(
  integration: MonitoredIntegration, id: string, options: ReplicationLagAlarmOptions = {},
): cloudwatch.Alarm {
  const threshold = options.threshold ?? defaultLagThreshold(integration);
  const period = options.period ?? Duration.minutes(Math.ceil(threshold.toSeconds({ integral: false }) / 60));
  const evaluationPeriods = options.evaluationPeriods ?? 1;
  throwIfBadCall(`alarm '${id}'`, integration, alarmWindowProblems(period, evaluationPeriods,
    `the lag alarm of table ${integration.sourceTableName} (threshold ${threshold.toHumanString()}, by default twice the refresh interval ` +
    'plus 15 minutes) needs a sync reported in its window. Pass a period of at most 3 hours with ' +
    'treatMissingData: TreatMissingData.NOT_BREACHING (the alarm then fires only on a reported sync that is too old), or rely on the ' +
    'ingestion-failed alarm and the integration events'));
  const alarm = new cloudwatch.Alarm(integration, id, {
    alarmDescription: options.alarmDescription ??
      `Glue zero-ETL replication of DynamoDB table ${integration.sourceTableName} is more than ${threshold.toHumanString()} behind, ` +
      `or reported no sync (integration ${integration.node.path})`,
    metric: replicationLagExpression(integration, { period }),
    threshold: threshold.toSeconds(),
    evaluationPeriods,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.BREACHING,
  });
  alarm.addAlarmAction(...options.actions ?? []);
  return alarm;
}

/** One dashboard row of graphs for an integration. */
export function integrationWidgets(integration: MonitoredIntegration, options: ZeroEtlDashboardOptions = {}): cloudwatch.IWidget[] {
  const period = options.period ?? DEFAULT_METRIC_PERIOD;
  const height = options.height ?? 6;
  const table = integration.sourceTableName;
  const query = (metricName: string, color?: string) =>
    zeroEtlMetricQuery(integration, metricName, MetricsInsightsAggregation.SUM, { period, color });
  const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
    new cloudwatch.GraphWidget({ title: `${table}: ${title}`, left, width: 6, height, period, ...extra });
  return [
    graph('ingestions failed', [query('IngestionFailed', cloudwatch.Color.RED)]),
    graph('ingestions succeeded', [query('IngestionSucceeded', cloudwatch.Color.GREEN)]),
    graph('items inserted, updated, deleted', [query('InsertCount'), query('UpdateCount'), query('DeleteCount')]),
    graph('replication lag (seconds)', [replicationLagExpression(integration, { period })], {
      leftAnnotations: [{ value: defaultLagThreshold(integration).toSeconds(), label: 'default lag alarm threshold' }],
    }),
  ];
}
