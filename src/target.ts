import { IResource, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct, IDependable } from 'constructs';
import { CatalogAccessMode } from './catalog-access-mode';

/**
 * A Glue zero-ETL integration, as a target sees it when the integration binds to it.
 * Implemented by `DynamoDbZeroEtlIntegration`.
 */
export interface IZeroEtlIntegration extends IResource {
  /**
   * ARN of the integration: `arn:<partition>:glue:<region>:<account>:integration:<id>`.
   *
   * @attribute
   */
  readonly integrationArn: string;

  /**
   * Name of the integration.
   *
   * @attribute
   */
  readonly integrationName: string;

  /** Name of the integration's source DynamoDB table. */
  readonly sourceTableName: string;
}

/**
 * What a zero-ETL integration needs from its target besides its ARN, as `IZeroEtlTarget.bind` returns it.
 */
export interface ZeroEtlTargetConfig {
  /**
   * What CloudFormation must create before the integration (and its table properties): the
   * target's integration resource property, or, without one, what the target itself creates.
   */
  readonly dependencies: IDependable[];

  /**
   * The Glue Data Catalog resources on which the catalog resource policy must authorize inbound
   * integrations into this target.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html
   */
  readonly catalogResourceArns: string[];

  /**
   * The Glue Data Catalog resources that cover every target of this kind in the account and region,
   * used by `CatalogPolicyScope.ACCOUNT_WIDE`.
   */
  readonly accountWideCatalogResourceArns: string[];

  /**
   * The event bus the integration's status events arrive on, where its event rules go.
   *
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
}

/**
 * A target of Glue zero-ETL integrations: where an integration writes, and what it must wait for
 * and be authorized on. Implemented by `S3TablesTarget` and `GlueDatabaseTarget`.
 *
 * An integration binds to its target the way aws-cdk event sources bind to their consumer: the
 * target hands each integration a plain configuration and keeps no reference to it.
 */
export interface IZeroEtlTarget extends IConstruct {
  /**
   * The integrations' `TargetArn`: `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`
   * for a table bucket, `arn:<partition>:glue:<region>:<account>:database/<name>` for a Glue database.
   *
   * @attribute
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html
   */
  readonly targetArn: string;

  /**
   * Called once by each integration into this target, after the integration is created.
   *
   * @param integration the integration that writes into this target
   */
  bind(integration: IZeroEtlIntegration): ZeroEtlTargetConfig;
}

/**
 * What every Glue zero-ETL target construct (`S3TablesTarget`, `GlueDatabaseTarget`) takes besides
 * where its storage is.
 */
export interface ZeroEtlTargetProps {
  /**
   * What happens to the storage this construct creates (a table bucket; a Glue database and its
   * bucket) when it is removed from the stack or the stack is deleted. It holds the replicated
   * data, so it is kept by default. Only for storage this construct creates.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The role Glue assumes to write into the target (the target processing role). It must trust
   * `glue.amazonaws.com`; the construct adds what it needs to its policy, and for an imported role
   * warns with the statements, since a role imported with `mutable: false` drops them.
   *
   * @default - a new role with exactly the permissions the target needs
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html
   */
  readonly targetRole?: iam.IRole;

  /**
   * A customer managed key for the target's storage (SSE-KMS): storage created here is encrypted
   * with it; for existing storage, give the key it uses. The target processing role may use it, and
   * it is the integration resource property's `KmsArn`.
   *
   * @default - S3-managed encryption (SSE-S3) for storage created here; an existing `bucket`'s own `encryptionKey`
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_TargetProcessingProperties.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Create the target's `AWS::Glue::IntegrationResourceProperty`, which associates the target
   * processing role with the target. Glue allows one per target, so set `false` when it already
   * exists outside this app (`aws glue get-integration-resource-property --resource-arn <targetArn>`
   * returns it); no role is then created or changed. Only with existing storage.
   *
   * @default true
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
   */
  readonly createIntegrationResourceProperty?: boolean;

  /**
   * Who controls access to the target's catalog resources: declare the account's mode (the
   * construct does not change it). In Lake Formation mode the target processing role is granted
   * Lake Formation permissions before any integration is created (`S3TablesTarget`: `CREATE_DATABASE`
   * and `DESCRIBE` on `<account>:s3tablescatalog/<bucket>`; `GlueDatabaseTarget`: on the database
   * and its tables), and `grantRead` grants through Lake Formation ([what an
   * administrator must do first, and what is assumed](README.md#lake-formation-mode)).
   *
   * @default CatalogAccessMode.IAM
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-iam-to-lf.html
   */
  readonly accessMode?: CatalogAccessMode;

  /**
   * On stack deletion, delete what the integrations wrote into the storage this construct created,
   * so that CloudFormation can delete it: in a table bucket its tables, then its namespaces; for a
   * Glue database, its Glue tables and every object version under its location. A custom resource
   * does it after every integration into the target is deleted and before the storage is; it does
   * nothing on create, on update, or when it alone leaves the stack (the data then stays). The
   * deletion is permanent ([details](README.md#deleting-safely)).
   *
   * @default false
   * @throws Error at construction unless `removalPolicy` is `RemovalPolicy.DESTROY` and this construct creates the storage
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-delete.html
   */
  readonly autoDeleteReplicatedData?: boolean;

  /**
   * An Amazon EventBridge event bus to receive the integrations' status notifications: the
   * integration resource property's `EventBusArn`. The event rules of `onEvent` and
   * `onFailureOrNeedsAttention` are then created on it, and the target processing role may put
   * events on it. With `createIntegrationResourceProperty: false`, give the bus the existing
   * property names, so that the rules watch it.
   *
   * @default - no `EventBusArn`: the events are assumed to arrive on the account's default event bus,
   * where the rules are created ([assumption](README.md#event-bus))
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_TargetProcessingProperties.html
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  readonly eventBus?: events.IEventBus;
}
