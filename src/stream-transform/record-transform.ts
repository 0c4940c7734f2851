import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AttributeValue, ConversionError, Converter, converterFor } from './converters';
import { parseIcebergType } from './iceberg-type';

/** What the transform writes and where; the construct passes it to the function as environment variables. */
export interface TransformSettings {
  /** The Iceberg columns, in table order. */
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  /** The columns that hold the DynamoDB table's partition key (and sort key): Firehose's unique keys. */
  readonly keyColumns: readonly string[];
  /** The namespace (Firehose: destination database) and table Firehose writes to. */
  readonly databaseName: string;
  readonly tableName: string;
  /** A string column that receives the attributes that are not columns, as one JSON object; none: dropped. */
  readonly otherAttributesColumn?: string;
}

/** A record of the DynamoDB Kinesis streaming destination (DynamoDB DG, kds.html). */
interface StreamRecord {
  readonly eventName?: string;
  readonly dynamodb?: {
    readonly Keys?: Record<string, AttributeValue>;
    readonly NewImage?: Record<string, AttributeValue>;
  };
}

export type Operation = 'insert' | 'update' | 'delete';

/** One record's result in the shape a Firehose data-transformation function returns. */
export interface TransformedRecord {
  readonly recordId: string;
  readonly result: 'Ok' | 'ProcessingFailed';
  readonly data: string;
  readonly metadata?: { readonly otfMetadata: { destinationDatabaseName: string; destinationTableName: string; operation: Operation } };
}

const OPERATIONS: Record<string, Operation> = { INSERT: 'insert', MODIFY: 'update', REMOVE: 'delete' };

interface ColumnPlan {
  readonly name: string;
  readonly prefix: string;
  readonly convert: Converter;
}

/**
 * Converts records of the DynamoDB Kinesis streaming destination into Firehose Iceberg rows: every
 * column converted to its declared type, the operation in `otfMetadata`. Built once per settings, so
 * that each record only walks the prepared plan.
 */
export class RecordTransform {
  private readonly columns: ColumnPlan[];
  private readonly keys: ColumnPlan[];
  private readonly columnNames: Set<string>;
  private readonly otherAttributesPrefix?: string;
  private readonly metadata: Record<Operation, TransformedRecord['metadata']>;

  constructor(settings: TransformSettings) {
    this.columns = settings.columns
      .filter(column => column.name !== settings.otherAttributesColumn)
      .map(column => ({ name: column.name, prefix: `${JSON.stringify(column.name)}:`, convert: converterFor(parseIcebergType(column.type)) }));
    this.keys = settings.keyColumns.map(key => {
      const column = this.columns.find(candidate => candidate.name === key);
      if (column === undefined) throw new Error(`key column '${key}' is not one of the columns`);
      return column;
    });
    this.columnNames = new Set(settings.columns.map(column => column.name));
    this.otherAttributesPrefix = settings.otherAttributesColumn === undefined ? undefined : `${JSON.stringify(settings.otherAttributesColumn)}:`;
    const metadataFor = (operation: Operation) => ({
      otfMetadata: { destinationDatabaseName: settings.databaseName, destinationTableName: settings.tableName, operation },
    });
    this.metadata = { insert: metadataFor('insert'), update: metadataFor('update'), delete: metadataFor('delete') };
  }

  /** One Firehose record (base64 data) in, its result out; a record that cannot be converted is ProcessingFailed. */
  public transform(recordId: string, data: string): TransformedRecord {
    try {
      const record = JSON.parse(Buffer.from(data, 'base64').toString('utf-8')) as StreamRecord;
      const operation = OPERATIONS[record.eventName ?? ''];
      if (operation === undefined) throw new ConversionError(`eventName '${record.eventName}' is not INSERT, MODIFY or REMOVE`);
      const row = operation === 'delete' ? this.keyRow(record) : this.fullRow(record);
      return { recordId, result: 'Ok', data: Buffer.from(row, 'utf-8').toString('base64'), metadata: this.metadata[operation] };
    } catch (error) {
      // Firehose writes ProcessingFailed records to the error output; the rest of the batch goes on. The log
      // names the reason only: JSON.parse's own message quotes the data.
      const reason = error instanceof ConversionError ? error.message : error instanceof SyntaxError ? 'the data is not JSON' : String((error as Error).name);
      console.error(`record ${recordId}: ProcessingFailed: ${reason}`);
      return { recordId, result: 'ProcessingFailed', data };
    }
  }

  /** A delete names the row by its unique keys only (from Keys, which every stream record carries). */
  private keyRow(record: StreamRecord): string {
    const keys = record.dynamodb?.Keys;
    if (keys === undefined) throw new ConversionError('the record has no dynamodb.Keys');
    return this.row(this.keys, keys, false);
  }

  private fullRow(record: StreamRecord): string {
    const image = record.dynamodb?.NewImage;
    if (image === undefined) throw new ConversionError('the record has no dynamodb.NewImage (the stream needs NEW_IMAGE or NEW_AND_OLD_IMAGES)');
    return this.row(this.columns, image, true);
  }

  private row(columns: ColumnPlan[], image: Record<string, AttributeValue>, withOthers: boolean): string {
    let text = '';
    for (const column of columns) {
      const value = image[column.name];
      if (value === undefined) continue;
      try {
        text += (text === '' ? '{' : ',') + column.prefix + column.convert(value);
      } catch (error) {
        if (error instanceof ConversionError) throw new ConversionError(`column '${column.name}': ${error.message}`);
        throw error;
      }
    }
    if (withOthers && this.otherAttributesPrefix !== undefined) {
      text += (text === '' ? '{' : ',') + this.otherAttributesPrefix + JSON.stringify(this.otherAttributesJson(image));
    }
    for (const key of this.keys) {
      if (image[key.name] === undefined) throw new ConversionError(`key column '${key.name}' is missing`);
    }
    return text + '}';
  }

  /**
   * The attributes that are not columns, unmarshalled to plain JSON: numbers as strings of their exact
   * digits (a JSON number could not hold 38 of them), sets as arrays, binary as base64.
   */
  private otherAttributesJson(image: Record<string, AttributeValue>): string {
    const others: Record<string, AttributeValue> = {};
    for (const name in image) {
      if (!this.columnNames.has(name)) others[name] = image[name];
    }
    return JSON.stringify(unmarshall(others as never, { wrapNumbers: exactDigits }), setsAsArrays);
  }
}

function exactDigits(digits: string): string {
  return digits;
}

function setsAsArrays(_key: string, value: unknown): unknown {
  return value instanceof Set ? [...value] : value;
}
