import {
  ConflictPolicyUpdateFault,
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  InvalidPolicyFault,
  PutResourcePolicyCommand,
  RedshiftClient,
  ResourceNotFoundFault,
} from '@aws-sdk/client-redshift';
import type { CloudFormationCustomResourceCreateEvent, CloudFormationCustomResourceDeleteEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { PolicyStatement } from '../../src/catalog-policy/policy-document';
import { handler, reconcileRedshiftPolicy } from '../../src/redshift-resource-policy/on-event.lambda';

const redshiftMock = mockClient(RedshiftClient);
const NAMESPACE = 'arn:aws:redshift-serverless:us-east-1:111122223333:namespace/12345678-1234-1234-1234-123456789012';
const PREFIX = 'ZeroEtl0123456789abcdef';
const FAST = { maxAttempts: 3, baseDelayMs: 1 };

const authorize = (sid: string, tables: string[]): PolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: { Service: 'redshift.amazonaws.com' },
  Action: 'redshift:AuthorizeInboundIntegration',
  Resource: NAMESPACE,
  Condition: { StringEquals: { 'aws:SourceArn': tables.map(name => `arn:aws:dynamodb:us-east-1:111122223333:table/${name}`) } },
});
const OWN = [authorize(`${PREFIX}AuthorizeDynamoDbZeroEtl`, ['orders'])];
const OTHERS = authorize('AuroraIntegration', ['not-a-table-but-someone-elses']);
const policy = (statements: PolicyStatement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const written = () => JSON.parse(redshiftMock.commandCalls(PutResourcePolicyCommand)[0].args[0].input.Policy!);

const base = { ServiceToken: 'token', ResponseURL: 'url', StackId: 'stack', RequestId: 'request', LogicalResourceId: 'ResourcePolicy', ResourceType: 'Custom::RedshiftResourcePolicy' };
const properties = { ServiceToken: 'token', ResourceArn: NAMESPACE, SidPrefix: PREFIX, Statements: OWN };

beforeEach(() => {
  redshiftMock.reset();
});

test('on Create, adds this stack\'s statements after everybody else\'s, on the namespace', async () => {
  redshiftMock.on(GetResourcePolicyCommand).resolves({ ResourcePolicy: { ResourceArn: NAMESPACE, Policy: policy([OTHERS]) } });
  const event: CloudFormationCustomResourceCreateEvent = { ...base, RequestType: 'Create', ResourceProperties: properties };
  await expect(handler(event)).resolves.toEqual({ PhysicalResourceId: `redshift-resource-policy:${NAMESPACE}:${PREFIX}` });
  expect(redshiftMock.commandCalls(GetResourcePolicyCommand)[0].args[0].input).toEqual({ ResourceArn: NAMESPACE });
  expect(redshiftMock.commandCalls(PutResourcePolicyCommand)[0].args[0].input.ResourceArn).toBe(NAMESPACE);
  expect(written().Statement).toEqual([OTHERS, ...OWN]);
});

test('a namespace without a policy gets one', async () => {
  redshiftMock.on(GetResourcePolicyCommand).rejects(new ResourceNotFoundFault({ message: 'no policy', $metadata: {} }));
  await reconcileRedshiftPolicy(new RedshiftClient({}), NAMESPACE, PREFIX, OWN, FAST);
  expect(written()).toEqual({ Version: '2012-10-17', Statement: OWN });
});

test('writes nothing when its statements are there already', async () => {
  redshiftMock.on(GetResourcePolicyCommand).resolves({ ResourcePolicy: { Policy: policy([...OWN, OTHERS]) } });
  await reconcileRedshiftPolicy(new RedshiftClient({}), NAMESPACE, PREFIX, OWN, FAST);
  expect(redshiftMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(0);
});

test('on Delete, takes out only its own statements', async () => {
  redshiftMock.on(GetResourcePolicyCommand).resolves({ ResourcePolicy: { Policy: policy([...OWN, OTHERS]) } });
  const event: CloudFormationCustomResourceDeleteEvent = {
    ...base, RequestType: 'Delete', PhysicalResourceId: `redshift-resource-policy:${NAMESPACE}:${PREFIX}`, ResourceProperties: properties,
  };
  await handler(event);
  expect(written().Statement).toEqual([OTHERS]);
});

test('deletes the policy it alone wrote, and a policy already gone is fine', async () => {
  redshiftMock.on(GetResourcePolicyCommand).resolves({ ResourcePolicy: { Policy: policy(OWN) } });
  redshiftMock.on(DeleteResourcePolicyCommand).rejects(new ResourceNotFoundFault({ message: 'gone', $metadata: {} }));
  await reconcileRedshiftPolicy(new RedshiftClient({}), NAMESPACE, PREFIX, [], FAST);
  expect(redshiftMock.commandCalls(DeleteResourcePolicyCommand)[0].args[0].input).toEqual({ ResourceArn: NAMESPACE });
});

test('retries while another policy update is in progress, reading again each time', async () => {
  redshiftMock.on(GetResourcePolicyCommand).resolves({ ResourcePolicy: { Policy: policy([OTHERS]) } });
  redshiftMock.on(PutResourcePolicyCommand)
    .rejectsOnce(new ConflictPolicyUpdateFault({ message: 'in progress', $metadata: {} }))
    .resolves({});
  await reconcileRedshiftPolicy(new RedshiftClient({}), NAMESPACE, PREFIX, OWN, FAST);
  expect(redshiftMock.commandCalls(GetResourcePolicyCommand)).toHaveLength(2);
  expect(redshiftMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(2);
});

test('gives up after the last attempt, and fails at once on any other error', async () => {
  redshiftMock.on(GetResourcePolicyCommand).resolves({});
  redshiftMock.on(PutResourcePolicyCommand).rejects(new ConflictPolicyUpdateFault({ message: 'in progress', $metadata: {} }));
  await expect(reconcileRedshiftPolicy(new RedshiftClient({}), NAMESPACE, PREFIX, OWN, FAST)).rejects.toThrow('in progress');
  expect(redshiftMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(3);

  redshiftMock.reset();
  redshiftMock.on(GetResourcePolicyCommand).resolves({});
  redshiftMock.on(PutResourcePolicyCommand).rejects(new InvalidPolicyFault({ message: 'bad policy', $metadata: {} }));
  await expect(reconcileRedshiftPolicy(new RedshiftClient({}), NAMESPACE, PREFIX, OWN, FAST)).rejects.toThrow('bad policy');
  expect(redshiftMock.commandCalls(PutResourcePolicyCommand)).toHaveLength(1);
});
