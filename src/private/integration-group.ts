import { Lazy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alreadyReplicatedProblem } from './claims';
import { throwIfProblems } from './errors';
import { integrationEventRule } from './integration-events';
import { inspectSourceTable } from './source-table';
import { integrationProblems } from './validate';
import { DynamoDbZeroEtlIntegration, DynamoDbZeroEtlIntegrationProps } from '../dynamodb-zero-etl-integration';
import { AddTableOptions, DynamoDbZeroEtlReplicationProps } from '../replication-options';
import { IZeroEtlTarget } from '../target';

/** What every integration of a one-line construct shares. */
export type SharedIntegrationProps = Pick<DynamoDbZeroEtlIntegrationProps, 'encryptionKey' | 'additionalEncryptionContext' | 'catalogPolicyScope'>;

/**
 * Checks a one-line construct's props, the source table's and the target's (`targetProblems`)
 * together, so that a bad target and a bad table are reported in one error, and returns what its
 * integrations share.
 */
export function checkReplicationProps(
  scope: Construct, kind: string, props: DynamoDbZeroEtlReplicationProps, targetProblems: string[]): SharedIntegrationProps {
  const shared: SharedIntegrationProps = {
    encryptionKey: props.integrationEncryptionKey,
    additionalEncryptionContext: props.additionalEncryptionContext,
    catalogPolicyScope: props.catalogPolicyScope,
  };
  throwIfProblems(kind, scope, [...integrationProblems(scope, { ...props, ...shared }, inspectSourceTable(props.table)), ...targetProblems]);
  return shared;
}

/**
 * The integrations of a one-line construct (`DynamoDbZeroEtlToS3Tables`, `DynamoDbZeroEtlToGlueDatabase`)
 * into its one target, with their alarms and event rule: what `addTable`, `addIngestionFailedAlarms`
 * and `notifyOnIntegrationEvents` do, whatever the target. Children are created in `scope`, under
 * the ids those constructs document.
 */
export class IntegrationGroup {
  /** Every integration, in the order they were added. */
  public readonly integrations: DynamoDbZeroEtlIntegration[] = [];
  private alarmTopic?: sns.ITopic;

  /**
   * @param scope the one-line construct
   * @param kind its class name, for error messages
   * @param target where every integration writes
   * @param targetDescription the target in words, for alarm descriptions (e.g. `table bucket lake`)
   */
  constructor(
    private readonly scope: Construct,
    private readonly kind: string,
    private readonly target: IZeroEtlTarget,
    private readonly targetDescription: string,
    private readonly shared: SharedIntegrationProps,
  ) {}

  /** An integration of `table` with construct id `Integration-<tableName>`. */
  public add(table: dynamodb.ITable, options: AddTableOptions): DynamoDbZeroEtlIntegration {
    const tableName = inspectSourceTable(table).tableName ?? table.node.id;
    // The integration checks this app-wide too, but here its construct id would collide first.
    const existing = this.integrations.find(i => i.sourceTableName === tableName);
    throwIfProblems(this.kind, this.scope, existing ? [alreadyReplicatedProblem(tableName, existing.node.path)] : []);
    const integration = new DynamoDbZeroEtlIntegration(this.scope, `Integration-${tableName}`, {
      ...this.shared,
      table,
      target: this.target,
      integrationName: options.integrationName,
      refreshInterval: options.refreshInterval,
      targetTableProperties: options.targetTableProperties,
    });
    this.integrations.push(integration);
    if (this.alarmTopic) {
      this.ingestionFailedAlarm(integration);
    }
    return integration;
  }

  /** Alarms on `IngestionFailed` for every integration, present and added later, notifying `topic`. */
  public addIngestionFailedAlarms(topic: sns.ITopic): cloudwatch.Alarm[] {
    this.alarmTopic = topic;
    return this.integrations.map(integration => this.ingestionFailedAlarm(integration));
  }

  /** Routes the integrations' "Needs Attention" and "Failed" events, present and added later, to `topic`. */
  public notifyOnIntegrationEvents(topic: sns.ITopic): events.Rule {
    const integrationArns = Lazy.list({ produce: () => this.integrations.map(i => i.integrationArn) });
    return integrationEventRule(this.scope, 'IntegrationEvents', integrationArns, new eventsTargets.SnsTopic(topic));
  }

  private ingestionFailedAlarm(integration: DynamoDbZeroEtlIntegration): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this.scope, `IngestionFailedAlarm-${integration.sourceTableName}`, {
      alarmDescription: `Glue zero-ETL ingestion from DynamoDB table ${integration.sourceTableName} into ${this.targetDescription} failed`,
      metric: integration.metricIngestionFailed(),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic!));
    return alarm;
  }
}
