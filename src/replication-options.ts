import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CatalogPolicyScope } from './catalog-policy/scope';
import { TargetTableProperties } from './target-table-properties';

/**
 * Options for one table's integration, in `addTable` of `DynamoDbZeroEtlToS3Tables` and
 * `DynamoDbZeroEtlToGlueDatabase`.
 */
export interface AddTableOptions {
  /**
   * Name of the table's Glue zero-ETL integration, 1 to 128 characters, unique in the account and
   * region. Changing it replaces the integration.
   *
   * @default - derived from the stack name and the integration's construct path, with a hash suffix
   * that keeps two instances in one account apart (`Names.uniqueResourceName`, at most 128 characters)
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly integrationName?: string;

  /**
   * How often the integration pulls changes from the table: whole minutes from 15 minutes to
   * 6 days (8640 minutes). CloudFormation replaces the integration when it changes.
   *
   * @default - Glue's default for DynamoDB sources, 15 minutes
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-configuring-integration.html
   */
  readonly refreshInterval?: Duration;

  /**
   * Settings of the table's target Iceberg table: unnesting, partitioning and name.
   *
   * @default - Glue's defaults
   */
  readonly targetTableProperties?: TargetTableProperties;
}

/**
 * What the one-line constructs (`DynamoDbZeroEtlToS3Tables`, `DynamoDbZeroEtlToGlueDatabase`) take
 * whatever their target: the first source table, its integration's options, and the settings every
 * integration of the construct shares.
 */
export interface DynamoDbZeroEtlReplicationProps extends AddTableOptions {
  /**
   * The source DynamoDB table.
   *
   * It must have an explicit `tableName`, point-in-time recovery enabled, and must not be encrypted
   * with the AWS managed key (`aws/dynamodb`); it must be in the same account and region as this
   * construct's stack. A `Table` or `TableV2` defined in the app is checked and gets the resource
   * policy statement Glue needs. An imported table (`Table.fromTableName`, `fromTableArn`, ...) is
   * accepted with a warning: its settings cannot be checked and its resource policy must be set
   * where the table is defined.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
   */
  readonly table: dynamodb.ITable;

  /**
   * A customer managed key for the integrations (`KmsKeyId`). CloudFormation's create handler
   * calls `kms:CreateGrant` and `kms:DescribeKey` on it as the principal that deploys, so its key
   * policy must allow that principal those actions; the construct does not change the key policy.
   * The Glue pages on DynamoDB sources and zero-ETL targets say nothing of what Glue itself needs
   * on this key, so no statement for Glue is added (an assumption: Glue works through the grants
   * CloudFormation creates). If the integration needs attention with a KMS error, look at the key
   * policy first. Changing it replaces the integration.
   *
   * @default - an AWS owned key
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly integrationEncryptionKey?: kms.IKey;

  /**
   * Extra non-secret encryption context for the integration's key. Only with `integrationEncryptionKey`.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly additionalEncryptionContext?: { [key: string]: string };

  /**
   * Which statements authorize the integrations in the account-wide Glue Data Catalog resource
   * policy: per table (least privilege) or one shared pair for the whole account and region.
   *
   * @default CatalogPolicyScope.PER_TABLE
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-rbac
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-rbac-policy
   */
  readonly catalogPolicyScope?: CatalogPolicyScope;
}
