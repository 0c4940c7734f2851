import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DeleteTableCommand as DeleteGlueTableCommand, EntityNotFoundException, GlueClient, paginateGetTables } from '@aws-sdk/client-glue';
import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteNamespaceCommand, DeleteTableCommand, ListTablesCommand, NotFoundException, paginateListNamespaces, paginateListTables, S3TablesClient,
} from '@aws-sdk/client-s3tables';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** The custom resource's properties, as `autoDeleteReplicatedData` renders them: one kind of storage each. */
export interface AutoDeleteResourceProperties {
  /** S3 Tables target: the table bucket whose namespaces and tables to delete. */
  readonly TableBucketArn?: string;
  /** Glue database target: the database whose tables to delete. */
  readonly DatabaseName?: string;
  /** Glue database target: the location's bucket. */
  readonly BucketName?: string;
  /** Glue database target: the location's key prefix, ending in `/`, or empty for the whole bucket. */
  readonly Prefix?: string;
}

/** The clients the handler works with; parameters so that tests can pass mocks. */
export interface AutoDeleteClients {
  readonly cloudFormation: CloudFormationClient;
  readonly s3Tables: S3TablesClient;
  readonly glue: GlueClient;
  readonly s3: S3Client;
}

/**
 * How many times a listing may still find tables after a round deleted them all. Writers are gone
 * when the handler runs, so a few rounds suffice; a listing that never empties fails the delete.
 */
export const MAX_ROUNDS = 10;

const clients: AutoDeleteClients = {
  cloudFormation: new CloudFormationClient({}),
  s3Tables: new S3TablesClient({}),
  glue: new GlueClient({}),
  s3: new S3Client({}),
};

/**
 * The custom resource's handler, run by core `CustomResourceProvider`. Create and Update do nothing.
 * Delete empties the storage only while the stack itself is being deleted: when the resource alone
 * leaves the stack (the opt-in turned off, the target removed or replaced), the data stays.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string }> {
  return onEvent(event, clients);
}

/** `handler` with the clients to use. */
export async function onEvent(event: CloudFormationCustomResourceEvent, aws: AutoDeleteClients): Promise<{ PhysicalResourceId: string }> {
  const properties = event.ResourceProperties as unknown as AutoDeleteResourceProperties;
  const physicalResourceId = event.RequestType === 'Create' ? physicalIdOf(properties) : event.PhysicalResourceId;
  if (event.RequestType === 'Delete' && await stackIsBeingDeleted(aws.cloudFormation, event.StackId)) {
    if (properties.TableBucketArn) {
      await emptyTableBucket(aws.s3Tables, properties.TableBucketArn);
    }
    if (properties.DatabaseName) {
      await deleteGlueTables(aws.glue, properties.DatabaseName);
    }
    if (properties.BucketName) {
      await deleteObjects(aws.s3, properties.BucketName, properties.Prefix ?? '');
    }
  }
  return { PhysicalResourceId: physicalResourceId };
}

function physicalIdOf(properties: AutoDeleteResourceProperties): string {
  return properties.TableBucketArn ?? `${properties.DatabaseName}@s3://${properties.BucketName}/${properties.Prefix ?? ''}`;
}

/** Whether CloudFormation is deleting the stack (not updating it and cleaning up a removed resource). */
export async function stackIsBeingDeleted(client: CloudFormationClient, stackId: string): Promise<boolean> {
  const { Stacks: stacks } = await client.send(new DescribeStacksCommand({ StackName: stackId }));
  return stacks?.[0]?.StackStatus === 'DELETE_IN_PROGRESS';
}

/**
 * Deletes every table, then every namespace, of the table bucket; starts over until a listing finds
 * no namespace, since a writer may add tables while it runs. A table or namespace already gone is skipped.
 */
export async function emptyTableBucket(client: S3TablesClient, tableBucketArn: string): Promise<void> {
  for (let round = 1; ; round++) {
    const namespaces: string[] = [];
    for await (const page of paginateListNamespaces({ client }, { tableBucketARN: tableBucketArn })) {
      namespaces.push(...(page.namespaces ?? []).flatMap(summary => summary.namespace?.slice(0, 1) ?? []));
    }
    if (namespaces.length === 0) {
      return;
    }
    if (round > MAX_ROUNDS) {
      throw new Error(`${tableBucketArn} still has namespaces after ${MAX_ROUNDS} rounds of deletes: ${namespaces.join(', ')}`);
    }
    for (const namespace of namespaces) {
      // The whole listing first: deleting between pages could shift what the next page holds.
      const tables: string[] = [];
      for await (const page of paginateListTables({ client }, { tableBucketARN: tableBucketArn, namespace })) {
        tables.push(...(page.tables ?? []).flatMap(table => table.name ?? []));
      }
      for (const name of tables) {
        await ignoreNotFound(client.send(new DeleteTableCommand({ tableBucketARN: tableBucketArn, namespace, name })));
      }
      await ignoreNotFound(deleteNamespaceUnlessNotEmpty(client, tableBucketArn, namespace));
    }
  }
}

/**
 * Deletes the namespace, unless it got a table since it was listed: the next round deletes that.
 * The S3 Tables API does not say which error a namespace that is not empty gives, so a refusal
 * counts as that when the namespace has tables again, and fails the delete otherwise.
 */
async function deleteNamespaceUnlessNotEmpty(client: S3TablesClient, tableBucketArn: string, namespace: string): Promise<void> {
  try {
    await client.send(new DeleteNamespaceCommand({ tableBucketARN: tableBucketArn, namespace }));
  } catch (error) {
    const { tables } = await client.send(new ListTablesCommand({ tableBucketARN: tableBucketArn, namespace, maxTables: 1 }));
    if (!tables?.length) {
      throw error;
    }
  }
}

/** Deletes every table of the Glue database, until a listing finds none. A missing database or table is skipped. */
export async function deleteGlueTables(client: GlueClient, databaseName: string): Promise<void> {
  for (let round = 1; ; round++) {
    const names: string[] = [];
    try {
      for await (const page of paginateGetTables({ client }, { DatabaseName: databaseName })) {
        names.push(...(page.TableList ?? []).map(table => table.Name!));
      }
    } catch (error) {
      if (error instanceof EntityNotFoundException) {
        return;
      }
      throw error;
    }
    if (names.length === 0) {
      return;
    }
    if (round > MAX_ROUNDS) {
      throw new Error(`Glue database ${databaseName} still has tables after ${MAX_ROUNDS} rounds of deletes: ${names.join(', ')}`);
    }
    for (const name of names) {
      await ignoreNotFound(client.send(new DeleteGlueTableCommand({ DatabaseName: databaseName, Name: name })));
    }
  }
}

/**
 * Deletes every object version and delete marker under `prefix`: one listing page (at most 1,000
 * keys, as many as one DeleteObjects takes) at a time, listing again until none is left.
 */
export async function deleteObjects(client: S3Client, bucketName: string, prefix: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucketName, Prefix: prefix }));
    const objects = [...page.Versions ?? [], ...page.DeleteMarkers ?? []].map(({ Key, VersionId }) => ({ Key, VersionId }));
    if (objects.length === 0) {
      return;
    }
    const result = await client.send(new DeleteObjectsCommand({ Bucket: bucketName, Delete: { Objects: objects, Quiet: true } }));
    if (result.Errors?.length) {
      const first = result.Errors[0];
      throw new Error(`Could not delete ${result.Errors.length} objects of s3://${bucketName}/${prefix}, first ${first.Key}: ${first.Code} ${first.Message}`);
    }
  }
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof NotFoundException || error instanceof EntityNotFoundException)) {
      throw error;
    }
  }
}
