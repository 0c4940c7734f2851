import type { FirehoseTransformationEvent } from 'aws-lambda';
import { RecordTransform, TransformedRecord } from './record-transform';

/** The environment variable that carries the TransformSettings as JSON (set by DynamoDbStreamToS3Tables). */
export const SETTINGS_VARIABLE = 'TRANSFORM_SETTINGS';

let transform: RecordTransform | undefined;

/**
 * The Firehose data-transformation function of DynamoDbStreamToS3Tables: every record of the batch
 * comes back with its recordId, as Ok with its operation or as ProcessingFailed.
 */
export async function handler(event: FirehoseTransformationEvent): Promise<{ records: TransformedRecord[] }> {
  // The converter plan is built once per execution environment, not once per batch.
  transform ??= new RecordTransform(JSON.parse(process.env[SETTINGS_VARIABLE] ?? '{}'));
  const records = new Array<TransformedRecord>(event.records.length);
  for (let index = 0; index < event.records.length; index++) {
    const record = event.records[index];
    records[index] = transform.transform(record.recordId, record.data);
  }
  return { records };
}
