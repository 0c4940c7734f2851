"""The data path of DynamoDbStreamToS3Tables on real parts: moto's DynamoDB with streams, the built
transform bundle, and a pyiceberg table with Firehose's unique-key semantics. The Iceberg table must
equal the final DynamoDB scan: every key, value and type, no row lost and none left over."""
import base64
import json
import os
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

import pipeline

OPERATIONS = 1200
KEYS = 120
SEED = 21
ATTRIBUTE_TYPES = {'S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'}
REPORT = pipeline.ROOT / 'test-reports' / 'stream-proof.json'


@pytest.fixture(scope='module')
def aws():
    # Account-based endpoints (<account>.streams-ddb...) are not among the hosts moto 5.2.5 answers.
    os.environ.update(AWS_ACCESS_KEY_ID='testing', AWS_SECRET_ACCESS_KEY='testing', AWS_DEFAULT_REGION=pipeline.REGION,
                      AWS_ACCOUNT_ID_ENDPOINT_MODE='disabled')
    with mock_aws():
        yield boto3.client('dynamodb', region_name=pipeline.REGION), boto3.client('dynamodbstreams', region_name=pipeline.REGION)


@pytest.fixture(scope='module')
def run(aws, tmp_path_factory):
    """The whole path once: workload, stream, envelope, transform, Iceberg table, final scan."""
    client, streams = aws
    stream_arn = pipeline.create_source_table(client)
    counts = pipeline.run_workload(client, OPERATIONS, KEYS, SEED)
    records = pipeline.stream_records(streams, stream_arn)
    envelopes = [pipeline.kinesis_envelope(record) for record in records]
    events = pipeline.firehose_events(envelopes)
    responses = pipeline.run_transform(events)
    table = pipeline.create_iceberg_table(tmp_path_factory.mktemp('iceberg'))
    for event, response in zip(events, responses):
        pipeline.apply_batch(table, event['records'], response)
    return {
        'counts': counts, 'records': records, 'envelopes': envelopes, 'events': events, 'responses': responses,
        'rows': pipeline.iceberg_rows(table), 'scan': pipeline.final_scan(client),
    }


def attribute_types(value, found):
    for tag, member in value.items():
        found.add(tag)
        if tag == 'M':
            for nested in member.values():
                attribute_types(nested, found)
        elif tag == 'L':
            for nested in member:
                attribute_types(nested, found)
    return found


def test_the_workload_is_at_least_1000_operations_over_at_least_100_keys(run):
    assert sum(run['counts'].values()) == OPERATIONS >= 1000
    assert all(count > 0 for count in run['counts'].values())
    keys = {(record['dynamodb']['Keys']['pk']['S'], record['dynamodb']['Keys']['sk']['N']) for record in run['records']}
    assert len(keys) == KEYS >= 100


def test_the_stream_carries_every_attribute_type_and_event_name(run):
    found = set()
    for envelope in run['envelopes']:
        for image in ('NewImage', 'OldImage'):
            for value in envelope['dynamodb'].get(image, {}).values():
                attribute_types(value, found)
    assert found == ATTRIBUTE_TYPES
    assert {envelope['eventName'] for envelope in run['envelopes']} == {'INSERT', 'MODIFY', 'REMOVE'}


def test_every_record_id_comes_back_ok_in_order(run):
    for event, response in zip(run['events'], run['responses'], strict=True):
        assert [record['recordId'] for record in response['records']] == [record['recordId'] for record in event['records']]
        assert {record['result'] for record in response['records']} == {'Ok'}


def test_each_operation_follows_its_event_name_and_names_the_destination(run):
    expected = {'INSERT': 'insert', 'MODIFY': 'update', 'REMOVE': 'delete'}
    results = [record for response in run['responses'] for record in response['records']]
    for envelope, result in zip(run['envelopes'], results, strict=True):
        assert result['metadata']['otfMetadata'] == {
            'destinationDatabaseName': pipeline.NAMESPACE, 'destinationTableName': pipeline.ICEBERG_TABLE,
            'operation': expected[envelope['eventName']],
        }


def test_a_delete_carries_only_the_key_columns(run):
    results = [record for response in run['responses'] for record in response['records']]
    deletes = [json.loads(base64.b64decode(result['data'])) for result in results if result['metadata']['otfMetadata']['operation'] == 'delete']
    assert deletes and all(set(row) == set(pipeline.KEY_COLUMNS) for row in deletes)


def test_the_iceberg_table_equals_the_final_dynamodb_scan(run):
    types = {name: type_ for name, _, type_ in pipeline.COLUMNS}
    expected = {}
    for item in run['scan']:
        row = {name: pipeline.comparable(name, pipeline.expected_value(item.get(name), type_)) for name, type_ in types.items()}
        expected[(row['pk'], row['sk'])] = row
    actual = {}
    for row in run['rows']:
        key = (row['pk'], row['sk'])
        assert key not in actual, f'row {key} is in the Iceberg table twice'
        actual[key] = {name: pipeline.comparable(name, row[name]) for name in types}
    assert sorted(actual) == sorted(expected), 'rows lost or left over'
    values = 0
    for key, row in expected.items():
        for name, value in row.items():
            # == alone would take True for 1 and 1.0 for 1: the type must match too.
            assert (type(actual[key][name]), actual[key][name]) == (type(value), value), f'{key} {name}'
            values += 1
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps({
        'operations': sum(run['counts'].values()), 'operationsByKind': run['counts'], 'keys': KEYS,
        'streamRecords': len(run['records']), 'batches': len(run['events']), 'rowsCompared': len(expected), 'valuesCompared': values,
    }))


def single_key_run(aws, tmp_path, steps, batch_size):
    """Runs `steps` against one key of a fresh table and returns (Iceberg rows, final scan)."""
    client, streams = aws
    if pipeline.TABLE in client.list_tables()['TableNames']:
        client.delete_table(TableName=pipeline.TABLE)
    stream_arn = pipeline.create_source_table(client)
    key = pipeline.key_of(7)
    for step, attributes in steps:
        if step == 'put':
            client.put_item(TableName=pipeline.TABLE, Item={**key, **attributes})
        elif step == 'update':
            client.update_item(TableName=pipeline.TABLE, Key=key, UpdateExpression='SET #n = :n',
                               ExpressionAttributeNames={'#n': 'name'}, ExpressionAttributeValues={':n': attributes['name']})
        else:
            client.delete_item(TableName=pipeline.TABLE, Key=key)
    envelopes = [pipeline.kinesis_envelope(record) for record in pipeline.stream_records(streams, stream_arn)]
    events = pipeline.firehose_events(envelopes, batch_size)
    table = pipeline.create_iceberg_table(tmp_path)
    for event, response in zip(events, pipeline.run_transform(events)):
        pipeline.apply_batch(table, event['records'], response)
    return pipeline.iceberg_rows(table), pipeline.final_scan(client)


SAME_KEY_STEPS = [
    ('put', {'name': {'S': 'first'}, 'big': {'N': '1'}}),
    ('update', {'name': {'S': 'second'}}),
    ('delete', {}),
    ('put', {'name': {'S': 'third'}}),
    ('update', {'name': {'S': 'fourth'}}),
]


@pytest.mark.parametrize('batch_size', [1, 2, 5])
def test_one_key_put_update_delete_put_update_ends_as_its_last_write(aws, tmp_path, batch_size):
    rows, scan = single_key_run(aws, tmp_path, SAME_KEY_STEPS, batch_size)
    assert [(row['pk'], row['sk'], row['name'], row['big']) for row in rows] == [('customer#7', 0, 'fourth', None)]
    assert scan[0]['name'] == {'S': 'fourth'}


@pytest.mark.parametrize('batch_size', [1, 3])
def test_one_key_put_then_delete_leaves_no_row(aws, tmp_path, batch_size):
    rows, scan = single_key_run(aws, tmp_path, [('put', {'name': {'S': 'gone'}}), ('update', {'name': {'S': 'still'}}), ('delete', {})], batch_size)
    assert rows == [] and scan == []


def test_an_unconvertible_record_fails_alone_and_its_batch_goes_on(tmp_path):
    good = {'eventName': 'INSERT', 'dynamodb': {'Keys': {'pk': {'S': 'a'}, 'sk': {'N': '1'}}, 'NewImage': {'pk': {'S': 'a'}, 'sk': {'N': '1'}}}}
    bad = {'eventName': 'INSERT', 'dynamodb': {'Keys': {'pk': {'S': 'b'}, 'sk': {'N': '1'}}, 'NewImage': {'pk': {'S': 'b'}, 'sk': {'N': '1'}, 'big': {'N': str(pipeline.LONG_MAX + 1)}}}}
    events = pipeline.firehose_events([good, bad, good])
    [response] = pipeline.run_transform(events)
    assert [record['result'] for record in response['records']] == ['Ok', 'ProcessingFailed', 'Ok']
    assert response['records'][1]['data'] == events[0]['records'][1]['data']
    table = pipeline.create_iceberg_table(tmp_path)
    pipeline.apply_batch(table, events[0]['records'], response)
    assert [(row['pk'], row['sk']) for row in pipeline.iceberg_rows(table)] == [('a', 1)]
