/**
 * An Iceberg column type, parsed from its name as the Iceberg spec writes it: `string`, `long`,
 * `decimal(10,2)`, `struct<a:string,b:long>`, `list<string>`, `map<string,long>`.
 *
 * Shared by the construct (synth-time checks, the table schema) and the transform handler (the
 * converter plan), so both read one grammar.
 */
export type IcebergType =
  | { readonly kind: 'primitive'; readonly name: PrimitiveTypeName }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'struct'; readonly fields: ReadonlyArray<{ readonly name: string; readonly type: IcebergType }> }
  | { readonly kind: 'list'; readonly element: IcebergType }
  | { readonly kind: 'map'; readonly key: IcebergType; readonly value: IcebergType };

/** The primitive types the transform converts DynamoDB attributes to. */
export const PRIMITIVE_TYPE_NAMES = ['string', 'int', 'long', 'float', 'double', 'boolean', 'binary', 'timestamp', 'timestamptz'] as const;
export type PrimitiveTypeName = typeof PRIMITIVE_TYPE_NAMES[number];

/** Iceberg allows a precision of at most 38 (Iceberg spec, Primitive Types). */
const MAX_DECIMAL_PRECISION = 38;

/** Parses `text`, or throws an Error that names what is wrong and where. */
export function parseIcebergType(text: string): IcebergType {
  const parser = new Parser(text);
  const type = parser.type();
  parser.end();
  return type;
}

/** The type's name in the Iceberg spec's spelling, without spaces. */
export function formatIcebergType(type: IcebergType): string {
  switch (type.kind) {
    case 'primitive': return type.name;
    case 'decimal': return `decimal(${type.precision},${type.scale})`;
    case 'struct': return `struct<${type.fields.map(field => `${field.name}:${formatIcebergType(field.type)}`).join(',')}>`;
    case 'list': return `list<${formatIcebergType(type.element)}>`;
    case 'map': return `map<${formatIcebergType(type.key)},${formatIcebergType(type.value)}>`;
  }
}

class Parser {
  private position = 0;

  constructor(private readonly text: string) {}

  public type(): IcebergType {
    const word = this.word();
    switch (word) {
      case 'decimal': {
        this.expect('(');
        const precision = this.integer();
        this.expect(',');
        const scale = this.integer();
        this.expect(')');
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
          this.fail(`decimal(${precision},${scale}) needs 1 <= precision <= ${MAX_DECIMAL_PRECISION} and scale <= precision`);
        }
        return { kind: 'decimal', precision, scale };
      }
      case 'struct': {
        this.expect('<');
        const fields: Array<{ name: string; type: IcebergType }> = [];
        do {
          const name = this.word();
          if (fields.some(field => field.name === name)) this.fail(`field '${name}' appears twice`);
          this.expect(':');
          fields.push({ name, type: this.type() });
        } while (this.accept(','));
        this.expect('>');
        return { kind: 'struct', fields };
      }
      case 'list': {
        this.expect('<');
        const element = this.type();
        this.expect('>');
        return { kind: 'list', element };
      }
      case 'map': {
        this.expect('<');
        const key = this.type();
        this.expect(',');
        const value = this.type();
        this.expect('>');
        // DynamoDB map keys are strings; a map column of another key type could never be filled.
        if (key.kind !== 'primitive' || key.name !== 'string') this.fail('a map column needs string keys (DynamoDB map keys are strings)');
        return { kind: 'map', key, value };
      }
      default:
        if ((PRIMITIVE_TYPE_NAMES as readonly string[]).includes(word)) return { kind: 'primitive', name: word as PrimitiveTypeName };
        return this.fail(`'${word}' is not a type the transform converts to (${PRIMITIVE_TYPE_NAMES.join(', ')}, decimal(p,s), struct<...>, list<...>, map<string,...>)`);
    }
  }

  public end(): void {
    this.skipSpaces();
    if (this.position < this.text.length) this.fail(`unexpected '${this.text.slice(this.position)}'`);
  }

  private word(): string {
    this.skipSpaces();
    const start = this.position;
    while (this.position < this.text.length && /[A-Za-z0-9_]/.test(this.text[this.position])) this.position++;
    if (start === this.position) this.fail('expected a name');
    return this.text.slice(start, this.position);
  }

  private integer(): number {
    const word = this.word();
    if (!/^[0-9]+$/.test(word)) this.fail(`'${word}' is not a whole number`);
    return Number(word);
  }

  private accept(symbol: string): boolean {
    this.skipSpaces();
    if (this.text[this.position] !== symbol) return false;
    this.position++;
    return true;
  }

  private expect(symbol: string): void {
    if (!this.accept(symbol)) this.fail(`expected '${symbol}'`);
  }

  private skipSpaces(): void {
    while (this.text[this.position] === ' ') this.position++;
  }

  private fail(message: string): never {
    throw new Error(`${message} at position ${this.position} of '${this.text}'`);
  }
}
