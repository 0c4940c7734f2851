import { IcebergType } from './iceberg-type';

/** A DynamoDB attribute value in DynamoDB JSON, as the Kinesis streaming destination writes it. */
export interface AttributeValue {
  readonly S?: string;
  readonly N?: string;
  readonly B?: string;
  readonly BOOL?: boolean;
  readonly NULL?: boolean;
  readonly M?: Record<string, AttributeValue>;
  readonly L?: AttributeValue[];
  readonly SS?: string[];
  readonly NS?: string[];
  readonly BS?: string[];
}

/** Turns one attribute value into the JSON text of the column value Firehose expects; throws ConversionError. */
export type Converter = (value: AttributeValue) => string;

/**
 * A value that cannot be written to its column: the record is returned as ProcessingFailed. Messages
 * name the rule, never the value, since they are logged.
 */
export class ConversionError extends Error {}

const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const DECIMAL = /^(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const MICROS_PER_SECOND_DIGITS = 6;

/**
 * Builds the converter for a column type once, so that converting a record walks a prepared plan
 * instead of interpreting the type name again for every value.
 */
export function converterFor(type: IcebergType): Converter {
  const convert = nonNullConverterFor(type);
  return value => (value.NULL === true ? 'null' : convert(value));
}

function nonNullConverterFor(type: IcebergType): Converter {
  switch (type.kind) {
    case 'decimal': return value => decimalText(numberOf(value), type.precision, type.scale);
    case 'struct': return structConverter(type.fields);
    case 'list': return listConverter(converterFor(type.element));
    case 'map': return mapConverter(converterFor(type.value));
    case 'primitive':
      switch (type.name) {
        case 'string': return value => JSON.stringify(typed(value, 'S', value.S));
        case 'boolean': return value => String(typed(value, 'BOOL', value.BOOL));
        case 'binary': return binary;
        case 'int': return value => integerText(numberOf(value), false);
        case 'long': return value => integerText(numberOf(value), true);
        case 'float':
        case 'double': return floating;
        case 'timestamp':
        case 'timestamptz': return timestampMicros;
      }
  }
}

function structConverter(fields: ReadonlyArray<{ readonly name: string; readonly type: IcebergType }>): Converter {
  const plan = fields.map(field => ({ name: field.name, prefix: `${JSON.stringify(field.name)}:`, convert: converterFor(field.type) }));
  return value => {
    const map = typed(value, 'M', value.M);
    let text = '';
    for (const field of plan) {
      const member = map[field.name];
      if (member === undefined) continue;
      text += (text === '' ? '{' : ',') + field.prefix + field.convert(member);
    }
    return text === '' ? '{}' : text + '}';
  };
}

function listConverter(convertElement: Converter): Converter {
  return value => {
    let elements: AttributeValue[];
    if (value.L !== undefined) elements = value.L;
    else if (value.SS !== undefined) elements = value.SS.map(S => ({ S }));
    else if (value.NS !== undefined) elements = value.NS.map(N => ({ N }));
    else if (value.BS !== undefined) elements = value.BS.map(B => ({ B }));
    else throw new ConversionError(`expected a list or a set (L, SS, NS, BS), got ${tagOf(value)}`);
    return `[${elements.map(convertElement).join(',')}]`;
  };
}

function mapConverter(convertValue: Converter): Converter {
  return value => {
    const map = typed(value, 'M', value.M);
    const entries: string[] = [];
    for (const key in map) entries.push(`${JSON.stringify(key)}:${convertValue(map[key])}`);
    return `{${entries.join(',')}}`;
  };
}

function binary(value: AttributeValue): string {
  const text = typed(value, 'B', value.B);
  // The streaming destination writes B as base64, the encoding Firehose reads binary columns in.
  if (!BASE64.test(text)) throw new ConversionError('binary value is not base64');
  return `"${text}"`;
}

function floating(value: AttributeValue): string {
  const number = Number(numberOf(value));
  if (!Number.isFinite(number)) throw new ConversionError('the number does not fit a double');
  return String(number);
}

/** A DynamoDB number as an Iceberg int or long, written as its exact digits. */
function integerText(number: string, long: boolean): string {
  const digits = INTEGER.test(number) ? number : decimalText(number, Number.MAX_SAFE_INTEGER, 0);
  if (long) {
    if (digits.length >= 19 && (BigInt(digits) < LONG_MIN || BigInt(digits) > LONG_MAX)) {
      throw new ConversionError('the number is outside the range of a long');
    }
  } else if (Number(digits) < INT_MIN || Number(digits) > INT_MAX) {
    throw new ConversionError('the number is outside the range of an int');
  }
  return digits;
}

/**
 * A DynamoDB number as a decimal(precision, scale), written as a JSON number with exactly `scale`
 * fraction digits; a value that would need rounding or more digits is rejected, not rounded.
 */
function decimalText(number: string, precision: number, scale: number): string {
  const match = DECIMAL.exec(number);
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) throw new ConversionError('the value is not a number');
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  // The number is 0.<digits> shifted: digits = whole + fraction, point after `pointAt` digits.
  const allDigits = whole + fraction;
  const pointAt = whole.length + Number(exponentText);
  const scaled = shiftDigits(allDigits, pointAt + scale);
  if (scaled === undefined) throw new ConversionError(`the number has more than ${scale} fraction digits`);
  const integerPart = scaled.slice(0, scaled.length - scale).replace(/^0+(?=.)/, '') || '0';
  if (integerPart !== '0' && integerPart.length > precision - scale) {
    throw new ConversionError(`the number has more than ${precision - scale} digits before the point (decimal(${precision},${scale}))`);
  }
  const isZero = /^[0.]*$/.test(scaled);
  const text = scale === 0 ? integerPart : `${integerPart}.${scaled.slice(scaled.length - scale)}`;
  return sign === '-' && !isZero ? `-${text}` : text;
}

/**
 * The integer formed by the first `count` digits of `digits` (padded with zeros on the right, and
 * with at least one digit), or undefined when a digit that is not zero would be cut off.
 */
function shiftDigits(digits: string, count: number): string | undefined {
  if (count >= digits.length) return digits + '0'.repeat(count - digits.length);
  if (count < 0) return /^0*$/.test(digits) ? '0' : undefined;
  return /^0*$/.test(digits.slice(count)) ? digits.slice(0, count) || '0' : undefined;
}

/**
 * An Iceberg timestamp in the unit Firehose requires, microseconds since the epoch: from a number of
 * seconds since the epoch (fractions down to microseconds) or an ISO 8601 string (UTC without an offset).
 */
function timestampMicros(value: AttributeValue): string {
  if (value.N !== undefined) return decimalText(value.N, Number.MAX_SAFE_INTEGER, MICROS_PER_SECOND_DIGITS).replace('.', '').replace(/^(-?)0+(?=\d)/, '$1');
  const text = typed(value, 'S or N', value.S);
  const match = ISO_8601.exec(text);
  if (match === null) throw new ConversionError('the string is not an ISO 8601 date and time');
  const [, year, month, day, hour, minute, second, fraction = '', offset = 'Z'] = match;
  const millis = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const date = new Date(millis);
  if (date.getUTCDate() !== Number(day) || date.getUTCHours() !== Number(hour) || date.getUTCMinutes() !== Number(minute)) {
    throw new ConversionError('the string is not a valid date and time');
  }
  if (/[1-9]/.test(fraction.slice(MICROS_PER_SECOND_DIGITS))) throw new ConversionError('the time is more precise than microseconds');
  const offsetMinutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const micros = (millis / 1000 - offsetMinutes * 60) * 1e6 + Number(fraction.slice(0, MICROS_PER_SECOND_DIGITS).padEnd(MICROS_PER_SECOND_DIGITS, '0'));
  return String(micros);
}

function numberOf(value: AttributeValue): string {
  return typed(value, 'N', value.N);
}

function typed<T>(value: AttributeValue, expected: string, field: T | undefined): T {
  if (field === undefined) throw new ConversionError(`expected ${expected}, got ${tagOf(value)}`);
  return field;
}

function tagOf(value: AttributeValue): string {
  return Object.keys(value).join('') || 'nothing';
}
