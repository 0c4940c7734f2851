/**
 * `npx projen bench` (stream transform): 10,000 DynamoDB Kinesis stream records through the built
 * transform bundle, against a baseline in the same run: the same records through base64 decoding,
 * JSON.parse, @aws-sdk/util-dynamodb's unmarshall, JSON.stringify and base64 encoding alone. Prints
 * the median of each over the runs, their ratio (target at most 1.5x) and the heap one batch takes.
 */
import * as path from 'path';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { FirehoseTransformationEvent } from 'aws-lambda';

const RECORDS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_RATIO = 1.5;
const BUNDLE = path.join(__dirname, '..', 'assets', 'stream-transform', 'transform.lambda', 'index.js');

const SETTINGS = {
  columns: [
    { name: 'pk', type: 'string' },
    { name: 'sk', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'total', type: 'decimal(12,2)' },
    { name: 'score', type: 'double' },
    { name: 'paid', type: 'boolean' },
    { name: 'receipt', type: 'binary' },
    { name: 'updated_at', type: 'timestamp' },
    { name: 'address', type: 'struct<city:string,zip:long>' },
    { name: 'lines', type: 'list<struct<sku:string,quantity:int>>' },
    { name: 'tags', type: 'list<string>' },
    { name: 'note', type: 'string' },
  ],
  keyColumns: ['pk', 'sk'],
  databaseName: 'sales',
  tableName: 'orders',
};

function image(index: number): Record<string, unknown> {
  return {
    pk: { S: `customer#${index % 997}` },
    sk: { N: String(index) },
    customer: { S: `Customer ${index}` },
    total: { N: `${index % 10000}.${String(index % 100).padStart(2, '0')}` },
    score: { N: String((index * 0.37) % 1000) },
    paid: { BOOL: index % 2 === 0 },
    receipt: { B: Buffer.from(`receipt-${index}`).toString('base64') },
    updated_at: { N: `${1_764_000_000 + index}.${String(index % 1_000_000).padStart(6, '0')}` },
    address: { M: { city: { S: 'Oslo' }, zip: { N: String(index % 9999) } } },
    lines: { L: [{ M: { sku: { S: `sku-${index % 50}` }, quantity: { N: String(index % 7) } } }, { M: { sku: { S: 'sku-x' }, quantity: { N: '1' } } }] },
    tags: { SS: ['new', `t${index % 5}`] },
    note: { NULL: true },
  };
}

function event(): FirehoseTransformationEvent {
  const records = [];
  for (let index = 0; index < RECORDS; index++) {
    const record = {
      awsRegion: 'eu-west-1',
      eventID: `e${index}`,
      eventName: index % 10 === 0 ? 'REMOVE' : index % 3 === 0 ? 'INSERT' : 'MODIFY',
      userIdentity: null,
      recordFormat: 'application/json',
      tableName: 'Orders',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        ApproximateCreationDateTime: 1_764_000_000_000 + index,
        Keys: { pk: image(index).pk, sk: image(index).sk },
        NewImage: image(index),
        OldImage: image(index + 1),
        SizeBytes: 600,
      },
    };
    records.push({ recordId: String(index), approximateArrivalTimestamp: 0, data: Buffer.from(JSON.stringify(record)).toString('base64') });
  }
  return { invocationId: 'bench', deliveryStreamArn: 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/bench', region: 'eu-west-1', records };
}

function baseline(input: FirehoseTransformationEvent): unknown {
  return input.records.map(record => {
    const change = JSON.parse(Buffer.from(record.data, 'base64').toString('utf-8'));
    const row = unmarshall(change.dynamodb.NewImage ?? change.dynamodb.Keys, { wrapNumbers: true });
    return { recordId: record.recordId, result: 'Ok', data: Buffer.from(JSON.stringify(row)).toString('base64') };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  process.env.TRANSFORM_SETTINGS = JSON.stringify(SETTINGS);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(BUNDLE) as { handler: (e: FirehoseTransformationEvent) => Promise<{ records: Array<{ result: string }> }> };
  const input = event();
  const check = await handler(input);
  if (check.records.length !== RECORDS || check.records.some(record => record.result !== 'Ok')) throw new Error('the transform did not return every record Ok');
  const gc = (globalThis as { gc?: () => void }).gc;
  const transformMs: number[] = [];
  const baselineMs: number[] = [];
  const heapBytes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let started = performance.now();
    const output = await handler(input);
    transformMs.push(performance.now() - started);
    heapBytes.push(process.memoryUsage().heapUsed - before);
    void output;
    gc?.();
    started = performance.now();
    baseline(input);
    baselineMs.push(performance.now() - started);
  }
  const ratio = median(transformMs) / median(baselineMs);
  console.log(`stream transform, ${RECORDS.toLocaleString('en-US')} records, median of ${RUNS} runs:`);
  console.log(`  transform ${median(transformMs).toFixed(1)} ms, baseline (JSON.parse + unmarshall + JSON.stringify) ${median(baselineMs).toFixed(1)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x): ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`);
  console.log(`  heap per batch ${(median(heapBytes) / 1024 / 1024).toFixed(1)} MiB${gc ? '' : ' (without --expose-gc: approximate)'}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
