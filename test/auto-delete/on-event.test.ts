import { CloudFormationClient, DescribeStacksCommand, StackStatus } from '@aws-sdk/client-cloudformation';
import { DeleteTableCommand as DeleteGlueTableCommand, EntityNotFoundException, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ConflictException, DeleteNamespaceCommand, DeleteTableCommand, ForbiddenException, ListNamespacesCommand, ListTablesCommand, NotFoundException,
  S3TablesClient,
} from '@aws-sdk/client-s3tables';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { AutoDeleteResourceProperties, MAX_ROUNDS, onEvent } from '../../src/auto-delete/on-event.lambda';

const cloudFormation = mockClient(CloudFormationClient);
const s3Tables = mockClient(S3TablesClient);
const glue = mockClient(GlueClient);
const s3 = mockClient(S3Client);
const clients = {
  cloudFormation: new CloudFormationClient({}),
  s3Tables: new S3TablesClient({}),
  glue: new GlueClient({}),
  s3: new S3Client({}),
};

const STACK_ID = 'arn:aws:cloudformation:us-east-1:111122223333:stack/AutoDelete/0f0e0d0c-0b0a-0908-0706-050403020100';
const BUCKET_ARN = 'arn:aws:s3tables:us-east-1:111122223333:bucket/orders-disposable';
const TABLE_BUCKET: AutoDeleteResourceProperties = { TableBucketArn: BUCKET_ARN };
const GLUE_DATABASE: AutoDeleteResourceProperties = { DatabaseName: 'invoices', BucketName: 'lake-bucket', Prefix: 'invoices/' };

function event(requestType: 'Create' | 'Update' | 'Delete', properties: AutoDeleteResourceProperties): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:handler',
    ResponseURL: 'https://example.com',
    StackId: STACK_ID,
    RequestId: 'request',
    LogicalResourceId: 'AutoDelete',
    ResourceType: 'Custom::ZeroEtlAutoDeleteReplicatedData',
    ResourceProperties: { ServiceToken: 'token', ...properties },
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update') return { ...common, RequestType: 'Update', PhysicalResourceId: 'physical', OldResourceProperties: { ServiceToken: 'token' } };
  return { ...common, RequestType: 'Delete', PhysicalResourceId: 'physical' };
}

function stackStatus(status: StackStatus) {
  cloudFormation.on(DescribeStacksCommand, { StackName: STACK_ID })
    .resolves({ Stacks: [{ StackName: 'AutoDelete', StackStatus: status, CreationTime: new Date() }] });
}

/**
 * An in-memory table bucket: namespaces of tables, listed in pages of `pageSize`. `onDeleteNamespace`
 * runs before a namespace is deleted (a writer adding a table, say).
 */
function fakeTableBucket(initial: Record<string, string[]>, pageSize = 2, onDeleteNamespace: (namespace: string) => void = () => {}) {
  const bucket = new Map(Object.entries(initial).map(([namespace, tables]) => [namespace, [...tables]]));
  const page = <T>(items: T[], token?: string) => {
    const start = Number(token ?? 0);
    const next = start + pageSize < items.length ? String(start + pageSize) : undefined;
    return { items: items.slice(start, start + pageSize), next };
  };
  s3Tables.on(ListNamespacesCommand).callsFake(input => {
    const { items, next } = page([...bucket.keys()], input.continuationToken);
    return { namespaces: items.map(namespace => ({ namespace: [namespace], createdAt: new Date(), createdBy: 'glue', ownerAccountId: '111122223333' })), continuationToken: next };
  });
  s3Tables.on(ListTablesCommand).callsFake(input => {
    const { items, next } = page(bucket.get(input.namespace) ?? [], input.continuationToken);
    return { tables: items.map(name => ({ name, namespace: [input.namespace], type: 'customer', tableARN: `${BUCKET_ARN}/table/${name}` })), continuationToken: next };
  });
  s3Tables.on(DeleteTableCommand).callsFake(input => {
    const tables = bucket.get(input.namespace)!;
    if (!tables.includes(input.name)) throw new NotFoundException({ message: 'The specified table does not exist', $metadata: {} });
    tables.splice(tables.indexOf(input.name), 1);
    return {};
  });
  s3Tables.on(DeleteNamespaceCommand).callsFake(input => {
    onDeleteNamespace(input.namespace);
    if (!bucket.has(input.namespace)) throw new NotFoundException({ message: 'The specified namespace does not exist', $metadata: {} });
    if (bucket.get(input.namespace)!.length > 0) throw new ConflictException({ message: 'The namespace is not empty', $metadata: {} });
    bucket.delete(input.namespace);
    return {};
  });
  return bucket;
}

beforeEach(() => {
  for (const mock of [cloudFormation, s3Tables, glue, s3]) mock.reset();
});

describe('when it acts', () => {
  test.each(['Create', 'Update'] as const)('%s deletes nothing and keeps the physical id on update', async requestType => {
    fakeTableBucket({ zetl_orders: ['orders'] });
    const result = await onEvent(event(requestType, TABLE_BUCKET), clients);
    expect(result.PhysicalResourceId).toBe(requestType === 'Create' ? BUCKET_ARN : 'physical');
    expect(cloudFormation.calls()).toHaveLength(0);
    expect(s3Tables.calls()).toHaveLength(0);
  });

  test.each(['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_IN_PROGRESS'] as const)(
    'a Delete while the stack is %s (the resource alone leaves it) deletes nothing', async status => {
      stackStatus(status);
      const bucket = fakeTableBucket({ zetl_orders: ['orders'] });
      await onEvent(event('Delete', { ...TABLE_BUCKET, ...GLUE_DATABASE }), clients);
      expect(bucket.get('zetl_orders')).toEqual(['orders']);
      expect(s3Tables.calls()).toHaveLength(0);
      expect(glue.calls()).toHaveLength(0);
      expect(s3.calls()).toHaveLength(0);
    });
});

describe('table bucket, on stack delete', () => {
  beforeEach(() => stackStatus('DELETE_IN_PROGRESS'));

  test('deletes every table of every namespace, then the namespaces, across pages', async () => {
    const bucket = fakeTableBucket({ zetl_a: ['a1', 'a2', 'a3'], zetl_b: ['b1'], zetl_c: [] }, 2);
    await onEvent(event('Delete', TABLE_BUCKET), clients);
    expect(bucket.size).toBe(0);
    expect(s3Tables.commandCalls(DeleteTableCommand).map(call => call.args[0].input.name).sort()).toEqual(['a1', 'a2', 'a3', 'b1']);
    // Each namespace is deleted after its tables.
    const order = s3Tables.calls().map(call => call.args[0].input as { name?: string; namespace?: string })
      .filter((_, i) => s3Tables.call(i).args[0] instanceof DeleteTableCommand || s3Tables.call(i).args[0] instanceof DeleteNamespaceCommand)
      .map(input => input.name ?? `namespace ${input.namespace}`);
    expect(order.indexOf('namespace zetl_a')).toBeGreaterThan(order.indexOf('a3'));
    // Two pages of namespaces (zetl_c is on the second), then one listing that finds none.
    expect(s3Tables.commandCalls(ListNamespacesCommand)).toHaveLength(3);
  });

  test('a table added while it runs is deleted too: it lists again until no namespace is left', async () => {
    let added = false;
    const bucket = fakeTableBucket({ zetl_orders: ['orders'] }, 2, namespace => {
      if (!added) {
        added = true;
        bucket.get(namespace)!.push('orders_late');
      }
    });
    await onEvent(event('Delete', TABLE_BUCKET), clients);
    expect(bucket.size).toBe(0);
    expect(s3Tables.commandCalls(DeleteTableCommand).map(call => call.args[0].input.name)).toEqual(['orders', 'orders_late']);
    expect(s3Tables.commandCalls(ListNamespacesCommand)).toHaveLength(3);
  });

  test('a table or namespace someone else deleted in between is skipped', async () => {
    const bucket = fakeTableBucket({ zetl_orders: ['orders', 'gone'], zetl_gone: [] }, 2, namespace => {
      if (namespace === 'zetl_gone') bucket.delete(namespace);
    });
    s3Tables.on(DeleteTableCommand, { name: 'gone' }).callsFake(() => {
      bucket.get('zetl_orders')!.splice(bucket.get('zetl_orders')!.indexOf('gone'), 1);
      throw new NotFoundException({ message: 'The specified table does not exist', $metadata: {} });
    });
    await onEvent(event('Delete', TABLE_BUCKET), clients);
    expect(bucket.size).toBe(0);
  });

  test('a namespace that never empties fails the delete after MAX_ROUNDS rounds, naming it', async () => {
    const bucket = fakeTableBucket({ zetl_orders: ['orders'] }, 2, namespace => bucket.get(namespace)!.push('late'));
    await expect(onEvent(event('Delete', TABLE_BUCKET), clients))
      .rejects.toThrow(`${BUCKET_ARN} still has namespaces after ${MAX_ROUNDS} rounds of deletes: zetl_orders`);
  });

  test('a namespace refused for another reason, with no table in it, fails the delete', async () => {
    fakeTableBucket({ zetl_orders: ['orders'] });
    s3Tables.on(DeleteNamespaceCommand).rejects(new ForbiddenException({ message: 'Access denied to namespace', $metadata: {} }));
    await expect(onEvent(event('Delete', TABLE_BUCKET), clients)).rejects.toThrow('Access denied to namespace');
  });

  test('any other error fails the delete, so CloudFormation reports it', async () => {
    fakeTableBucket({ zetl_orders: ['orders'] });
    s3Tables.on(DeleteTableCommand).rejects(new ForbiddenException({ message: 'Access denied', $metadata: {} }));
    await expect(onEvent(event('Delete', TABLE_BUCKET), clients)).rejects.toThrow('Access denied');
  });

  test('an empty bucket takes one listing', async () => {
    fakeTableBucket({});
    await onEvent(event('Delete', TABLE_BUCKET), clients);
    expect(s3Tables.calls()).toHaveLength(1);
  });
});

describe('Glue database target, on stack delete', () => {
  beforeEach(() => {
    stackStatus('DELETE_IN_PROGRESS');
    s3.on(ListObjectVersionsCommand).resolves({});
  });

  /** An in-memory Glue database listed in pages of 2; `onList` runs before each listing. */
  function fakeDatabase(initial: string[], onList: (tables: string[]) => void = () => {}) {
    const tables = [...initial];
    glue.on(GetTablesCommand, { DatabaseName: 'invoices' }).callsFake(input => {
      if (!input.NextToken) onList(tables);
      const start = Number(input.NextToken ?? 0);
      const NextToken = start + 2 < tables.length ? String(start + 2) : undefined;
      return { TableList: tables.slice(start, start + 2).map(Name => ({ Name })), NextToken };
    });
    glue.on(DeleteGlueTableCommand).callsFake(input => {
      if (!tables.includes(input.Name)) throw new EntityNotFoundException({ message: 'Table not found', $metadata: {} });
      tables.splice(tables.indexOf(input.Name), 1);
      return {};
    });
    return tables;
  }

  test('deletes every Glue table across pages, and lists again for tables added meanwhile', async () => {
    let rounds = 0;
    const tables = fakeDatabase(['t1', 't2', 't3'], current => {
      if (rounds++ === 1) current.push('late');
    });
    await onEvent(event('Delete', GLUE_DATABASE), clients);
    expect(tables).toEqual([]);
    expect(glue.commandCalls(DeleteGlueTableCommand).map(call => call.args[0].input.Name)).toEqual(['t1', 't2', 't3', 'late']);
  });

  test('a missing database is skipped', async () => {
    glue.on(GetTablesCommand).rejects(new EntityNotFoundException({ message: 'Database invoices not found', $metadata: {} }));
    await onEvent(event('Delete', GLUE_DATABASE), clients);
    expect(glue.commandCalls(DeleteGlueTableCommand)).toHaveLength(0);
    expect(s3.commandCalls(ListObjectVersionsCommand)).toHaveLength(1);
  });

  test('a table someone else deleted in between is skipped', async () => {
    const tables = fakeDatabase(['t1', 't2']);
    glue.on(DeleteGlueTableCommand, { Name: 't1' }).callsFake(() => {
      tables.splice(tables.indexOf('t1'), 1);
      throw new EntityNotFoundException({ message: 'Table not found', $metadata: {} });
    });
    await onEvent(event('Delete', GLUE_DATABASE), clients);
    expect(tables).toEqual([]);
  });

  test('deletes every object version and delete marker under the prefix, one page at a time, until none is left', async () => {
    fakeDatabase([]);
    s3.on(ListObjectVersionsCommand, { Bucket: 'lake-bucket', Prefix: 'invoices/' })
      .resolvesOnce({
        Versions: [{ Key: 'invoices/data/1.parquet', VersionId: 'v1' }, { Key: 'invoices/data/1.parquet', VersionId: 'v2' }],
        DeleteMarkers: [{ Key: 'invoices/metadata/0.json', VersionId: 'm1' }],
        IsTruncated: true,
      })
      .resolvesOnce({ Versions: [{ Key: 'invoices/metadata/1.json', VersionId: 'v3' }] })
      .resolves({});
    s3.on(DeleteObjectsCommand).resolves({});
    await onEvent(event('Delete', GLUE_DATABASE), clients);
    expect(s3.commandCalls(DeleteObjectsCommand).map(call => call.args[0].input.Delete!.Objects)).toEqual([
      [
        { Key: 'invoices/data/1.parquet', VersionId: 'v1' },
        { Key: 'invoices/data/1.parquet', VersionId: 'v2' },
        { Key: 'invoices/metadata/0.json', VersionId: 'm1' },
      ],
      [{ Key: 'invoices/metadata/1.json', VersionId: 'v3' }],
    ]);
    expect(s3.commandCalls(ListObjectVersionsCommand)).toHaveLength(3);
  });

  test('objects S3 refuses to delete fail the delete with the first key', async () => {
    fakeDatabase([]);
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'invoices/data/1.parquet', VersionId: 'v1' }] });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'invoices/data/1.parquet', Code: 'AccessDenied', Message: 'Access Denied' }] });
    await expect(onEvent(event('Delete', GLUE_DATABASE), clients))
      .rejects.toThrow('Could not delete 1 objects of s3://lake-bucket/invoices/, first invoices/data/1.parquet: AccessDenied Access Denied');
  });
});
