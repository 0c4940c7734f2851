import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { DynamoDbZeroEtlIntegration } from './dynamodb-zero-etl-integration';
import { DynamoDbZeroEtlReplication } from './dynamodb-zero-etl-replication';
import { GlueDatabaseTarget, GlueDatabaseTargetProps } from './glue-database-target';
import { checkReplicationProps } from './private/integration-group';
import { glueDatabaseTargetProblems } from './private/validate';
import { DynamoDbZeroEtlReplicationProps } from './replication-options';

/**
 * Properties for `DynamoDbZeroEtlToGlueDatabase`: the source table and its integration's options,
 * and the target's properties as `GlueDatabaseTarget` takes them (`encryptionKey` is the bucket's
 * key; the integration's is `integrationEncryptionKey`).
 */
export interface DynamoDbZeroEtlToGlueDatabaseProps extends DynamoDbZeroEtlReplicationProps, GlueDatabaseTargetProps {}

/**
 * Replicates Amazon DynamoDB tables into Apache Iceberg tables of one AWS Glue database on a
 * general purpose Amazon S3 bucket (Amazon SageMaker Lakehouse) through AWS Glue zero-ETL
 * integrations, in one line.
 *
 * A composition of a `GlueDatabaseTarget` (construct id `Target`: the bucket, the database, the
 * target processing role and the `IntegrationResourceProperty`) and one `DynamoDbZeroEtlIntegration`
 * per table (construct id `Integration-<tableName>`), as `DynamoDbZeroEtlToS3Tables` composes its
 * target. Use those two constructs directly to share one target between stacks.
 *
 * @throws Error at construction, listing every problem found in the props and the source table
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-regular-s3
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * new DynamoDbZeroEtlToGlueDatabase(stack, 'OrdersToLakehouse', {
 *   table: orders,
 *   databaseName: 'orders_analytics',
 * });
 */
export class DynamoDbZeroEtlToGlueDatabase extends DynamoDbZeroEtlReplication {
  /** The target: bucket, database, target processing role and integration resource property. */
  public readonly target: GlueDatabaseTarget;
  /** The integration of `props.table`. */
  public readonly integration: DynamoDbZeroEtlIntegration;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToGlueDatabaseProps) {
    super(scope, id);
    checkReplicationProps(this, 'DynamoDbZeroEtlToGlueDatabase', props, glueDatabaseTargetProblems(props));
    this.target = new GlueDatabaseTarget(this, 'Target', props);
    this.integration = this.replicateInto(this.target, props);
  }

  /**
   * A metric of this construct's first integration in the `AWS/Glue/ZeroETL` namespace, with the
   * `integrationArn` dimension. For the named metrics (`metricIngestionFailed`, ...), and for an
   * integration added with `addTable`, use the integration's own methods.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.integration.metric(metricName, props);
  }
}
