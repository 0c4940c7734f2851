import * as path from 'path';
import { Arn, ArnFormat, Duration, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3tables from 'aws-cdk-lib/aws-s3tables';
import { Construct } from 'constructs';
import { CatalogAccessMode } from './catalog-access-mode';
import { IngestionFailedAlarmOptions, ReplicationLagAlarmOptions, ZeroEtlAlarmOptions } from './monitoring';
import { s3TablesCatalogArn } from './private/arns';
import { throwIfProblems } from './private/errors';
import { schemaV2Fields } from './private/iceberg-schema';
import { lakeFormationCatalogId, lakeFormationGrants } from './private/lake-formation';
import { acknowledgeStreamResources } from './private/nag';
import { TARGET_KEY_ACTIONS } from './private/permissions';
import {
  destinationCatalogArns, destinationStatements, ERROR_BUCKET_ACTIONS, FIREHOSE_SERVICE_PRINCIPAL, KINESIS_SOURCE_ACTIONS,
  LAKE_FORMATION_TABLE_PERMISSIONS, TRANSFORM_INVOKE_ACTIONS,
} from './private/stream-permissions';
import { keySchemaOf, tableKinesisStreamArn } from './private/stream-source-table';
import { S3TablesTarget } from './s3-tables-target';
import { IcebergType, parseIcebergType } from './stream-transform/iceberg-type';
import type { TransformSettings } from './stream-transform/record-transform';

/**
 * One column of the Iceberg table, and so one top-level field of the rows the transform writes.
 */
export interface IcebergColumn {
  /**
   * The column name, which is also the DynamoDB attribute it is filled from: 1 to 255 lowercase
   * letters, digits and underscores (Firehose requires lowercase column names for S3 Tables).
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/apache-iceberg-prereq.html
   */
  readonly name: string;

  /**
   * The Iceberg type, as the Iceberg spec names it: `string`, `int`, `long`, `float`, `double`,
   * `boolean`, `binary`, `timestamp`, `timestamptz`, `decimal(P,S)` (P at most 38),
   * `struct<name:type,...>`, `list<type>` or `map<string,type>`. How each DynamoDB attribute type
   * converts: [Near-real-time column types](README.md#near-real-time-column-types).
   *
   * @see https://iceberg.apache.org/spec/#schemas-and-data-types
   */
  readonly type: string;
}

/**
 * Properties for `DynamoDbStreamToS3Tables`.
 */
export interface DynamoDbStreamToS3TablesProps {
  /**
   * The source table. A `Table` or `TableV2` defined in the app gives its key schema (the unique
   * keys) and its Kinesis stream, if it has one; an imported table needs `uniqueKeys` and `kinesisStream`.
   */
  readonly table: dynamodb.ITable;

  /**
   * Name of a table bucket to create. Give exactly one of `tableBucketName`, `target` and
   * `existingTableBucketArn`. Naming rules as `S3TablesTargetProps.tableBucketName`.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html
   */
  readonly tableBucketName?: string;

  /**
   * An `S3TablesTarget`, to write into the same table bucket as zero-ETL integrations. Its
   * `accessMode` decides how the delivery role reaches the table (IAM, or Lake Formation grants).
   *
   * @default - none
   */
  readonly target?: S3TablesTarget;

  /**
   * ARN of an existing table bucket, `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`, in
   * the stack's account and region, accessed in IAM mode.
   *
   * @default - none
   */
  readonly existingTableBucketArn?: string;

  /**
   * The namespace to create in the bucket for the table (Firehose's destination database): 1 to 255
   * lowercase letters, digits and underscores, beginning and ending with a letter or digit.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html
   */
  readonly namespaceName: string;

  /**
   * The Iceberg table to create. Same rules as `namespaceName`.
   *
   * @default - the DynamoDB table's name, lowercased with `-` and `.` as `_`, when it is known at synth time
   */
  readonly tableName?: string;

  /** The table's columns, the key attributes among them. At least one; names unique. */
  readonly columns: IcebergColumn[];

  /**
   * The columns Firehose matches rows on for updates and deletes: the DynamoDB partition key, then
   * the sort key. Read from a table defined in the app; required for an imported one.
   *
   * @default - the table's key attributes
   * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_DestinationTableConfiguration.html
   */
  readonly uniqueKeys?: string[];

  /**
   * The Kinesis data stream the table streams its changes to. For a `Table` defined in the app
   * without one, a stream is created (on-demand, AWS managed key) and set as the table's Kinesis
   * streaming destination; a `TableV2` takes it only through its own `kinesisStream` prop.
   *
   * @default - the table's Kinesis stream, or a new one on a `Table` without any
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds.html
   */
  readonly kinesisStream?: kinesis.IStream;

  /**
   * How long Firehose buffers before it writes to the table: 0 to 900 seconds. Give it with
   * `bufferingSize`, or neither.
   *
   * @default - Firehose's default for the Iceberg destination
   * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html
   */
  readonly bufferingInterval?: Duration;

  /**
   * How much Firehose buffers before it writes to the table: 1 to 128 MiB. Give it with
   * `bufferingInterval`, or neither.
   *
   * @default - Firehose's default for the Iceberg destination
   * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html
   */
  readonly bufferingSize?: Size;

  /**
   * A `string` column that receives every attribute that is not a column, as one JSON object
   * (numbers as strings of their exact digits, sets as arrays, binary as base64).
   *
   * @default - attributes that are not columns are dropped
   */
  readonly otherAttributesColumn?: string;

  /**
   * The bucket Firehose writes records it cannot deliver to, and the records the transform marks
   * `ProcessingFailed`.
   *
   * @default - a new bucket (S3-managed encryption, versioned, TLS only, public access blocked)
   */
  readonly errorBucket?: s3.IBucket;

  /**
   * What happens to the data this construct creates (table bucket, namespace, Iceberg table, error
   * bucket) when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Where Firehose's Iceberg destination exists: not in these regions (Firehose DG, apache-iceberg-considerations). */
const UNSUPPORTED_REGIONS = ['ap-east-2', 'ap-southeast-5', 'ap-southeast-6', 'mx-central-1'];
const UNSUPPORTED_PARTITION_REGION = /^(cn|us-gov)-/;
const S3_TABLES_NAME = /^[a-z0-9]([a-z0-9_]{0,253}[a-z0-9])?$/;
const COLUMN_NAME = /^[a-z0-9_]{1,255}$/;
const MAX_BUFFERING_SECONDS = 900;
const MAX_BUFFERING_MIB = 128;
/** DynamoDB key attribute types and the column types that hold them exactly. */
const KEY_COLUMN_TYPES: Record<string, string[]> = { S: ['string'], N: ['int', 'long', 'decimal'], B: ['binary'] };

/**
 * Streams a DynamoDB table's changes into an Apache Iceberg table in Amazon S3 Tables within a minute
 * or two: DynamoDB Kinesis streaming destination, Amazon Data Firehose with its Iceberg destination,
 * and a transform function that converts each change to a row of the declared column types with its
 * operation (insert, update, delete) on the table's unique keys.
 *
 * Creates the namespace and the table (before the delivery stream, which Firehose validates against
 * them), the delivery role, the transform, an error bucket and a log group.
 *
 * @throws Error at construction, listing every problem found in the props
 * @see https://docs.aws.amazon.com/firehose/latest/dev/apache-iceberg-destination.html
 *
 * @example
 * declare const stack: Stack;
 * const stream = new kinesis.Stream(stack, 'Changes', { streamMode: kinesis.StreamMode.ON_DEMAND });
 * const table = new dynamodb.TableV2(stack, 'Orders', {
 *   partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
 *   kinesisStream: stream,
 * });
 * new DynamoDbStreamToS3Tables(stack, 'OrdersNearRealTime', {
 *   table,
 *   kinesisStream: stream,
 *   tableBucketName: 'orders-lake',
 *   namespaceName: 'sales',
 *   tableName: 'orders',
 *   columns: [{ name: 'pk', type: 'string' }, { name: 'total', type: 'decimal(12,2)' }],
 * });
 */
export class DynamoDbStreamToS3Tables extends Construct {
  /** The Firehose delivery stream. */
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The Kinesis data stream the table streams to. */
  public readonly kinesisStream: kinesis.IStream;
  /** The transform function. */
  public readonly transform: lambda.Function;
  /** The role Firehose assumes. */
  public readonly deliveryRole: iam.Role;
  /** The bucket failed records go to. */
  public readonly errorBucket: s3.IBucket;
  /** The namespace created in the table bucket. */
  public readonly namespace: s3tables.CfnNamespace;
  /** The Iceberg table. */
  public readonly icebergTable: s3tables.CfnTable;
  /** The table bucket this construct created; undefined with `target` or `existingTableBucketArn`. */
  public readonly tableBucket?: s3tables.CfnTableBucket;
  /** Name of the table bucket. */
  public readonly tableBucketName: string;
  /** The Iceberg table's name. */
  public readonly tableName: string;
  /** The columns Firehose matches updates and deletes on. */
  public readonly uniqueKeys: string[];

  /** The source table's name, for the Kinesis replication metrics. */
  private readonly sourceTableName: string;

  constructor(scope: Construct, id: string, props: DynamoDbStreamToS3TablesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const keySchema = keySchemaOf(props.table);
    const tableName = props.tableName ?? defaultTableName(props.table);
    const uniqueKeys = props.uniqueKeys ?? keySchema?.map(key => key.name);
    const streamArnOnTable = tableKinesisStreamArn(props.table);
    const types = new Map<string, IcebergType>();
    const problems = [
      ...bucketSourceProblems(props),
      ...regionProblems(stack),
      ...nameProblems('namespaceName', props.namespaceName),
      ...(tableName === undefined
        ? ['tableName is needed: the DynamoDB table\'s name is not known at synth time. Pass tableName (lowercase letters, digits and underscores).']
        : nameProblems('tableName', tableName)),
      ...columnProblems(props.columns, types),
      ...uniqueKeyProblems(props, uniqueKeys, keySchema, types),
      ...bufferingProblems(props),
      ...otherAttributesProblems(props.otherAttributesColumn, types, uniqueKeys ?? []),
      ...streamProblems(props, streamArnOnTable),
    ];
    throwIfProblems('DynamoDbStreamToS3Tables', this, problems);
    this.tableName = tableName!;
    this.uniqueKeys = uniqueKeys!;
    this.sourceTableName = props.table.tableName;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const bucket = this.resolveTableBucket(props, removalPolicy);
    this.tableBucketName = bucket.name;
    this.namespace = new s3tables.CfnNamespace(this, 'Namespace', { tableBucketArn: bucket.arn, namespace: props.namespaceName });
    this.namespace.applyRemovalPolicy(removalPolicy);
    this.icebergTable = this.createIcebergTable(bucket.arn, props, types, removalPolicy);

    this.kinesisStream = props.kinesisStream
      ?? (streamArnOnTable !== undefined ? kinesis.Stream.fromStreamArn(this, 'SourceStream', streamArnOnTable) : this.createStream(props.table));
    this.errorBucket = props.errorBucket ?? new s3.Bucket(this, 'ErrorBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy,
    });
    this.transform = this.createTransform(props);
    const logGroup = new logs.LogGroup(this, 'DeliveryLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy });
    const logStream = logGroup.addStream('IcebergDelivery');
    const lakeFormation = props.target?.accessMode === CatalogAccessMode.LAKE_FORMATION;
    const roleStatements = this.deliveryRoleStatements({ bucket, props, logGroup, lakeFormation });
    this.deliveryRole = new iam.Role(this, 'DeliveryRole', {
      description: `Firehose delivery role for ${this.tableName} in table bucket ${bucket.name}`,
      assumedBy: new iam.ServicePrincipal(FIREHOSE_SERVICE_PRINCIPAL, { conditions: { StringEquals: { 'sts:ExternalId': stack.account } } }),
    });
    roleStatements.forEach(statement => this.deliveryRole.addToPolicy(statement));
    const grants = lakeFormation ? this.grantLakeFormation(bucket.name, props.namespaceName) : undefined;

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: this.kinesisStream.streamArn, roleArn: this.deliveryRole.roleArn },
      icebergDestinationConfiguration: {
        roleArn: this.deliveryRole.roleArn,
        catalogConfiguration: { catalogArn: s3TablesCatalogArn(stack, bucket.name) },
        destinationTableConfigurationList: [{
          destinationDatabaseName: props.namespaceName,
          destinationTableName: this.tableName,
          uniqueKeys: this.uniqueKeys,
          s3ErrorOutputPrefix: `${props.namespaceName}/${this.tableName}/`,
        }],
        // Updates and deletes need ordered delivery, which AppendOnly gives up (Firehose API, IcebergDestinationConfiguration).
        appendOnly: false,
        bufferingHints: props.bufferingInterval === undefined ? undefined : {
          intervalInSeconds: props.bufferingInterval.toSeconds(),
          sizeInMBs: props.bufferingSize!.toMebibytes(),
        },
        processingConfiguration: {
          enabled: true,
          processors: [{ type: 'Lambda', parameters: [{ parameterName: 'LambdaArn', parameterValue: this.transform.functionArn }] }],
        },
        s3BackupMode: 'FailedDataOnly',
        s3Configuration: {
          bucketArn: this.errorBucket.bucketArn,
          roleArn: this.deliveryRole.roleArn,
          errorOutputPrefix: 'errors/',
        },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: logStream.logStreamName },
      },
    });
    // Firehose validates the table and its unique keys, and uses the role's policy, when the stream is created
    // (the role itself is referenced, the policy is not).
    const rolePolicy = this.deliveryRole.node.findChild('DefaultPolicy');
    this.deliveryStream.node.addDependency(this.icebergTable, rolePolicy, ...(grants ? [grants] : []));
    if (!props.kinesisStream && streamArnOnTable === undefined) {
      this.deliveryStream.node.addDependency(props.table);
    }
    acknowledgeStreamResources({
      deliveryRole: this.deliveryRole,
      statements: roleStatements,
      transform: this.transform,
      errorBucket: props.errorBucket ? undefined : this.errorBucket,
      deliveryStream: this.deliveryStream,
    });
  }

  /** Rows Firehose could not write to the table (they go to the error bucket): `DeliveryToIceberg.FailedRowCount`, Sum. */
  public metricDeliveryFailedRows(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricFirehose('DeliveryToIceberg.FailedRowCount', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Age of the oldest record not yet in the table: `DeliveryToIceberg.DataFreshness` (seconds), Maximum. */
  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricFirehose('DeliveryToIceberg.DataFreshness', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Failed invocations of the transform (Lambda `Errors`, Sum). Records it marks ProcessingFailed are not errors. */
  public metricTransformErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.transform.metricErrors(props);
  }

  /** How far Firehose lags behind the Kinesis stream: `GetRecords.IteratorAgeMilliseconds`, Maximum. */
  public metricIteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.kinesisStream.metricGetRecordsIteratorAgeMilliseconds({ statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Changes DynamoDB could not put into the Kinesis stream: `FailedToReplicateRecordCount` of
   * `AWS/DynamoDB`, summed over every dimension set with the table's name
   * ([assumption](README.md#kinesis-replication-metrics)).
   *
   * @param period the query's period; default 5 minutes
   */
  public metricKinesisReplicationFailures(period?: Duration): cloudwatch.MathExpression {
    return this.metricKinesisReplication('FailedToReplicateRecordCount', period);
  }

  /**
   * Puts into the Kinesis stream that were throttled (the stream lacked capacity):
   * `ThrottledPutRecordCount` of `AWS/DynamoDB`, as `metricKinesisReplicationFailures`.
   *
   * @param period the query's period; default 5 minutes
   */
  public metricKinesisReplicationThrottles(period?: Duration): cloudwatch.MathExpression {
    return this.metricKinesisReplication('ThrottledPutRecordCount', period);
  }

  /** An alarm when Firehose fails to write any row to the table in a period (FailedRowCount ≥ 1). */
  public addIngestionFailedAlarm(id: string, options: IngestionFailedAlarmOptions = {}): cloudwatch.Alarm {
    return this.alarm(id, this.metricDeliveryFailedRows({ period: options.period ?? Duration.minutes(5) }), 1, options,
      `Firehose could not write rows of ${this.tableName} to its Iceberg table; they are in the error bucket.`);
  }

  /**
   * An alarm when the table lags behind: data freshness above `threshold` (default 15 minutes, the
   * buffering limit the Firehose best-practices page alarms on). No data (nothing to deliver) is not breaching.
   */
  public addReplicationLagAlarm(id: string, options: ReplicationLagAlarmOptions = {}): cloudwatch.Alarm {
    const threshold = options.threshold ?? Duration.minutes(15);
    return this.alarm(id, this.metricDataFreshness({ period: options.period ?? Duration.minutes(5) }), threshold.toSeconds(),
      { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...options },
      `Firehose has not delivered changes of ${this.tableName} for more than ${threshold.toHumanString()}.`);
  }

  /** An alarm on failed invocations of the transform (Lambda Errors ≥ 1). */
  public addTransformErrorsAlarm(id: string, options: IngestionFailedAlarmOptions = {}): cloudwatch.Alarm {
    return this.alarm(id, this.metricTransformErrors({ period: options.period ?? Duration.minutes(5) }), 1, options,
      `The stream transform of ${this.tableName} failed; Firehose retries the batch.`);
  }

  /** An alarm when Firehose reads the Kinesis stream late: iterator age above `threshold` (default 15 minutes). */
  public addIteratorAgeAlarm(id: string, options: ReplicationLagAlarmOptions = {}): cloudwatch.Alarm {
    const threshold = options.threshold ?? Duration.minutes(15);
    return this.alarm(id, this.metricIteratorAge({ period: options.period ?? Duration.minutes(5) }), threshold.toMilliseconds(), options,
      `Firehose reads the Kinesis stream of ${this.tableName} more than ${threshold.toHumanString()} late.`);
  }

  /** An alarm when DynamoDB fails to put changes into the Kinesis stream (FailedToReplicateRecordCount ≥ 1). */
  public addKinesisReplicationAlarm(id: string, options: IngestionFailedAlarmOptions = {}): cloudwatch.Alarm {
    return this.alarm(id, this.metricKinesisReplicationFailures(options.period), 1,
      { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...options },
      `DynamoDB could not put changes of ${this.sourceTableName} into its Kinesis stream.`);
  }

  /** A Metrics Insights query of one of DynamoDB's Kinesis replication metrics (plain identifiers, so unquoted). */
  private metricKinesisReplication(metricName: string, period?: Duration): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: `SELECT SUM(${metricName}) FROM "AWS/DynamoDB" WHERE TableName = '${this.sourceTableName}'`,
      usingMetrics: {},
      period: period ?? Duration.minutes(5),
      label: metricName,
    });
  }

  private metricFirehose(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Firehose',
      metricName,
      dimensionsMap: { DeliveryStreamName: this.deliveryStream.ref },
      period: Duration.minutes(5),
      ...props,
    });
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number,
    options: ZeroEtlAlarmOptions & { treatMissingData?: cloudwatch.TreatMissingData }, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.alarmDescription ?? description,
    });
    options.actions?.forEach(action => alarm.addAlarmAction(action));
    return alarm;
  }

  private resolveTableBucket(props: DynamoDbStreamToS3TablesProps, removalPolicy: RemovalPolicy):
  { name: string; arn: string; key?: { keyArn: string } } {
    if (props.target) {
      return { name: props.target.tableBucketName, arn: props.target.tableBucketArn, key: props.target.encryptionKey };
    }
    if (props.tableBucketName !== undefined) {
      const bucket = new s3tables.CfnTableBucket(this, 'TableBucket', { tableBucketName: props.tableBucketName });
      bucket.applyRemovalPolicy(removalPolicy);
      Object.assign(this, { tableBucket: bucket });
      return { name: props.tableBucketName, arn: bucket.attrTableBucketArn };
    }
    const arn = props.existingTableBucketArn!;
    return { name: Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!, arn };
  }

  private createIcebergTable(tableBucketArn: string, props: DynamoDbStreamToS3TablesProps, types: Map<string, IcebergType>,
    removalPolicy: RemovalPolicy): s3tables.CfnTable {
    const table = new s3tables.CfnTable(this, 'Table', {
      tableBucketArn,
      namespace: props.namespaceName,
      tableName: this.tableName,
      openTableFormat: 'ICEBERG',
    });
    const fields = schemaV2Fields(props.columns.map(column => ({
      name: column.name, type: types.get(column.name)!, required: this.uniqueKeys.includes(column.name),
    })));
    // IcebergSchemaV2 (nested types, identifier fields) is newer than the oldest aws-cdk-lib this library supports,
    // whose CfnTable has no such prop: written as a raw property so that every supported version renders it.
    table.addPropertyOverride('IcebergMetadata.IcebergSchemaV2', {
      SchemaV2FieldType: 'struct',
      SchemaV2FieldList: fields,
      IdentifierFieldIds: this.uniqueKeys.map(key => fields.find(field => field.Name === key)!.Id),
    });
    table.applyRemovalPolicy(removalPolicy);
    table.node.addDependency(this.namespace);
    return table;
  }

  private createStream(table: dynamodb.ITable): kinesis.IStream {
    const stream = new kinesis.Stream(this, 'Stream', { streamMode: kinesis.StreamMode.ON_DEMAND, encryption: kinesis.StreamEncryption.MANAGED });
    (table.node.defaultChild as dynamodb.CfnTable).kinesisStreamSpecification = { streamArn: stream.streamArn };
    return stream;
  }

  private createTransform(props: DynamoDbStreamToS3TablesProps): lambda.Function {
    const settings: TransformSettings = {
      columns: props.columns.map(column => ({ name: column.name, type: column.type })),
      keyColumns: this.uniqueKeys,
      databaseName: props.namespaceName,
      tableName: this.tableName,
      otherAttributesColumn: props.otherAttributesColumn,
    };
    return new lambda.Function(this, 'Transform', {
      description: `Converts DynamoDB stream records of ${this.tableName} into Iceberg rows for Firehose`,
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'assets', 'stream-transform', 'transform.lambda')),
      // bench/stream-transform.ts converts 10,000 records in about 0.3 s; a minute leaves room for a cold start
      // and for the largest batches Firehose sends.
      timeout: Duration.minutes(1),
      memorySize: 512,
      environment: { TRANSFORM_SETTINGS: JSON.stringify(settings) },
      logGroup: new logs.LogGroup(this, 'TransformLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY }),
    });
  }

  /** What the delivery role may do: the destination, the source stream, the transform, the error bucket, the log stream, the keys. */
  private deliveryRoleStatements(options: {
    bucket: { name: string; arn: string; key?: { keyArn: string } };
    props: DynamoDbStreamToS3TablesProps;
    logGroup: logs.LogGroup;
    lakeFormation: boolean;
  }): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    const statements = [
      ...destinationStatements({
        stack,
        tableBucketName: options.bucket.name,
        tableBucketArn: options.bucket.arn,
        namespaceName: options.props.namespaceName,
        tableName: this.tableName,
        tableArn: this.icebergTable.attrTableArn,
        lakeFormation: options.lakeFormation,
      }),
      new iam.PolicyStatement({ sid: 'SourceStream', actions: KINESIS_SOURCE_ACTIONS, resources: [this.kinesisStream.streamArn] }),
      new iam.PolicyStatement({ sid: 'Transform', actions: TRANSFORM_INVOKE_ACTIONS, resources: [this.transform.functionArn, `${this.transform.functionArn}:*`] }),
      new iam.PolicyStatement({ sid: 'ErrorBucket', actions: ERROR_BUCKET_ACTIONS, resources: [this.errorBucket.bucketArn, this.errorBucket.arnForObjects('*')] }),
      new iam.PolicyStatement({ sid: 'DeliveryLogs', actions: ['logs:PutLogEvents'], resources: [`${options.logGroup.logGroupArn}`] }),
    ];
    for (const key of [options.bucket.key, this.kinesisStream.encryptionKey, this.errorBucket.encryptionKey]) {
      if (key) statements.push(new iam.PolicyStatement({ actions: TARGET_KEY_ACTIONS, resources: [key.keyArn] }));
    }
    return statements;
  }

  /** Lake Formation mode: the delivery role's grants on the table ([assumption](README.md#firehose-lake-formation-permissions)). */
  private grantLakeFormation(tableBucketName: string, namespaceName: string): Construct {
    const stack = Stack.of(this);
    const grants = lakeFormationGrants(this, 'DeliveryRoleLakeFormationPermissions', {
      principalArn: this.deliveryRole.roleArn,
      permissions: [{
        resource: { Table: { CatalogId: lakeFormationCatalogId(stack, tableBucketName), DatabaseName: namespaceName, Name: this.tableName } },
        permissions: LAKE_FORMATION_TABLE_PERMISSIONS,
      }],
      catalogResourceArns: destinationCatalogArns(stack, tableBucketName, namespaceName, this.tableName),
    });
    grants.node.addDependency(this.icebergTable);
    return grants;
  }
}

function defaultTableName(table: dynamodb.ITable): string | undefined {
  const name = (table.node.defaultChild as dynamodb.CfnTable | dynamodb.CfnGlobalTable | undefined)?.tableName ?? table.tableName;
  return name === undefined || Token.isUnresolved(name) ? undefined : name.toLowerCase().replace(/[-.]/g, '_');
}

function bucketSourceProblems(props: DynamoDbStreamToS3TablesProps): string[] {
  const given = [props.tableBucketName, props.target, props.existingTableBucketArn].filter(value => value !== undefined).length;
  return given === 1 ? [] : ['give exactly one of tableBucketName (a bucket to create), target (an S3TablesTarget) and existingTableBucketArn.'];
}

function regionProblems(stack: Stack): string[] {
  const region = stack.region;
  if (Token.isUnresolved(region)) return [];
  if (UNSUPPORTED_REGIONS.includes(region) || UNSUPPORTED_PARTITION_REGION.test(region)) {
    return [`the stack is in region '${region}', where Firehose has no Apache Iceberg destination ` +
      '(https://docs.aws.amazon.com/firehose/latest/dev/apache-iceberg-considerations.html): deploy it to another region.'];
  }
  return [];
}

function nameProblems(prop: string, name: string): string[] {
  if (Token.isUnresolved(name) || S3_TABLES_NAME.test(name)) return [];
  return [`${prop} '${name}' must be 1 to 255 lowercase letters, digits and underscores, beginning and ending with a letter or digit ` +
    '(https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html).'];
}

function columnProblems(columns: IcebergColumn[], types: Map<string, IcebergType>): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  if (columns.length === 0) problems.push('columns is empty: list at least the key attributes.');
  for (const column of columns) {
    if (!COLUMN_NAME.test(column.name)) {
      problems.push(`column '${column.name}' must be 1 to 255 lowercase letters, digits and underscores (Firehose needs lowercase column names for S3 Tables).`);
    }
    if (names.has(column.name)) problems.push(`column '${column.name}' is listed twice.`);
    names.add(column.name);
    try {
      types.set(column.name, parseIcebergType(column.type));
    } catch (error) {
      problems.push(`column '${column.name}' has type ${(error as Error).message}.`);
    }
  }
  return problems;
}

function uniqueKeyProblems(props: DynamoDbStreamToS3TablesProps, uniqueKeys: string[] | undefined,
  keySchema: Array<{ name: string; type?: string }> | undefined, types: Map<string, IcebergType>): string[] {
  if (uniqueKeys === undefined) {
    return ['uniqueKeys is needed: the key schema of an imported table is not known. Pass its partition key (and sort key) attribute names.'];
  }
  const problems: string[] = [];
  if (keySchema !== undefined && JSON.stringify(keySchema.map(key => key.name)) !== JSON.stringify(uniqueKeys)) {
    problems.push(`uniqueKeys [${uniqueKeys.join(', ')}] must equal the table's key [${keySchema.map(key => key.name).join(', ')}] (partition key, then sort key): ` +
      'Firehose replaces and deletes the rows that match them.');
  }
  for (const key of uniqueKeys) {
    const type = types.get(key);
    if (!props.columns.some(column => column.name === key)) {
      problems.push(`unique key '${key}' is not one of the columns: add it.`);
      continue;
    }
    const attributeType = keySchema?.find(candidate => candidate.name === key)?.type;
    const allowed = attributeType === undefined ? undefined : KEY_COLUMN_TYPES[attributeType];
    const kind = type === undefined ? undefined : type.kind === 'primitive' ? type.name : type.kind;
    if (allowed !== undefined && kind !== undefined && !allowed.includes(kind)) {
      problems.push(`unique key '${key}' is a DynamoDB ${attributeType} attribute, which a '${kind}' column cannot hold exactly: use ${allowed.join(' or ')}.`);
    }
  }
  return problems;
}

function bufferingProblems(props: DynamoDbStreamToS3TablesProps): string[] {
  const problems: string[] = [];
  const { bufferingInterval: interval, bufferingSize: size } = props;
  if ((interval === undefined) !== (size === undefined)) {
    problems.push('give bufferingInterval and bufferingSize together, or neither (Firehose BufferingHints).');
  }
  const seconds = interval === undefined || interval.isUnresolved() ? undefined : interval.toSeconds({ integral: false });
  if (seconds !== undefined && (seconds > MAX_BUFFERING_SECONDS || !Number.isInteger(seconds))) {
    problems.push(`bufferingInterval is ${seconds} seconds: it must be a whole number of seconds from 0 to ${MAX_BUFFERING_SECONDS}.`);
  }
  if (size !== undefined && !size.isUnresolved()) {
    const mebibytes = size.toMebibytes({ rounding: 2 as never });
    if (!(mebibytes >= 1 && mebibytes <= MAX_BUFFERING_MIB && Number.isInteger(mebibytes))) {
      problems.push(`bufferingSize is ${mebibytes} MiB: it must be a whole number of MiB from 1 to ${MAX_BUFFERING_MIB}.`);
    }
  }
  return problems;
}

function otherAttributesProblems(column: string | undefined, types: Map<string, IcebergType>, uniqueKeys: string[]): string[] {
  if (column === undefined) return [];
  const type = types.get(column);
  if (type === undefined || type.kind !== 'primitive' || type.name !== 'string' || uniqueKeys.includes(column)) {
    return [`otherAttributesColumn '${column}' must be a 'string' column that is not a unique key: add { name: '${column}', type: 'string' } to columns.`];
  }
  return [];
}

function streamProblems(props: DynamoDbStreamToS3TablesProps, streamArnOnTable: string | undefined): string[] {
  const resource = props.table.node.defaultChild;
  if (props.kinesisStream !== undefined) {
    if (resource instanceof dynamodb.CfnTable || resource instanceof dynamodb.CfnGlobalTable) {
      if (streamArnOnTable === undefined) {
        return ['kinesisStream is given, but the table does not stream to it: set kinesisStream on the table too (Table and TableV2 take it as a prop).'];
      }
      const stack = Stack.of(resource);
      if (JSON.stringify(stack.resolve(streamArnOnTable)) !== JSON.stringify(stack.resolve(props.kinesisStream.streamArn))) {
        return ['kinesisStream is not the stream the table streams to: pass the table\'s stream, or leave kinesisStream out to use it.'];
      }
    }
    return [];
  }
  if (streamArnOnTable !== undefined || resource instanceof dynamodb.CfnTable) return [];
  if (resource instanceof dynamodb.CfnGlobalTable) {
    return ['the TableV2 has no Kinesis stream, and a TableV2 takes one only through its kinesisStream prop: create a kinesis.Stream, ' +
      'pass it to the TableV2 as kinesisStream and to this construct as kinesisStream.'];
  }
  return ['kinesisStream is needed for an imported table: pass the Kinesis data stream the table streams to.'];
}
