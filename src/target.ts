import { Construct, IDependable } from 'constructs';

/**
 * What a zero-ETL integration needs from its target, as `IZeroEtlTarget.bind` returns it.
 */
export interface ZeroEtlTargetConfig {
  /**
   * The integration's `TargetArn`, and the `ResourceArn` of its integration table properties: for
   * an S3 table bucket `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`,
   * for a Glue database `arn:<partition>:glue:<region>:<account>:database/<name>`.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html
   */
  readonly targetArn: string;

  /**
   * What CloudFormation must create before the integration (and its table properties), directly or
   * through each other: for an `S3TablesTarget`, its integration resource property, which itself
   * waits for the role's policy, a new bucket and the catalog bootstrap; without a resource
   * property, the bucket and the bootstrap. For a `GlueDatabaseTarget`, its resource property
   * (which waits for the role's policy and a new database), or a new database without one.
   */
  readonly dependencies: IDependable[];

  /**
   * The Glue Data Catalog resources the catalog resource policy must authorize inbound
   * integrations on, for this target only: the target catalog for S3 Tables; the Data Catalog
   * (`catalog`) and `database/<name>` for a Glue database.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html
   */
  readonly catalogResourceArns: string[];

  /**
   * The Glue Data Catalog resources that cover every target of this kind in the account and region
   * (for S3 Tables, `catalog/s3tablescatalog/*`; for Glue databases, `catalog` and `database/*`),
   * used by `CatalogPolicyScope.ACCOUNT_WIDE`.
   */
  readonly accountWideCatalogResourceArns: string[];
}

/**
 * A target of Glue zero-ETL integrations: where an integration writes, and what the integration
 * must wait for and be authorized on. Implemented by `S3TablesTarget` and `GlueDatabaseTarget`.
 *
 * Integrations bind to their target the way aws-cdk event sources and rule targets bind to their
 * consumer: the target hands a plain configuration to each integration and knows nothing of them.
 */
export interface IZeroEtlTarget {
  /**
   * Called by an integration when it is created.
   *
   * @param integration the integration that writes into this target
   * @throws Error when the integration cannot write into this target (for example, another account)
   */
  bind(integration: Construct): ZeroEtlTargetConfig;
}
