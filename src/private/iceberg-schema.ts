import { IcebergType } from '../stream-transform/iceberg-type';

/**
 * An Iceberg schema field in the JSON of the Iceberg table spec (Appendix C), which
 * `AWS::S3Tables::Table` takes in `IcebergMetadata.IcebergSchemaV2.SchemaV2FieldList`: every field,
 * list element and map key and value has its own id, unique in the schema.
 */
export interface SchemaV2Field {
  readonly Id: number;
  readonly Name: string;
  readonly Required: boolean;
  readonly Type: unknown;
}

/** The top-level fields of a table schema, ids from 1 in column order, then nested ids after them. */
export function schemaV2Fields(columns: ReadonlyArray<{ name: string; type: IcebergType; required: boolean }>): SchemaV2Field[] {
  let nextId = columns.length + 1;
  const nested = (type: IcebergType): unknown => {
    switch (type.kind) {
      case 'primitive': return type.name;
      case 'decimal': return `decimal(${type.precision},${type.scale})`;
      case 'struct': {
        const ids = type.fields.map(() => nextId++);
        return { type: 'struct', fields: type.fields.map((field, index) => ({ id: ids[index], name: field.name, required: false, type: nested(field.type) })) };
      }
      case 'list': {
        const elementId = nextId++;
        return { 'type': 'list', 'element-id': elementId, 'element-required': false, 'element': nested(type.element) };
      }
      case 'map': {
        const keyId = nextId++;
        const valueId = nextId++;
        return { 'type': 'map', 'key-id': keyId, 'key': nested(type.key), 'value-id': valueId, 'value-required': false, 'value': nested(type.value) };
      }
    }
  };
  return columns.map((column, index) => ({ Id: index + 1, Name: column.name, Required: column.required, Type: nested(column.type) }));
}
