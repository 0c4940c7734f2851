"""The parts of the data-path proof: a DynamoDB workload on moto, the Kinesis streaming destination's
envelope, the built transform (run by node) and an Iceberg table (pyiceberg, SQL catalog on sqlite)
that receives the transform's rows with Firehose's insert, update and delete on unique keys."""
import base64
import datetime
import json
import random
import subprocess
from decimal import Decimal
from pathlib import Path

import boto3
import pyarrow
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.expressions import And, EqualTo, Or
from pyiceberg.schema import Schema
from pyiceberg.types import (BinaryType, BooleanType, DecimalType, DoubleType, ListType, LongType, MapType,
                             NestedField, StringType, StructType, TimestampType)

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / 'test' / 'stream' / 'run-transform.js'
REGION = 'eu-west-1'
TABLE = 'Orders'
NAMESPACE = 'sales'
ICEBERG_TABLE = 'orders'
BATCH_SIZE = 100

PROFILE_TYPE = StructType(
    NestedField(101, 'city', StringType()),
    NestedField(102, 'zip', LongType()),
    NestedField(103, 'tags', ListType(104, StringType())),
)
# (column, the type name the construct's `columns` prop takes, the same type in pyiceberg)
COLUMNS = [
    ('pk', 'string', StringType()),
    ('sk', 'long', LongType()),
    ('name', 'string', StringType()),
    ('note', 'string', StringType()),
    ('amount', 'decimal(12,2)', DecimalType(12, 2)),
    ('score', 'double', DoubleType()),
    ('big', 'long', LongType()),
    ('flag', 'boolean', BooleanType()),
    ('blob', 'binary', BinaryType()),
    ('updated_at', 'timestamp', TimestampType()),
    ('profile', 'struct<city:string,zip:long,tags:list<string>>', PROFILE_TYPE),
    ('history', 'list<long>', ListType(201, LongType())),
    ('labels', 'list<string>', ListType(202, StringType())),
    ('lucky', 'list<long>', ListType(203, LongType())),
    ('chunks', 'list<binary>', ListType(204, BinaryType())),
    ('attrs', 'map<string,long>', MapType(205, StringType(), 206, LongType())),
]
KEY_COLUMNS = ['pk', 'sk']
# Set attributes have no order in DynamoDB: their lists are compared as multisets.
SET_COLUMNS = {'labels', 'lucky', 'chunks'}
SETTINGS = {
    'columns': [{'name': name, 'type': type_name} for name, type_name, _ in COLUMNS],
    'keyColumns': KEY_COLUMNS,
    'databaseName': NAMESPACE,
    'tableName': ICEBERG_TABLE,
}
LONG_MAX = 2 ** 63 - 1


def iceberg_schema():
    fields = [NestedField(index + 1, name, type_, required=name in KEY_COLUMNS) for index, (name, _, type_) in enumerate(COLUMNS)]
    return Schema(*fields, identifier_field_ids=[1, 2])


# ---------------------------------------------------------------- the DynamoDB workload (moto)

def create_source_table(client):
    client.create_table(
        TableName=TABLE,
        KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}, {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
        AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}, {'AttributeName': 'sk', 'AttributeType': 'N'}],
        BillingMode='PAY_PER_REQUEST',
        StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'},
    )
    return client.describe_table(TableName=TABLE)['Table']['LatestStreamArn']


def random_value(rng, name):
    """One attribute value in DynamoDB JSON, of the attribute type its column takes."""
    if name == 'name':
        return {'S': rng.choice(['Ada', 'Grace', 'Édouard', '名前', 'quote " and \\ backslash', ''])}
    if name == 'note':
        return rng.choice([{'NULL': True}, {'S': f'note {rng.randint(0, 999)}'}])
    if name == 'amount':
        return {'N': str(Decimal(rng.randint(-10 ** 12 + 1, 10 ** 12 - 1)) / 100)}
    if name == 'score':
        return {'N': repr(rng.uniform(-1e6, 1e6))}
    if name == 'big':
        return {'N': str(rng.choice([LONG_MAX, -LONG_MAX - 1, 0, rng.randint(-LONG_MAX, LONG_MAX)]))}
    if name == 'flag':
        return {'BOOL': rng.random() < 0.5}
    if name == 'blob':
        return {'B': rng.randbytes(rng.randint(0, 24))}
    if name == 'updated_at':
        return {'N': f'{rng.randint(0, 4_000_000_000)}.{rng.randint(0, 999_999):06d}'}
    if name == 'profile':
        profile = {'city': {'S': rng.choice(['Oslo', 'Lima', 'Pune'])}, 'zip': {'N': str(rng.randint(0, 99999))}}
        if rng.random() < 0.7:
            profile['tags'] = {'L': [{'S': f't{rng.randint(0, 9)}'} for _ in range(rng.randint(0, 3))]}
        return {'M': profile}
    if name == 'history':
        return {'L': [{'N': str(rng.randint(-LONG_MAX, LONG_MAX))} for _ in range(rng.randint(0, 4))]}
    if name == 'labels':
        return {'SS': sorted({f'l{rng.randint(0, 20)}' for _ in range(rng.randint(1, 4))})}
    if name == 'lucky':
        return {'NS': sorted({str(rng.randint(-1000, 10 ** 15)) for _ in range(rng.randint(1, 4))})}
    if name == 'chunks':
        return {'BS': list({rng.randbytes(rng.randint(1, 6)) for _ in range(rng.randint(1, 3))})}
    if name == 'attrs':
        return {'M': {f'k{index}': {'N': str(rng.randint(-10 ** 6, 10 ** 6))} for index in range(rng.randint(0, 3))}}
    if name == 'ignored':
        return {'S': 'not a column'}
    raise KeyError(name)


VALUE_ATTRIBUTES = [name for name, _, _ in COLUMNS if name not in KEY_COLUMNS] + ['ignored']


def key_of(index):
    return {'pk': {'S': f'customer#{index % 40}'}, 'sk': {'N': str(index // 40)}}


def run_workload(client, operations, keys, seed):
    """Random PutItem, UpdateItem and DeleteItem calls; returns how many of each were made."""
    rng = random.Random(seed)
    counts = {'put': 0, 'update': 0, 'delete': 0}
    for _ in range(operations):
        key = key_of(rng.randrange(keys))
        roll = rng.random()
        if roll < 0.45:
            item = dict(key)
            for name in rng.sample(VALUE_ATTRIBUTES, rng.randint(1, len(VALUE_ATTRIBUTES))):
                item[name] = random_value(rng, name)
            client.put_item(TableName=TABLE, Item=item)
            counts['put'] += 1
        elif roll < 0.8:
            update_item(client, key, rng)
            counts['update'] += 1
        else:
            client.delete_item(TableName=TABLE, Key=key)
            counts['delete'] += 1
    return counts


def update_item(client, key, rng):
    names = rng.sample(VALUE_ATTRIBUTES, rng.randint(1, 4))
    removed = names[:1] if rng.random() < 0.3 else []
    sets = [name for name in names if name not in removed]
    expression = ''
    if sets:
        expression += 'SET ' + ', '.join(f'#{name} = :{name}' for name in sets)
    if removed:
        expression += ' REMOVE ' + ', '.join(f'#{name}' for name in removed)
    arguments = {'ExpressionAttributeNames': {f'#{name}': name for name in names}}
    if sets:
        arguments['ExpressionAttributeValues'] = {f':{name}': random_value(rng, name) for name in sets}
    client.update_item(TableName=TABLE, Key=key, UpdateExpression=expression.strip(), **arguments)


def stream_records(streams, stream_arn):
    """Every record of the table's stream, shard by shard, in order."""
    records = []
    for shard in streams.describe_stream(StreamArn=stream_arn)['StreamDescription']['Shards']:
        iterator = streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
        while iterator:
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            if not page['Records']:
                break
            records.extend(page['Records'])
            iterator = page.get('NextShardIterator')
    return records


def final_scan(client):
    items, arguments = [], {'TableName': TABLE}
    while True:
        page = client.scan(**arguments)
        items.extend(page['Items'])
        if 'LastEvaluatedKey' not in page:
            return items
        arguments['ExclusiveStartKey'] = page['LastEvaluatedKey']


# ---------------------------------------------------------------- the Kinesis streaming destination's envelope

def as_dynamodb_json(value):
    """boto3's attribute values back in DynamoDB JSON as the streaming destination writes it (binary as base64)."""
    if isinstance(value, dict):
        return {key: as_dynamodb_json(member) for key, member in value.items()}
    if isinstance(value, list):
        return [as_dynamodb_json(member) for member in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode('ascii')
    return value


def kinesis_envelope(record):
    """A DynamoDB Streams record in the shape the Kinesis streaming destination writes (DynamoDB DG, kds.html)."""
    change = record['dynamodb']
    created = change.get('ApproximateCreationDateTime')
    body = {
        'ApproximateCreationDateTime': int(created.timestamp() * 1000) if isinstance(created, datetime.datetime) else created,
        'Keys': as_dynamodb_json(change['Keys']),
        'SizeBytes': change.get('SizeBytes', 0),
        'ApproximateCreationDateTimePrecision': 'MILLISECOND',
    }
    for image in ('NewImage', 'OldImage'):
        if image in change:
            body[image] = as_dynamodb_json(change[image])
    return {
        'awsRegion': REGION,
        'eventID': record['eventID'],
        'eventName': record['eventName'],
        'userIdentity': None,
        'recordFormat': 'application/json',
        'tableName': TABLE,
        'dynamodb': body,
        'eventSource': 'aws:dynamodb',
    }


def firehose_events(envelopes, batch_size=BATCH_SIZE):
    """The envelopes as Firehose data-transformation events of up to batch_size records, base64 as Firehose sends them."""
    events = []
    for start in range(0, len(envelopes), batch_size):
        batch = envelopes[start:start + batch_size]
        events.append({
            'invocationId': f'invocation-{start}',
            'deliveryStreamArn': f'arn:aws:firehose:{REGION}:111122223333:deliverystream/orders',
            'region': REGION,
            'records': [{
                'recordId': f'{start + index:08d}',
                'approximateArrivalTimestamp': 0,
                'data': base64.b64encode(json.dumps(envelope).encode('utf-8')).decode('ascii'),
            } for index, envelope in enumerate(batch)],
        })
    return events


def run_transform(events, settings=None):
    """The built bundle, called once per event by test/stream/run-transform.js."""
    payload = json.dumps({'settings': settings or SETTINGS, 'events': events})
    completed = subprocess.run(['node', str(DRIVER)], input=payload, capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)


# ---------------------------------------------------------------- the Iceberg side (Firehose's semantics)

def create_iceberg_table(directory):
    catalog = SqlCatalog('proof', uri=f'sqlite:///{directory}/catalog.db', warehouse=f'file://{directory}/warehouse')
    catalog.create_namespace(NAMESPACE)
    return catalog.create_table(f'{NAMESPACE}.{ICEBERG_TABLE}', schema=iceberg_schema())


def from_json(value, type_):
    """A JSON value as Firehose reads it into a column of `type_` (binary from base64, timestamps in microseconds)."""
    if value is None:
        return None
    if isinstance(type_, BinaryType):
        return base64.b64decode(value)
    if isinstance(type_, TimestampType):
        return datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=value)
    if isinstance(type_, DecimalType):
        return Decimal(value)
    if isinstance(type_, DoubleType):
        return float(value)
    if isinstance(type_, StructType):
        return {field.name: from_json(value.get(field.name), field.field_type) for field in type_.fields}
    if isinstance(type_, ListType):
        return [from_json(element, type_.element_type) for element in value]
    if isinstance(type_, MapType):
        return [(key, from_json(member, type_.value_type)) for key, member in value.items()]
    return value


def apply_batch(table, records, response):
    """
    Applies one Firehose batch as Firehose's Iceberg destination does with unique keys: an insert adds the
    row, an update replaces the row with the same unique keys, a delete removes it. Operations on one key
    apply in record order, so the batch's net effect per key is its last operation; it is committed as one
    delete of every touched key and one append.
    """
    assert [record['recordId'] for record in response['records']] == [record['recordId'] for record in records]
    net = {}
    for result in response['records']:
        if result['result'] != 'Ok':
            continue
        row = json.loads(base64.b64decode(result['data']), parse_float=Decimal)
        operation = result['metadata']['otfMetadata']['operation']
        key = (row['pk'], row['sk'])
        previous = net.pop(key, None)
        replaced = operation != 'insert' or (previous is not None and previous[0])
        net[key] = (replaced, None if operation == 'delete' else row)
    touched = [key for key, (replaced, _) in net.items() if replaced]
    rows = [row for _, row in net.values() if row is not None]
    with table.transaction() as transaction:
        if touched:
            transaction.delete(key_filter(touched))
        if rows:
            types = {name: type_ for name, _, type_ in COLUMNS}
            converted = [{name: from_json(row.get(name), types[name]) for name in types} for row in rows]
            transaction.append(pyarrow.Table.from_pylist(converted, schema=table.schema().as_arrow()))


def key_filter(keys):
    conditions = [And(EqualTo('pk', pk), EqualTo('sk', sk)) for pk, sk in keys]
    return conditions[0] if len(conditions) == 1 else Or(*conditions)


def iceberg_rows(table):
    return table.scan().to_arrow().to_pylist()


# ---------------------------------------------------------------- the expected rows, from the final scan

def expected_value(attribute, type_):
    """A DynamoDB attribute value as the Iceberg column of `type_` should hold it (written independently of the transform)."""
    if attribute is None or attribute.get('NULL'):
        return None
    if isinstance(type_, StringType):
        return attribute['S']
    if isinstance(type_, LongType):
        return int(attribute['N'])
    if isinstance(type_, DecimalType):
        return Decimal(attribute['N']).quantize(Decimal(1).scaleb(-type_.scale))
    if isinstance(type_, DoubleType):
        return float(attribute['N'])
    if isinstance(type_, BooleanType):
        return attribute['BOOL']
    if isinstance(type_, BinaryType):
        return bytes(attribute['B'])
    if isinstance(type_, TimestampType):
        return datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=int(Decimal(attribute['N']) * 10 ** 6))
    if isinstance(type_, StructType):
        return {field.name: expected_value(attribute['M'].get(field.name), field.field_type) for field in type_.fields}
    if isinstance(type_, ListType):
        for tag in ('SS', 'NS', 'BS'):
            if tag in attribute:
                return [expected_value({tag[0]: member}, type_.element_type) for member in attribute[tag]]
        return [expected_value(member, type_.element_type) for member in attribute['L']]
    if isinstance(type_, MapType):
        return {key: expected_value(member, type_.value_type) for key, member in attribute['M'].items()}
    raise TypeError(type_)


def comparable(name, value):
    """Set columns as sorted lists (DynamoDB sets have no order); maps as dicts."""
    if value is None:
        return None
    if name in SET_COLUMNS:
        return sorted(value)
    if name == 'attrs' and isinstance(value, list):
        return dict(value)
    return value
