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
 * They are created before the integration. A change after that is sent to Glue with
 * `UpdateIntegrationTableProperties`: the Glue guide's target page says the table configuration
 * "can also be changed anytime after the integration creation" and that a change such as a new
 * partition column may trigger a full resync of the table. Its limitations page says instead that
 * partition specifications cannot be changed after the integration is created; if Glue rejects the
 * update, the deployment fails and rolls back, and the way out is a new integration (for example a
 * new `integrationName`).
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_UpdateIntegrationTableProperties.html
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
   * Name of the target Iceberg table: 1 to 128 characters of lowercase letters, digits and
   * underscores, beginning and ending with a letter or digit. Set it when the source table's name
   * has capital letters or hyphens: the Glue docs do not say how Glue derives the target name.
   *
   * @default - derived by Glue from the source table's name (assumed lowercased, with other
   * characters turned into underscores, as the Amazon Redshift docs describe for DynamoDB zero-ETL;
   * the Glue docs are silent)
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html#naming-rules-table
   * @see https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_INTEGRATION_TABLE_MAPPING.html
   */
  readonly targetTableName?: string;
}
