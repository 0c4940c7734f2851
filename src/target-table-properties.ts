/**
 * How Glue flattens nested DynamoDB attributes (maps and lists) into Iceberg columns.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_TargetTableConfig.html
 */
export enum UnnestSpec {
  /** Top-level attributes become columns; nested values stay as JSON strings. */
  TOPLEVEL = 'TOPLEVEL',
  /** Every nested attribute becomes a column of its own (Glue's default). */
  FULL = 'FULL',
  /** No unnesting: each item is kept as one JSON document column. */
  NOUNNEST = 'NOUNNEST',
}

/**
 * The partition transform applied to a field.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_IntegrationPartition.html
 */
export enum PartitionFunction {
  /** Partition by the field's value. */
  IDENTITY = 'identity',
  /** Partition a timestamp field by year. */
  YEAR = 'year',
  /** Partition a timestamp field by month. */
  MONTH = 'month',
  /** Partition a timestamp field by day. */
  DAY = 'day',
  /** Partition a timestamp field by hour. */
  HOUR = 'hour',
}

/**
 * How the source attribute of a time-based partition is read as a timestamp.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_IntegrationPartition.html
 */
export enum TimestampConversion {
  /** Seconds since the Unix epoch. */
  EPOCH_SECONDS = 'epoch_sec',
  /** Milliseconds since the Unix epoch. */
  EPOCH_MILLISECONDS = 'epoch_milli',
  /** An ISO 8601 string. */
  ISO_8601 = 'iso',
}

/**
 * One partition field of the target Iceberg table.
 */
export interface PartitionField {
  /** The source attribute to partition by. */
  readonly fieldName: string;

  /**
   * The partition transform.
   *
   * @default PartitionFunction.IDENTITY
   */
  readonly function?: PartitionFunction;

  /**
   * How to read the attribute as a timestamp. Only for the time functions (year, month, day, hour).
   *
   * @default - Glue reads the attribute as a timestamp as it is
   */
  readonly conversion?: TimestampConversion;
}

/**
 * The target Iceberg table's settings for one source table (Glue `CreateIntegrationTableProperties`).
 *
 * Glue reads them when the integration is created: a partition spec cannot change once the
 * integration exists (change it by replacing the integration, e.g. with a new `integrationName`).
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegrationTableProperties.html
 */
export interface TargetTableProperties {
  /**
   * How nested attributes become columns.
   *
   * @default UnnestSpec.FULL (Glue's default)
   */
  readonly unnestSpec?: UnnestSpec;

  /**
   * Partition fields of the target table, at most 10.
   *
   * @default - Glue's default partitioning
   */
  readonly partitionSpec?: PartitionField[];

  /**
   * Name of the target Iceberg table, 1 to 128 characters.
   *
   * @default - chosen by Glue from the source table's name
   */
  readonly targetTableName?: string;
}
