import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CatalogPolicyScope } from './catalog-policy/scope';
import { TargetTableProperties } from './target-table-properties';

/**
 * The settings of one Glue zero-ETL integration from a DynamoDB table: what
 * `DynamoDbZeroEtlIntegrationProps`, the one-liners' props and their `addTable` take.
 */
export interface ZeroEtlIntegrationOptions {
  /**
   * Name of the integration, 1 to 128 characters, unique in the account and region. Changing it
   * replaces the integration.
   *
   * @default - derived from the stack name and the construct path, with a hash suffix (`Names.uniqueResourceName`)
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly integrationName?: string;

  /**
   * Description of the integration, at most 1000 characters.
   *
   * @default - no description
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly description?: string;

  /**
   * How often the integration pulls changes from the table: whole minutes from 15 minutes to
   * 6 days (8640 minutes). Changing it replaces the integration.
   *
   * @default - Glue's default for DynamoDB sources, 15 minutes
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_IntegrationConfig.html
   */
  readonly refreshInterval?: Duration;

  /**
   * A customer managed key for the integration (`KmsKeyId`). Its key policy must allow the
   * principal that deploys `kms:CreateGrant` and `kms:DescribeKey`; the construct does not change
   * it, nor adds a statement for Glue ([assumption](README.md#integration-key)).
   * Changing it replaces the integration.
   *
   * @default - an AWS owned key
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly integrationEncryptionKey?: kms.IKey;

  /**
   * Extra non-secret encryption context for `integrationEncryptionKey`; only with that key.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly additionalEncryptionContext?: { [key: string]: string };

  /**
   * Settings of the target Iceberg table: unnesting, partitioning and name.
   *
   * @default - Glue's defaults
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegrationTableProperties.html
   */
  readonly targetTableProperties?: TargetTableProperties;

  /**
   * Which statements authorize the integration in the account-wide Glue Data Catalog resource policy.
   *
   * @default CatalogPolicyScope.PER_TABLE
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-rbac
   */
  readonly catalogPolicyScope?: CatalogPolicyScope;

  /**
   * Tags of the integration, at most 50.
   *
   * @default - none (tags applied with `Tags.of(...)` still reach the integration)
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly tags?: { [key: string]: string };
}
