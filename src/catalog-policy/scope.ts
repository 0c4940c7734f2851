/**
 * Which statements an integration adds to the account-wide Glue Data Catalog resource policy.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-rbac
 */
export enum CatalogPolicyScope {
  /**
   * Authorize each source table into its own target only: the stack's statements name every
   * target and list every source table ARN. Least privilege; costs 420 to 580 bytes per target and
   * 60 to 110 bytes per table (with names of 10 to 63 characters) of the 10,240-byte policy, which
   * every stack of the account and region shares: about 12 to 15 stacks of one table each fit.
   */
  PER_TABLE = 'PER_TABLE',

  /**
   * One shared pair of statements for every integration of the account and region: any DynamoDB
   * table of the account may be authorized into any target of the same kind (for S3 Tables, any
   * bucket under `s3tablescatalog`; for Glue databases, the Data Catalog and any database). About
   * 640 bytes once per kind of target, whatever the number of tables and stacks. Each stack that
   * opts in writes the same pair (idempotent), and no stack's delete removes it. Creating an integration still needs `glue:CreateIntegration` in the creator's own
   * IAM policy, and Glue still needs the source table's resource policy and the target's resource
   * property; what is lost is the catalog policy's own check that a given table goes to a given target.
   */
  ACCOUNT_WIDE = 'ACCOUNT_WIDE',
}
