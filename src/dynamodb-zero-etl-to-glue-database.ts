import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DynamoDbZeroEtlReplication, DynamoDbZeroEtlReplicationProps } from './dynamodb-zero-etl-replication';
import { GlueDatabaseTarget, GlueDatabaseTargetProps } from './glue-database-target';

/**
 * Properties for `DynamoDbZeroEtlToGlueDatabase`: the first source table and its integration's
 * settings, and the target's properties as `GlueDatabaseTarget` takes them.
 */
export interface DynamoDbZeroEtlToGlueDatabaseProps extends DynamoDbZeroEtlReplicationProps, GlueDatabaseTargetProps {}

/**
 * Replicates Amazon DynamoDB tables into Apache Iceberg tables of one AWS Glue database on a
 * general purpose Amazon S3 bucket (Amazon SageMaker Lakehouse) through AWS Glue zero-ETL
 * integrations, in one line.
 *
 * A composition of a `GlueDatabaseTarget` (construct id `Target`) and one `DynamoDbZeroEtlIntegration`
 * per table (construct id `Integration-<tableName>`). Use those two constructs directly to share
 * one target between stacks.
 *
 * @throws Error at construction, listing every problem found in the target's props, or in the
 * source table and the integration's settings
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

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToGlueDatabaseProps) {
    super(scope, id);
    this.target = new GlueDatabaseTarget(this, 'Target', props);
    this.replicateInto(this.target, props);
  }

  /**
   * Lets `grantee` query the replicated tables: `GlueDatabaseTarget.grantRead` of this construct's target.
   *
   * @param grantee who may read; in Lake Formation mode an IAM role or user
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.target.grantRead(grantee);
  }
}
