/**
 * Who controls access to a target's tables: those of a table bucket's catalog
 * `s3tablescatalog/<bucket>`, or of a Glue database. The mode is the account's, set by an
 * administrator; a target only declares it, so that it grants the right way.
 *
 * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-iam-to-lf.html
 */
export enum CatalogAccessMode {
  /**
   * IAM policies and Glue Data Catalog resource policies (the `IAM_ALLOWED_PRINCIPALS` default of
   * the S3 Tables integration).
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/enable-s3-tables-catalog-integration.html
   */
  IAM = 'IAM',

  /**
   * AWS Lake Formation: principals need Lake Formation permissions as well as IAM ones.
   *
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-iam-to-lf.html
   */
  LAKE_FORMATION = 'LAKE_FORMATION',
}
