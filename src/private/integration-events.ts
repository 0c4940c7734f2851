import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/** The source of Glue zero-ETL integration events. */
const ZERO_ETL_EVENT_SOURCE = 'aws.glue-zero-etl';

/**
 * A rule that routes the "Integration Needs Attention" and "Integration Failed" events of the
 * integrations `integrationArns` to `target`.
 *
 * AWS does not document which field of the event carries the integration ARN, so the rule matches
 * it in the event's `resources` or in `detail.integrationArn`.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
 */
export function integrationEventRule(scope: Construct, id: string, integrationArns: string[], target: events.IRuleTarget): events.Rule {
  const rule = new events.Rule(scope, id, {
    description: 'Zero-ETL integration needs attention or failed',
    eventPattern: { source: [ZERO_ETL_EVENT_SOURCE] },
    targets: [target],
  });
  (rule.node.defaultChild as events.CfnRule).eventPattern = {
    'source': [ZERO_ETL_EVENT_SOURCE],
    'detail-type': ['AWS Glue Zero ETL Integration Needs Attention', 'AWS Glue Zero ETL Integration Failed'],
    '$or': [{ resources: integrationArns }, { detail: { integrationArn: integrationArns } }],
  };
  return rule;
}
