import type { FirehoseTransformationEvent } from 'aws-lambda';
import { parseIcebergType } from '../../src/stream-transform/iceberg-type';
import { RecordTransform, TransformSettings } from '../../src/stream-transform/record-transform';
import { handler, SETTINGS_VARIABLE } from '../../src/stream-transform/transform.lambda';

const SETTINGS: TransformSettings = {
  columns: [
    { name: 'pk', type: 'string' },
    { name: 'sk', type: 'long' },
    { name: 'amount', type: 'decimal(10,2)' },
    { name: 'ratio', type: 'double' },
    { name: 'count32', type: 'int' },
    { name: 'active', type: 'boolean' },
    { name: 'payload', type: 'binary' },
    { name: 'created', type: 'timestamp' },
    { name: 'tags', type: 'list<string>' },
    { name: 'scores', type: 'list<long>' },
    { name: 'address', type: 'struct<city:string,zip:int,lines:list<string>>' },
    { name: 'attrs', type: 'map<string,double>' },
  ],
  keyColumns: ['pk', 'sk'],
  databaseName: 'sales',
  tableName: 'orders',
};

function encode(record: unknown): string {
  return Buffer.from(JSON.stringify(record)).toString('base64');
}

function decode(data: string): unknown {
  return JSON.parse(Buffer.from(data, 'base64').toString('utf-8'));
}

function streamRecord(eventName: string, image: Record<string, unknown>, keys = { pk: image.pk, sk: image.sk }) {
  return {
    awsRegion: 'eu-west-1',
    eventID: 'f0e1d2c3',
    eventName,
    userIdentity: null,
    recordFormat: 'application/json',
    tableName: 'Orders',
    dynamodb: { ApproximateCreationDateTime: 1764690000000, Keys: keys, NewImage: eventName === 'REMOVE' ? undefined : image, OldImage: eventName === 'INSERT' ? undefined : image, SizeBytes: 120 },
    eventSource: 'aws:dynamodb',
  };
}

const transform = new RecordTransform(SETTINGS);
const transformOne = (eventName: string, image: Record<string, unknown>) => transform.transform('r1', encode(streamRecord(eventName, image)));

describe('RecordTransform', () => {
  test('converts every attribute type to its column type, numbers and timestamps exactly', () => {
    const result = transformOne('INSERT', {
      pk: { S: 'order#1' },
      sk: { N: '9223372036854775807' },
      amount: { N: '12345678.5' },
      ratio: { N: '0.25' },
      count32: { N: '-2147483648' },
      active: { BOOL: true },
      payload: { B: 'AAEC/w==' },
      created: { S: '2026-12-02T16:00:00.123456Z' },
      tags: { SS: ['a', 'b'] },
      scores: { NS: ['1', '12345678901234567'] },
      address: { M: { city: { S: 'Oslo' }, zip: { N: '150' }, lines: { L: [{ S: 'x' }, { NULL: true }] }, ignored: { S: 'y' } } },
      attrs: { M: { w: { N: '1.5' } } },
    });
    expect(result.result).toBe('Ok');
    expect(result.metadata).toEqual({ otfMetadata: { destinationDatabaseName: 'sales', destinationTableName: 'orders', operation: 'insert' } });
    const text = Buffer.from(result.data, 'base64').toString('utf-8');
    // Exact digits, as JSON numbers: no float rounding of the long or the decimal.
    expect(text).toContain('"sk":9223372036854775807');
    expect(text).toContain('"amount":12345678.50');
    expect(text).toContain('"scores":[1,12345678901234567]');
    expect(text).toContain('"created":1796227200123456');
    expect(JSON.parse(text)).toEqual({
      pk: 'order#1',
      sk: 9223372036854775807,
      amount: 12345678.5,
      ratio: 0.25,
      count32: -2147483648,
      active: true,
      payload: 'AAEC/w==',
      created: 1796227200123456,
      tags: ['a', 'b'],
      scores: [1, 12345678901234567],
      address: { city: 'Oslo', zip: 150, lines: ['x', null] },
      attrs: { w: 1.5 },
    });
  });

  test('MODIFY is an update of the new image; attributes that are not columns are dropped', () => {
    const result = transformOne('MODIFY', { pk: { S: 'a' }, sk: { N: '1' }, extra: { S: 'dropped' }, active: { NULL: true } });
    expect(result.metadata?.otfMetadata.operation).toBe('update');
    expect(decode(result.data)).toEqual({ pk: 'a', sk: 1, active: null });
  });

  test('REMOVE is a delete that carries the key columns from Keys', () => {
    const record = { ...streamRecord('REMOVE', {}, { pk: { S: 'a' }, sk: { N: '7' } }) };
    const result = transform.transform('r2', encode(record));
    expect(result).toMatchObject({ recordId: 'r2', result: 'Ok', metadata: { otfMetadata: { operation: 'delete' } } });
    expect(decode(result.data)).toEqual({ pk: 'a', sk: 7 });
  });

  test('epoch seconds become microseconds, fractions included', () => {
    const withTime = (created: unknown) => decode(transformOne('INSERT', { pk: { S: 'a' }, sk: { N: '1' }, created }).data);
    expect(withTime({ N: '1796227200' })).toMatchObject({ created: 1796227200000000 });
    expect(withTime({ N: '1796227200.5' })).toMatchObject({ created: 1796227200500000 });
    expect(withTime({ S: '2026-12-02T17:00:00+01:00' })).toMatchObject({ created: 1796227200000000 });
  });

  test('decimals in exponent form are rescaled exactly', () => {
    const withAmount = (N: string) => Buffer.from(transformOne('INSERT', { pk: { S: 'a' }, sk: { N: '1' }, amount: { N } }).data, 'base64').toString();
    expect(withAmount('1.5E2')).toContain('"amount":150.00');
    expect(withAmount('-0.01')).toContain('"amount":-0.01');
    expect(withAmount('7')).toContain('"amount":7.00');
  });

  test.each([
    ['a long out of range', { sk: { N: '9223372036854775808' } }],
    ['an int out of range', { count32: { N: '2147483648' } }],
    ['a fraction in a long', { sk: { N: '1.5' } }],
    ['a decimal that would be rounded', { amount: { N: '1.005' } }],
    ['a decimal with too many digits', { amount: { N: '123456789' } }],
    ['a string in a number column', { sk: { S: '1' } }],
    ['a number in a string column', { pk: { N: '1' } }],
    ['a date that does not exist', { created: { S: '2026-02-30T00:00:00Z' } }],
    ['a map in a list column', { tags: { M: {} } }],
    ['a missing key column', { sk: undefined }],
  ])('%s is ProcessingFailed, with its data returned unchanged', (_name, attributes) => {
    const record = streamRecord('INSERT', { pk: { S: 'a' }, sk: { N: '1' }, ...attributes });
    const data = encode(record);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(transform.transform('bad', data)).toEqual({ recordId: 'bad', result: 'ProcessingFailed', data });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('record bad: ProcessingFailed'));
    error.mockRestore();
  });

  test('the log of a failed record names the column and the rule, not the value', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    transformOne('INSERT', { pk: { S: 'a' }, sk: { N: '1' }, amount: { N: '98765.4321' } });
    expect(error).toHaveBeenCalledWith('record r1: ProcessingFailed: column \'amount\': the number has more than 2 fraction digits');
    error.mockRestore();
  });

  test('data that is not a stream record is ProcessingFailed', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(transform.transform('x', Buffer.from('not json').toString('base64')).result).toBe('ProcessingFailed');
    // The log gives the reason, not the data.
    expect(error).toHaveBeenCalledWith('record x: ProcessingFailed: the data is not JSON');
    expect(transform.transform('y', encode({ eventName: 'TRUNCATE' })).result).toBe('ProcessingFailed');
    error.mockRestore();
  });

  test('an other-attributes column keeps what is not a column, as JSON with exact numbers', () => {
    const keeping = new RecordTransform({ ...SETTINGS, columns: [...SETTINGS.columns, { name: 'other', type: 'string' }], otherAttributesColumn: 'other' });
    const result = keeping.transform('r', encode(streamRecord('INSERT', {
      pk: { S: 'a' }, sk: { N: '1' }, note: { S: 'n' }, big: { N: '12345678901234567890' }, set: { NS: ['1', '2'] }, bin: { B: 'AA==' },
    })));
    const row = decode(result.data) as { other: string };
    expect(JSON.parse(row.other)).toEqual({ note: 'n', big: '12345678901234567890', set: ['1', '2'], bin: 'AA==' });
  });
});

describe('handler', () => {
  test('returns every recordId in order, good and bad', async () => {
    process.env[SETTINGS_VARIABLE] = JSON.stringify(SETTINGS);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = {
      invocationId: 'i',
      deliveryStreamArn: 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/s',
      region: 'eu-west-1',
      records: [
        { recordId: '1', approximateArrivalTimestamp: 0, data: encode(streamRecord('INSERT', { pk: { S: 'a' }, sk: { N: '1' } })) },
        { recordId: '2', approximateArrivalTimestamp: 0, data: 'bm90IGpzb24=' },
        { recordId: '3', approximateArrivalTimestamp: 0, data: encode(streamRecord('REMOVE', {}, { pk: { S: 'a' }, sk: { N: '1' } })) },
      ],
    } as FirehoseTransformationEvent;
    const { records } = await handler(event);
    expect(records.map(record => [record.recordId, record.result])).toEqual([['1', 'Ok'], ['2', 'ProcessingFailed'], ['3', 'Ok']]);
    error.mockRestore();
  });
});

describe('parseIcebergType', () => {
  test.each(['string', 'decimal(38,0)', 'struct<a:string,b:list<map<string,long>>>', 'list<struct<x:timestamp>>'])('accepts %s', text => {
    expect(() => parseIcebergType(text)).not.toThrow();
  });
  test.each([
    ['varchar', /'varchar' is not a type/],
    ['decimal(39,2)', /precision <= 38/],
    ['map<long,string>', /string keys/],
    ['struct<a:string,a:long>', /appears twice/],
    ['list<string', /expected '>'/],
  ])('rejects %s', (text, message) => {
    expect(() => parseIcebergType(text)).toThrow(message);
  });
});
