import { DescribeIntegrationsCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** The custom resource's properties, as `RedshiftIntegrationDatabase` renders them. */
export interface RedshiftDatabaseResourceProperties {
  /** `arn:<partition>:redshift:<region>:<account>:integration:<uuid>`. */
  readonly IntegrationArn: string;
  /** The database to create from the integration. */
  readonly DatabaseName: string;
  /** The Serverless workgroup; or `ClusterIdentifier`. */
  readonly WorkgroupName?: string;
  /** The provisioned cluster; or `WorkgroupName`. */
  readonly ClusterIdentifier?: string;
  /** The database the statements connect to. */
  readonly ConnectDatabaseName: string;
  /** Credentials: a Secrets Manager secret; or `DbUser`. */
  readonly SecretArn?: string;
  /** Credentials: a database user of the cluster (temporary credentials); or `SecretArn`. */
  readonly DbUser?: string;
  /** `'true'` to drop the database when the resource is deleted. */
  readonly DropDatabaseOnDelete?: string;
}

/** How long and how often to wait for the integration and for each statement. */
export interface WaitOptions {
  readonly intervalMs: number;
  readonly maxWaitMs: number;
}

/** The function runs for at most 15 minutes; the waits leave time for the calls and the reply. */
export const DEFAULT_INTEGRATION_WAIT: WaitOptions = { intervalMs: 10_000, maxWaitMs: 12 * 60_000 };
export const DEFAULT_STATEMENT_WAIT: WaitOptions = { intervalMs: 1_000, maxWaitMs: 2 * 60_000 };

/** Integration states in which `CREATE DATABASE ... FROM INTEGRATION` can run (Redshift API `Integration.Status`). */
const READY = ['active', 'syncing', 'modifying'];
/** States from which the integration does not become active without someone acting. */
const STUCK = ['failed', 'needs_attention', 'deleting'];

const PHYSICAL_ID_PREFIX = 'redshift-zero-etl-database:';
const DATABASE_NAME = /^[a-z_][a-z0-9_$]{0,126}$/;
const INTEGRATION_ARN = /^arn:aws[a-z-]*:redshift:[a-z0-9-]+:[0-9]{12}:integration:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export interface Clients {
  readonly redshift: RedshiftClient;
  readonly data: RedshiftDataClient;
}

const clients: Clients = { redshift: new RedshiftClient({}), data: new RedshiftDataClient({}) };

/**
 * The custom resource's handler, run by core `CustomResourceProvider`: on Create, waits until the
 * integration is active and runs `CREATE DATABASE "<name>" FROM INTEGRATION '<id>'` in the
 * warehouse through the Redshift Data API; on Update, does the same when the database or the
 * integration changed (CloudFormation then deletes the old resource); on Delete, drops the database
 * only when `DropDatabaseOnDelete` is `'true'` and this resource created it.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string }> {
  return onEvent(clients, event);
}

export async function onEvent(
  api: Clients, event: CloudFormationCustomResourceEvent,
  integrationWait = DEFAULT_INTEGRATION_WAIT, statementWait = DEFAULT_STATEMENT_WAIT,
): Promise<{ PhysicalResourceId: string }> {
  const properties = event.ResourceProperties as unknown as RedshiftDatabaseResourceProperties;
  switch (event.RequestType) {
    case 'Create':
      break;
    case 'Update':
      if (physicalId(event.OldResourceProperties as unknown as RedshiftDatabaseResourceProperties) === physicalId(properties)) {
        return { PhysicalResourceId: event.PhysicalResourceId };
      }
      break;
    case 'Delete':
      // A physical id of another shape means the create failed: there is no database of ours to drop.
      if (properties.DropDatabaseOnDelete === 'true' && event.PhysicalResourceId === physicalId(properties)) {
        await runStatement(api.data, properties, `DROP DATABASE "${databaseName(properties)}"`, statementWait);
      }
      return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const integrationId = integrationIdOf(properties.IntegrationArn);
  await waitForIntegration(api.redshift, properties.IntegrationArn, integrationWait);
  await runStatement(api.data, properties, `CREATE DATABASE "${databaseName(properties)}" FROM INTEGRATION '${integrationId}'`, statementWait);
  return { PhysicalResourceId: physicalId(properties) };
}

/** Names the warehouse, the database and the integration: a change of any of them is a new database. */
function physicalId(properties: RedshiftDatabaseResourceProperties): string {
  const warehouse = properties.WorkgroupName ? `workgroup/${properties.WorkgroupName}` : `cluster/${properties.ClusterIdentifier}`;
  return `${PHYSICAL_ID_PREFIX}${warehouse}/${properties.DatabaseName}/${properties.IntegrationArn}`;
}

function databaseName(properties: RedshiftDatabaseResourceProperties): string {
  if (!DATABASE_NAME.test(properties.DatabaseName)) {
    throw new Error(`'${properties.DatabaseName}' is not a database name this construct creates (${DATABASE_NAME}).`);
  }
  return properties.DatabaseName;
}

function integrationIdOf(integrationArn: string): string {
  const match = INTEGRATION_ARN.exec(integrationArn);
  if (!match) {
    throw new Error(`'${integrationArn}' is not a Redshift integration ARN.`);
  }
  return match[1];
}

/**
 * Polls `DescribeIntegrations` until the integration is in a state where a database can be created
 * from it; fails at once, with Redshift's errors, in a state that needs someone to act.
 */
export async function waitForIntegration(redshift: RedshiftClient, integrationArn: string, wait: WaitOptions): Promise<void> {
  const deadline = Date.now() + wait.maxWaitMs;
  for (;;) {
    const { Integrations } = await redshift.send(new DescribeIntegrationsCommand({ IntegrationArn: integrationArn }));
    const integration = Integrations?.[0];
    const status = integration?.Status?.toLowerCase();
    if (status !== undefined && READY.includes(status)) {
      return;
    }
    if (status !== undefined && STUCK.includes(status)) {
      const errors = (integration?.Errors ?? []).map(error => `${error.ErrorCode}: ${error.ErrorMessage ?? ''}`).join('; ');
      throw new Error(`The zero-ETL integration ${integrationArn} is ${status}${errors ? ` (${errors})` : ''}; no database was created.`);
    }
    if (Date.now() + wait.intervalMs > deadline) {
      throw new Error(`The zero-ETL integration ${integrationArn} is still ${status ?? 'not found'} after ${wait.maxWaitMs / 1000} s; no database was created.`);
    }
    await sleep(wait.intervalMs);
  }
}

/**
 * Runs one statement with `ExecuteStatement` and polls `DescribeStatement` until it ends: returns
 * when it finished, throws with the statement's own error when it failed or was aborted.
 */
export async function runStatement(
  data: RedshiftDataClient, properties: RedshiftDatabaseResourceProperties, sql: string, wait: WaitOptions,
): Promise<void> {
  const { Id } = await data.send(new ExecuteStatementCommand({
    Sql: sql,
    Database: properties.ConnectDatabaseName,
    WorkgroupName: properties.WorkgroupName,
    ClusterIdentifier: properties.ClusterIdentifier,
    SecretArn: properties.SecretArn,
    DbUser: properties.DbUser,
  }));
  const deadline = Date.now() + wait.maxWaitMs;
  for (;;) {
    const statement = await data.send(new DescribeStatementCommand({ Id }));
    if (statement.Status === 'FINISHED') {
      return;
    }
    if (statement.Status === 'FAILED' || statement.Status === 'ABORTED') {
      throw new Error(`${sql} ${statement.Status.toLowerCase()}: ${statement.Error ?? 'no error given'}`);
    }
    if (Date.now() + wait.intervalMs > deadline) {
      throw new Error(`${sql} did not finish in ${wait.maxWaitMs / 1000} s (statement ${Id}, ${statement.Status}).`);
    }
    await sleep(wait.intervalMs);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
