import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/**
 * The source of Glue zero-ETL integration events, matched as a prefix as the Glue page's
 * recommended pattern does (`"source":[{"prefix":"aws.glue-zero-etl"}]`).
 */
const ZERO_ETL_EVENT_SOURCE_PREFIX = 'aws.glue-zero-etl';

/**
 * The two spellings of the detail types: the page's recommended pattern uses the prefix
 * "Glue Zero ETL", while its table lists detail types beginning "AWS Glue Zero ETL".
 */
const DETAIL_TYPE_PREFIXES = ['AWS Glue Zero ETL', 'Glue Zero ETL'];

/** The documented events that say an integration or an ingestion failed or needs attention. */
export const PROBLEM_EVENTS = ['Ingestion Failed', 'Integration Failed', 'Integration Needs Attention'];

/**
 * A rule on `eventBus` (the default event bus when undefined), in the style of aws-cdk's `onEvent`
 * methods, that routes the zero-ETL events of the integrations `integrationArns` to `options.target`: every event, or with `detailTypes` only those
 * whose detail type begins with one of them after "AWS Glue Zero ETL " or "Glue Zero ETL ".
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
 */
export function integrationEventRule(
  scope: Construct, id: string, integrationArns: string[], eventBus: events.IEventBus | undefined,
  options: events.OnEventOptions = {}, detailTypes?: string[],
): events.Rule {
  return eventRuleOfIntegrations(scope, id, integrationArns, eventBus, options, {
    source: events.Match.prefix(ZERO_ETL_EVENT_SOURCE_PREFIX),
    detailType: detailTypes && events.Match.anyOf(
      ...DETAIL_TYPE_PREFIXES.flatMap(prefix => detailTypes.map(detailType => events.Match.prefix(`${prefix} ${detailType}`)))),
  });
}

/**
 * A rule on `eventBus` (the default event bus when undefined) that routes the events matching `pattern` of the integrations `integrationArns` to
 * `options.target`, for every zero-ETL service (Glue, Redshift).
 *
 * AWS does not document which field of the event carries the integration ARN, so the rule matches
 * it in the event's `resources` or in `detail.integrationArn` (an `$or`, which the `EventPattern`
 * type cannot express, so it is added as a property override and merges with `options.eventPattern`).
 */
export function eventRuleOfIntegrations(
  scope: Construct, id: string, integrationArns: string[], eventBus: events.IEventBus | undefined,
  options: events.OnEventOptions, pattern: events.EventPattern,
): events.Rule {
  const rule = new events.Rule(scope, id, { ...options, eventBus });
  rule.addEventPattern(pattern);
  (rule.node.defaultChild as events.CfnRule).addPropertyOverride('EventPattern.$or',
    [{ resources: integrationArns }, { detail: { integrationArn: integrationArns } }]);
  rule.addTarget(options.target);
  return rule;
}
