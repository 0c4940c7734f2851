import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DynamoDbZeroEtlReplication, DynamoDbZeroEtlReplicationProps } from './dynamodb-zero-etl-replication';
import { throwIfProblems } from './private/errors';
import { keepV01Identity, V01_DEFAULT_INTEGRATION_NAME, v01MigrationProblems } from './private/v01-identity';
import { S3TablesTarget, S3TablesTargetProps } from './s3-tables-target';

/**
 * Properties for `DynamoDbZeroEtlToS3Tables`: the first source table and its integration's
 * settings, and the target's properties as `S3TablesTarget` takes them.
 */
export interface DynamoDbZeroEtlToS3TablesProps extends DynamoDbZeroEtlReplicationProps, S3TablesTargetProps {
  /**
   * Take over a stack deployed with the earlier `dynamodb-zero-etl-s3tables` 0.1.x without a failed
   * deploy: the table bucket, target role, integration resource property and integration keep
   * their logical ids and every create-only property, so the switch is an in-place update
   * ([what changes](README.md#switching-from-dynamodb-zero-etl-s3tables-01x)). Use the same
   * construct id and scope, `table`, `tableBucketName` and `integrationName` as the 0.1.x construct
   * had; `integrationName` defaults to 0.1.x's `ddb-to-s3tables`. Props that would replace the
   * integration (`integrationEncryptionKey`, `additionalEncryptionContext`, `refreshInterval`,
   * `targetTableProperties`) and `existingTableBucketArn` are rejected.
   *
   * @default false
   */
  readonly migrateFromV01?: boolean;
}

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
    if (props.migrateFromV01) {
      throwIfProblems('DynamoDbZeroEtlToS3Tables', this, v01MigrationProblems({ ...props }));
    }
    this.target = new S3TablesTarget(this, 'Target', props);
    this.replicateInto(this.target, props.migrateFromV01
      ? { ...props, integrationName: props.integrationName ?? V01_DEFAULT_INTEGRATION_NAME }
      : props);
    if (props.migrateFromV01) {
      keepV01Identity(this, this.target, this.integrations[0], props.table);
    }
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
