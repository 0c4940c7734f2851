import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3tables from 'aws-cdk-lib/aws-s3tables';
import { Construct } from 'constructs';
import { CatalogAccessMode } from './catalog-access-mode';
import { DynamoDbZeroEtlIntegration } from './dynamodb-zero-etl-integration';
import { DynamoDbZeroEtlReplication } from './dynamodb-zero-etl-replication';
import { ZeroEtlMetricOptions } from './monitoring';
import { checkReplicationProps } from './private/integration-group';
import { s3TablesTargetProblems } from './private/validate';
import { DynamoDbZeroEtlReplicationProps } from './replication-options';
import { S3TablesTarget, S3TablesTargetProps } from './s3-tables-target';

/**
 * Properties for `DynamoDbZeroEtlToS3Tables`.
 */
export interface DynamoDbZeroEtlToS3TablesProps extends DynamoDbZeroEtlReplicationProps {
  /**
   * Name of the S3 table bucket to create as the target. Give this or `existingTableBucketArn`.
   *
   * 3 to 63 characters: lowercase letters, digits and hyphens, beginning and ending with a letter
   * or digit; not starting with `xn--`, `sthree-`, `amzn-s3-demo-` or `aws`, and not ending with
   * `-s3alias`, `--ol-s3`, `--x-s3` or `--table-s3`. Unique within the account and region.
   *
   * @default - none: give `existingTableBucketArn` instead
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html
   */
  readonly tableBucketName?: string;

  /**
   * ARN of an existing table bucket to replicate into, `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`,
   * in the stack's account and region. No bucket is created. Give this or `tableBucketName`.
   *
   * @default - none: give `tableBucketName` instead
   */
  readonly existingTableBucketArn?: string;

  /**
   * What happens to the table bucket when it is removed from the stack or the stack is deleted.
   * The bucket holds the replicated data, so it is kept by default. Only for a bucket this
   * construct creates.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The role Glue assumes to write into the table bucket (the target processing role). It must
   * trust `glue.amazonaws.com`. The construct adds the permissions it needs to the role's policy;
   * for an imported role it also warns with what to grant, since a role imported with
   * `mutable: false` drops them.
   *
   * @default - a new role with exactly the permissions the target needs
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-iam-role
   */
  readonly targetRole?: iam.IRole;

  /**
   * A customer managed key for the table bucket (SSE-KMS). The target role may use it to read and
   * write tables; when the key is defined in this stack, its key policy also gets the statement
   * S3 Tables maintenance needs, otherwise the construct warns with what to add. It is also the
   * integration resource property's `KmsArn`. With `existingTableBucketArn`, give the key that
   * bucket uses.
   *
   * @default - S3-managed encryption (SSE-S3, AES256)
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html
   */
  readonly tableBucketEncryptionKey?: kms.IKey;

  /**
   * Create the `s3tablescatalog` federated catalog (the S3 Tables integration with AWS analytics
   * services) if the account has none in this region. An existing catalog is left as it is, and
   * the construct never deletes the catalog. Safe when several stacks opt in.
   *
   * @default false
   * @see https://docs.aws.amazon.com/glue/latest/dg/enable-s3-tables-catalog-integration.html
   */
  readonly createS3TablesCatalog?: boolean;

  /**
   * Whether the bucket's catalog is governed by IAM or by AWS Lake Formation. In Lake Formation
   * mode the target processing role gets Lake Formation grants on `<account>:s3tablescatalog/<bucket>`
   * (see `S3TablesTargetProps.accessMode` for what is granted, what is assumed and what an
   * administrator must set up first).
   *
   * @default CatalogAccessMode.IAM
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
   */
  readonly accessMode?: CatalogAccessMode;

  /**
   * The role Lake Formation uses to vend credentials for table buckets, which gets use of
   * `tableBucketEncryptionKey` in Lake Formation mode. Required with `accessMode`
   * `CatalogAccessMode.LAKE_FORMATION` and a `tableBucketEncryptionKey`.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html#tables-kms-lf-permissions
   */
  readonly lakeFormationRole?: iam.IRole;
}

/**
 * Replicates Amazon DynamoDB tables into Apache Iceberg tables in one Amazon S3 table bucket
 * through AWS Glue zero-ETL integrations, in one line.
 *
 * A composition of an `S3TablesTarget` (construct id `Target`: the table bucket, the target
 * processing role and the `IntegrationResourceProperty`) and one `DynamoDbZeroEtlIntegration` per
 * table (construct id `Integration-<tableName>`: the table's resource policy statement, its Glue
 * Data Catalog resource policy statements and the `AWS::Glue::Integration`), with the dependencies
 * that let a single deploy create them in order. Use those two constructs directly to share one
 * target between stacks.
 *
 * Prerequisite: the account must have the S3 Tables integration with AWS analytics services
 * enabled in the region (the `s3tablescatalog` federated catalog), or set `createS3TablesCatalog`.
 *
 * @throws Error at construction, listing every problem found in the props and the source table
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-using.html
 *
 * @example
 * declare const stack: Stack;
 * const table = new dynamodb.TableV2(stack, 'Orders', {
 *   tableName: 'orders',
 *   partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
 *   pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
 * });
 * new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', {
 *   table,
 *   tableBucketName: 'orders-analytics',
 * });
 */
export class DynamoDbZeroEtlToS3Tables extends DynamoDbZeroEtlReplication {
  /** The target: table bucket, target processing role and integration resource property. */
  public readonly target: S3TablesTarget;
  /** The table bucket this construct created; undefined with `existingTableBucketArn`. */
  public readonly tableBucket?: s3tables.CfnTableBucket;
  /** ARN of the table bucket: `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`. */
  public readonly tableBucketArn: string;
  /** Name of the table bucket. */
  public readonly tableBucketName: string;
  /** The role Glue assumes to write into the table bucket (the target processing role). */
  public readonly targetRole: iam.IRole;
  /** Associates the target processing role with the target catalog. */
  public readonly integrationResourceProperty: glue.CfnIntegrationResourceProperty;
  /** The integration of `props.table`. */
  public readonly integration: DynamoDbZeroEtlIntegration;
  /** ARN of that integration: `arn:<partition>:glue:<region>:<account>:integration:<id>`. */
  public readonly integrationArn: string;
  /** Name of that integration. */
  public readonly integrationName: string;
  /**
   * The integrations' target: `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`.
   */
  public readonly targetCatalogArn: string;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToS3TablesProps) {
    super(scope, id);
    const targetProps: S3TablesTargetProps = {
      tableBucketName: props.tableBucketName,
      existingTableBucketArn: props.existingTableBucketArn,
      removalPolicy: props.removalPolicy,
      targetRole: props.targetRole,
      encryptionKey: props.tableBucketEncryptionKey,
      createS3TablesCatalog: props.createS3TablesCatalog,
      accessMode: props.accessMode,
      lakeFormationRole: props.lakeFormationRole,
    };
    checkReplicationProps(this, 'DynamoDbZeroEtlToS3Tables', props, s3TablesTargetProblems(Stack.of(this), targetProps));

    this.target = new S3TablesTarget(this, 'Target', targetProps);
    this.tableBucket = this.target.tableBucket;
    this.tableBucketArn = this.target.tableBucketArn;
    this.tableBucketName = this.target.tableBucketName;
    this.targetRole = this.target.targetRole!;
    this.integrationResourceProperty = this.target.integrationResourceProperty!;
    this.targetCatalogArn = this.target.targetArn;

    this.integration = this.replicateInto(this.target, props);
    this.integrationArn = this.integration.integrationArn;
    this.integrationName = this.integration.integrationName;
  }

  /**
   * A metric of this construct's first integration in the `AWS/Glue/ZeroETL` namespace, with the
   * `integrationArn` dimension. For an integration added with `addTable`, use its own `metric`.
   *
   * @param metricName e.g. `IngestionSucceeded`, `IngestionFailed`, `InsertCount`, `UpdateCount`,
   * `DeleteCount`, `LastSyncTimestamp`
   * @param props metric options; the statistic defaults to Sum
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.integration.metric(metricName, props);
  }

  /**
   * A Metrics Insights query of the first integration's metric over every dimension set; see
   * `DynamoDbZeroEtlIntegration.metricQuery`.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
   */
  public metricQuery(metricName: string, options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.integration.metricQuery(metricName, options);
  }

  /** Successful ingestions of the first integration, summed over 5 minutes by default. */
  public metricIngestionSucceeded(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.integration.metricIngestionSucceeded(options);
  }

  /** Failed ingestions of the first integration, summed over 5 minutes by default. */
  public metricIngestionFailed(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.integration.metricIngestionFailed(options);
  }

  /** Items the first integration inserted into the target, summed over 5 minutes by default. */
  public metricInsertCount(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.integration.metricInsertCount(options);
  }

  /** Items the first integration updated in the target, summed over 5 minutes by default. */
  public metricUpdateCount(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.integration.metricUpdateCount(options);
  }

  /** Items the first integration deleted from the target, summed over 5 minutes by default. */
  public metricDeleteCount(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.integration.metricDeleteCount(options);
  }

  /** The first integration's `LastSyncTimestamp` (unit undocumented), its maximum over 5 minutes by default. */
  public metricLastSyncTimestamp(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.integration.metricLastSyncTimestamp(options);
  }

  /** The first integration's replication lag in seconds; see `DynamoDbZeroEtlIntegration.metricReplicationLag`. */
  public metricReplicationLag(options?: ZeroEtlMetricOptions): cloudwatch.IMetric {
    return this.integration.metricReplicationLag(options);
  }
}
