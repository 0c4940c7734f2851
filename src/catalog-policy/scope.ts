/**
 * Which statements an integration adds to the account-wide Glue Data Catalog resource policy, whose
 * 10,240 bytes every stack of the account and region shares (how many tables and stacks fit: the
 * README's [Capacity](README.md#capacity) table).
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-rbac
 */
export enum CatalogPolicyScope {
  /**
   * Each source table is authorized into its own target only: the stack's statements name every
   * target and every source table ARN. Least privilege; the policy's size grows with each table.
   */
  PER_TABLE = 'PER_TABLE',

  /**
   * One shared pair of statements for every integration of the account and region: any DynamoDB
   * table of the account may be authorized into any target of the same kind. Constant size; each
   * stack that opts in writes the same pair, and no stack's delete removes it. What is lost is the
   * catalog policy's own check that a given table goes to a given target
   * ([trade-off](README.md#scopes)).
   */
  ACCOUNT_WIDE = 'ACCOUNT_WIDE',
}
