import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The Metrics Insights aggregation of a zero-ETL metric query.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
 */
export enum MetricsInsightsAggregation {
  /** Average of the matched datapoints. */
  AVG = 'AVG',
  /** Number of matched datapoints. */
  COUNT = 'COUNT',
  /** Largest matched datapoint. */
  MAX = 'MAX',
  /** Smallest matched datapoint. */
  MIN = 'MIN',
  /** Sum of the matched datapoints. */
  SUM = 'SUM',
}

/**
 * Options of a zero-ETL metric query (`metricQuery`, `metricIngestionFailed`, ...).
 */
export interface ZeroEtlMetricOptions {
  /**
   * The period over which the query aggregates: a whole number of minutes (CloudWatch's
   * `MetricDataQuery.Period` is a multiple of 60 seconds), at least 1 minute.
   *
   * @default Duration.minutes(5)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html
   */
  readonly period?: Duration;

  /**
   * The aggregation in the `SELECT` clause.
   *
   * @default - `SUM` for counts, `MAX` for `LastSyncTimestamp`
   */
  readonly aggregation?: MetricsInsightsAggregation;

  /**
   * Label of the metric in graphs and in the alarm's `Metrics[].Label`.
   *
   * @default - the metric name
   */
  readonly label?: string;

  /**
   * Color of the metric in graphs, a hex color code such as `#1f77b4`.
   *
   * @default - automatic
   */
  readonly color?: string;
}

/**
 * Options common to the zero-ETL alarms.
 */
export interface ZeroEtlAlarmOptions {
  /**
   * What the alarm does when it goes into ALARM: any CloudWatch alarm action, such as
   * `new cloudwatch_actions.SnsAction(topic)`.
   *
   * @default - no actions; add them with `alarm.addAlarmAction`
   */
  readonly actions?: cloudwatch.IAlarmAction[];

  /**
   * Description of the alarm.
   *
   * @default - names the source table and the integration
   */
  readonly alarmDescription?: string;

  /**
   * How many periods the alarm evaluates. A Metrics Insights alarm reads only the latest 3 hours of
   * data, so `period × evaluationPeriods` must be at most 3 hours.
   *
   * @default 1
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
   */
  readonly evaluationPeriods?: number;
}

/**
 * Options of the alarm on failed ingestions.
 */
export interface IngestionFailedAlarmOptions extends ZeroEtlAlarmOptions {
  /**
   * The period of the `IngestionFailed` query: a whole number of minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/**
 * Options of the replication lag alarm.
 */
export interface ReplicationLagAlarmOptions extends ZeroEtlAlarmOptions {
  /**
   * The lag above which the alarm goes off.
   *
   * @default - twice the integration's refresh interval plus 15 minutes (45 minutes for the default
   * 15-minute refresh interval)
   */
  readonly threshold?: Duration;

  /**
   * The period of the lag query, which is also the window in which a sync must have been reported:
   * a whole number of minutes; `period × evaluationPeriods` at most 3 hours.
   *
   * @default - the threshold, rounded up to a whole minute
   */
  readonly period?: Duration;

  /**
   * How the alarm treats a window without any `LastSyncTimestamp` datapoint (no sync reported).
   *
   * @default cloudwatch.TreatMissingData.BREACHING
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
   */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/**
 * Options of an integration's dashboard widgets.
 */
export interface ZeroEtlDashboardOptions {
  /**
   * The period of the graphed queries: a whole number of minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;

  /**
   * Height of each widget, in grid units.
   *
   * @default 6
   */
  readonly height?: number;
}
