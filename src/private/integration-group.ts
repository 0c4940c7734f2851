import { Lazy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { alreadyReplicatedProblem } from './claims';
import { throwIfProblems } from './errors';
import { integrationEventRule } from './integration-events';
import { ingestionFailedAlarm, replicationLagAlarm } from './monitoring';
import { inspectSourceTable } from './source-table';
import { integrationProblems } from './validate';
import { DynamoDbZeroEtlIntegration, DynamoDbZeroEtlIntegrationProps } from '../dynamodb-zero-etl-integration';
import { IngestionFailedAlarmOptions, ReplicationLagAlarmOptions } from '../monitoring';
import { AddTableOptions, DynamoDbZeroEtlReplicationProps } from '../replication-options';
import { IZeroEtlTarget } from '../target';

/** What every integration of a one-line construct shares. */
export type SharedIntegrationProps = Pick<DynamoDbZeroEtlIntegrationProps, 'encryptionKey' | 'additionalEncryptionContext' | 'catalogPolicyScope'>;

/** What every integration of a one-line construct shares. */
export function sharedIntegrationProps(props: DynamoDbZeroEtlReplicationProps): SharedIntegrationProps {
  return {
    encryptionKey: props.integrationEncryptionKey,
    additionalEncryptionContext: props.additionalEncryptionContext,
    catalogPolicyScope: props.catalogPolicyScope,
  };
}

/**
 * Checks a one-line construct's props, the source table's and the target's (`targetProblems`)
 * together, so that a bad target and a bad table are reported in one error.
 */
export function checkReplicationProps(scope: Construct, kind: string, props: DynamoDbZeroEtlReplicationProps, targetProblems: string[]): void {
  throwIfProblems(kind, scope, [
    ...integrationProblems(scope, { ...props, ...sharedIntegrationProps(props) }, inspectSourceTable(props.table)),
    ...targetProblems,
  ]);
}

/**
 * The integrations of a one-line construct (`DynamoDbZeroEtlToS3Tables`, `DynamoDbZeroEtlToGlueDatabase`)
 * into its one target, with their monitoring: what `addTable`, the alarm, dashboard and event
 * methods do, whatever the target. Alarms and dashboards cover integrations added later too.
 * Children are created in `scope`, under the ids those constructs document.
 */
export class IntegrationGroup {
  /** Every integration, in the order they were added. */
  public readonly integrations: DynamoDbZeroEtlIntegration[] = [];
  /** Per kind of alarm, how to create one for an integration. */
  private readonly monitors = new Map<string, (integration: DynamoDbZeroEtlIntegration) => cloudwatch.Alarm>();
  private readonly dashboards: cloudwatch.Dashboard[] = [];

  /**
   * @param scope the one-line construct
   * @param kind its class name, for error messages
   * @param target where every integration writes
   */
  constructor(
    private readonly scope: Construct,
    private readonly kind: string,
    private readonly target: IZeroEtlTarget,
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
    this.monitors.forEach(monitor => monitor(integration));
    this.dashboards.forEach(dashboard => dashboard.addWidgets(...integration.dashboardWidgets()));
    return integration;
  }

  /** An ingestion-failed alarm per integration, with construct id `IngestionFailedAlarm-<tableName>`. */
  public alarmOnIngestionFailed(options: IngestionFailedAlarmOptions): cloudwatch.Alarm[] {
    return this.addMonitoring('IngestionFailedAlarm', (integration, id) => ingestionFailedAlarm(this.scope, id, integration, options));
  }

  /** A replication lag alarm per integration, with construct id `ReplicationLagAlarm-<tableName>`. */
  public alarmOnReplicationLag(options: ReplicationLagAlarmOptions): cloudwatch.Alarm[] {
    return this.addMonitoring('ReplicationLagAlarm', (integration, id) => replicationLagAlarm(this.scope, id, integration, options));
  }

  /** A dashboard with one row per integration. */
  public addDashboard(id: string, props?: cloudwatch.DashboardProps): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this.scope, id, props);
    this.dashboards.push(dashboard);
    this.integrations.forEach(integration => dashboard.addWidgets(...integration.dashboardWidgets()));
    return dashboard;
  }

  /** A rule for every event of the integrations; `detailTypes` narrows it. */
  public onEvent(id: string, options?: events.OnEventOptions, detailTypes?: string[]): events.Rule {
    const integrationArns = Lazy.list({ produce: () => this.integrations.map(i => i.integrationArn) });
    return integrationEventRule(this.scope, id, integrationArns, options, detailTypes);
  }

  private addMonitoring(kind: string, create: (integration: DynamoDbZeroEtlIntegration, id: string) => cloudwatch.Alarm): cloudwatch.Alarm[] {
    throwIfProblems(this.kind, this.scope, this.monitors.has(kind)
      ? [`${kind}s were already added to this construct; they cover every integration, also those added later`] : []);
    const monitor = (integration: DynamoDbZeroEtlIntegration) => create(integration, `${kind}-${integration.sourceTableName}`);
    this.monitors.set(kind, monitor);
    return this.integrations.map(monitor);
  }
}
