import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { eventRuleOfIntegrations } from './integration-events';

/**
 * Redshift sends its zero-ETL integration events to EventBridge with source `aws.redshift` and
 * these detail types (EventBridge events reference, "Amazon Redshift events").
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-redshift.html
 */
const REDSHIFT_EVENT_SOURCE = 'aws.redshift';
const REDSHIFT_INTEGRATION_DETAIL_TYPES = ['Redshift Integration Monitoring', 'Redshift Integration Configuration', 'Redshift Integration Operation'];

/**
 * The integration events of severity ERROR or WARNING in the Redshift management guide's table of
 * zero-ETL integration events: what needs someone to act.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/integration-event-notifications.html
 */
export const REDSHIFT_PROBLEM_EVENT_IDS = [
  '0004', '0005', '0006', '0007', '0008', '0009', '0012', '0014', '0018', '0019', '0020', '0025',
  '1000', '1001', '1002', '1003', '1004', '1005', '1006',
].map(number => `REDSHIFT-INTEGRATION-EVENT-${number}`);

/**
 * A rule that routes the Redshift zero-ETL events of `integrationArns` to `options.target`: every
 * event, or with `eventIds` only those whose `detail.eventId` is one of them (the field name is an
 * assumption: no example event is published).
 */
export function redshiftIntegrationEventRule(
  scope: Construct, id: string, integrationArns: string[], options: events.OnEventOptions = {}, eventIds?: string[],
): events.Rule {
  return eventRuleOfIntegrations(scope, id, integrationArns, undefined, options, {
    source: [REDSHIFT_EVENT_SOURCE],
    detailType: REDSHIFT_INTEGRATION_DETAIL_TYPES,
    detail: eventIds && { eventId: eventIds },
  });
}
