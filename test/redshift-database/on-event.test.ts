import { DescribeIntegrationsCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { onEvent, RedshiftDatabaseResourceProperties } from '../../src/redshift-database/on-event.lambda';

const redshiftMock = mockClient(RedshiftClient);
const dataMock = mockClient(RedshiftDataClient);
const clients = { redshift: new RedshiftClient({}), data: new RedshiftDataClient({}) };
const FAST = { intervalMs: 1, maxWaitMs: 200 };

const INTEGRATION_ID = '0123abcd-0123-4567-89ab-0123456789ab';
const INTEGRATION_ARN = `arn:aws:redshift:us-east-1:111122223333:integration:${INTEGRATION_ID}`;
const SERVERLESS: RedshiftDatabaseResourceProperties = {
  IntegrationArn: INTEGRATION_ARN,
  DatabaseName: 'orders',
  WorkgroupName: 'analytics',
  ConnectDatabaseName: 'dev',
  SecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:admin-AbCdEf',
  DropDatabaseOnDelete: 'false',
};
const PHYSICAL_ID = `redshift-zero-etl-database:workgroup/analytics/orders/${INTEGRATION_ARN}`;

const base = { ServiceToken: 'token', ResponseURL: 'url', StackId: 'stack', RequestId: 'request', LogicalResourceId: 'Database', ResourceType: 'Custom::RedshiftZeroEtlDatabase' };
const create = (properties: RedshiftDatabaseResourceProperties): CloudFormationCustomResourceCreateEvent =>
  ({ ...base, RequestType: 'Create', ResourceProperties: { ServiceToken: 'token', ...properties } });
const update = (properties: RedshiftDatabaseResourceProperties, old: RedshiftDatabaseResourceProperties): CloudFormationCustomResourceUpdateEvent =>
  ({ ...base, RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: { ServiceToken: 'token', ...properties }, OldResourceProperties: { ServiceToken: 'token', ...old } });
const remove = (properties: RedshiftDatabaseResourceProperties, physicalId = PHYSICAL_ID): CloudFormationCustomResourceDeleteEvent =>
  ({ ...base, RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: { ServiceToken: 'token', ...properties } });

const run = (event: Parameters<typeof onEvent>[1]) => onEvent(clients, event, FAST, FAST);

beforeEach(() => {
  redshiftMock.reset();
  dataMock.reset();
  redshiftMock.on(DescribeIntegrationsCommand).resolves({ Integrations: [{ Status: 'active' }] });
  dataMock.on(ExecuteStatementCommand).resolves({ Id: 'statement-1' });
  dataMock.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
});

describe('Create', () => {
  test('waits for the integration to be active, then creates the database from it on the workgroup with the secret', async () => {
    redshiftMock.on(DescribeIntegrationsCommand)
      .resolvesOnce({ Integrations: [{ Status: 'creating' }] })
      .resolvesOnce({ Integrations: [] })
      .resolves({ Integrations: [{ Status: 'active' }] });
    dataMock.on(DescribeStatementCommand)
      .resolvesOnce({ Status: 'SUBMITTED' })
      .resolvesOnce({ Status: 'STARTED' })
      .resolves({ Status: 'FINISHED' });

    await expect(run(create(SERVERLESS))).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });

    expect(redshiftMock.commandCalls(DescribeIntegrationsCommand)).toHaveLength(3);
    expect(redshiftMock.commandCalls(DescribeIntegrationsCommand)[0].args[0].input).toEqual({ IntegrationArn: INTEGRATION_ARN });
    expect(dataMock.commandCalls(ExecuteStatementCommand).map(call => call.args[0].input)).toEqual([{
      Sql: `CREATE DATABASE "orders" FROM INTEGRATION '${INTEGRATION_ID}'`,
      Database: 'dev',
      WorkgroupName: 'analytics',
      ClusterIdentifier: undefined,
      SecretArn: SERVERLESS.SecretArn,
      DbUser: undefined,
    }]);
    expect(dataMock.commandCalls(DescribeStatementCommand)).toHaveLength(3);
    expect(dataMock.commandCalls(DescribeStatementCommand)[0].args[0].input).toEqual({ Id: 'statement-1' });
  });

  test('on a provisioned cluster, signs in as the database user', async () => {
    const { WorkgroupName: _w, SecretArn: _s, ...rest } = SERVERLESS;
    await run(create({ ...rest, ClusterIdentifier: 'warehouse', DbUser: 'etl' }));
    expect(dataMock.commandCalls(ExecuteStatementCommand)[0].args[0].input).toMatchObject({ ClusterIdentifier: 'warehouse', DbUser: 'etl', WorkgroupName: undefined });
  });

  test('fails the deploy with the statement\'s own error', async () => {
    dataMock.on(DescribeStatementCommand).resolves({ Status: 'FAILED', Error: 'ERROR: database "orders" already exists' });
    await expect(run(create(SERVERLESS))).rejects.toThrow(
      `CREATE DATABASE "orders" FROM INTEGRATION '${INTEGRATION_ID}' failed: ERROR: database "orders" already exists`);
  });

  test('fails at once, with Redshift\'s errors, when the integration needs attention', async () => {
    redshiftMock.on(DescribeIntegrationsCommand).resolves({
      Integrations: [{ Status: 'needs_attention', Errors: [{ ErrorCode: 'SOURCE_ACCESS_DENIED', ErrorMessage: 'no resource policy' }] }],
    });
    await expect(run(create(SERVERLESS))).rejects.toThrow(/is needs_attention \(SOURCE_ACCESS_DENIED: no resource policy\); no database was created/);
    expect(dataMock.commandCalls(ExecuteStatementCommand)).toHaveLength(0);
  });

  test('gives up when the integration stays in creation past the wait', async () => {
    redshiftMock.on(DescribeIntegrationsCommand).resolves({ Integrations: [{ Status: 'creating' }] });
    await expect(onEvent(clients, create(SERVERLESS), { intervalMs: 5, maxWaitMs: 20 }, FAST)).rejects.toThrow(/is still creating after 0.02 s/);
  });

  test('gives up on a statement that does not finish in time', async () => {
    dataMock.on(DescribeStatementCommand).resolves({ Status: 'STARTED' });
    await expect(onEvent(clients, create(SERVERLESS), FAST, { intervalMs: 5, maxWaitMs: 20 })).rejects.toThrow(/did not finish in 0.02 s \(statement statement-1, STARTED\)/);
  });

  test('refuses what it would not put in SQL', async () => {
    await expect(run(create({ ...SERVERLESS, DatabaseName: 'x"; DROP DATABASE dev; --' }))).rejects.toThrow(/is not a database name/);
    await expect(run(create({ ...SERVERLESS, IntegrationArn: "arn:aws:redshift:us-east-1:111122223333:integration:'; --" }))).rejects.toThrow(/is not a Redshift integration ARN/);
    expect(dataMock.commandCalls(ExecuteStatementCommand)).toHaveLength(0);
  });
});

describe('Update', () => {
  test('changes nothing when the database, warehouse and integration are the same', async () => {
    await expect(run(update({ ...SERVERLESS, DropDatabaseOnDelete: 'true' }, SERVERLESS))).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(dataMock.calls()).toHaveLength(0);
  });

  test('creates the new database under a new physical id when the name changed (CloudFormation then deletes the old)', async () => {
    const result = await run(update({ ...SERVERLESS, DatabaseName: 'sales' }, SERVERLESS));
    expect(result.PhysicalResourceId).toBe(`redshift-zero-etl-database:workgroup/analytics/sales/${INTEGRATION_ARN}`);
    expect(dataMock.commandCalls(ExecuteStatementCommand)[0].args[0].input.Sql).toBe(`CREATE DATABASE "sales" FROM INTEGRATION '${INTEGRATION_ID}'`);
  });
});

describe('Delete', () => {
  test('keeps the database by default', async () => {
    await expect(run(remove(SERVERLESS))).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(dataMock.calls()).toHaveLength(0);
  });

  test('drops it when asked', async () => {
    await run(remove({ ...SERVERLESS, DropDatabaseOnDelete: 'true' }));
    expect(dataMock.commandCalls(ExecuteStatementCommand)[0].args[0].input.Sql).toBe('DROP DATABASE "orders"');
  });

  test('drops nothing after a failed create, whose physical id is not its own', async () => {
    await run(remove({ ...SERVERLESS, DropDatabaseOnDelete: 'true' }, 'request-id-of-a-failed-create'));
    expect(dataMock.calls()).toHaveLength(0);
  });
});
