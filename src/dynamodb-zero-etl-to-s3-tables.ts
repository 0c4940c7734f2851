import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DynamoDbZeroEtlReplication, DynamoDbZeroEtlReplicationProps } from './dynamodb-zero-etl-replication';
import { S3TablesTarget, S3TablesTargetProps } from './s3-tables-target';

/**
 * Properties for `DynamoDbZeroEtlToS3Tables`: the first source table and its integration's
 * settings, and the target's properties as `S3TablesTarget` takes them.
 */
export interface DynamoDbZeroEtlToS3TablesProps extends DynamoDbZeroEtlReplicationProps, S3TablesTargetProps {}

/**
 * Replicates Amazon DynamoDB tables into Apache Iceberg tables in one Amazon S3 table bucket
 * through AWS Glue zero-ETL integrations, in one line.
 *
 * A composition of an `S3TablesTarget` (construct id `Target`) and one `DynamoDbZeroEtlIntegration`
 * per table (construct id `Integration-<tableName>`). Use those two constructs directly to share
 * one target between stacks. The account needs the `s3tablescatalog` federated catalog in the
 * region, or `createS3TablesCatalog`.
 *
 * @throws Error at construction, listing every problem found in the target's props, or in the
 * source table and the integration's settings
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

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToS3TablesProps) {
    super(scope, id);
    this.target = new S3TablesTarget(this, 'Target', props);
    this.replicateInto(this.target, props);
  }

  /**
   * Lets `grantee` query the replicated tables: `S3TablesTarget.grantRead` of this construct's target.
   *
   * @param grantee who may read; in Lake Formation mode an IAM role or user
   * @param namespace Lake Formation mode only: the namespace whose tables to grant. Default: only the catalog is granted.
   */
  public grantRead(grantee: iam.IGrantable, namespace?: string): iam.Grant {
    return this.target.grantRead(grantee, namespace);
  }
}
