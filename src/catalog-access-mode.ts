/**
 * Who controls access to the tables in a table bucket's catalog `s3tablescatalog/<bucket>`: IAM
 * policies alone, or AWS Lake Formation. The mode is the account's: an administrator opts the
 * `s3tablescatalog` catalog into Lake Formation (registers the table buckets with Lake Formation
 * and removes the `IAM_ALLOWED_PRINCIPALS` default permissions); a target only declares it, so that
 * it grants the right way.
 *
 * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-iam-to-lf.html
 */
export class CatalogAccessMode {
  /**
   * IAM policies and Glue Data Catalog resource policies control access, as when the catalog was
   * created with `IAM_ALLOWED_PRINCIPALS` default permissions (the S3 Tables integration's default).
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/enable-s3-tables-catalog-integration.html
   */
  public static readonly IAM = new CatalogAccessMode('IAM');

  /**
   * Lake Formation controls access: principals need Lake Formation permissions as well as IAM ones.
   *
   * @see https://docs.aws.amazon.com/lake-formation/latest/dg/change-access-iam-to-lf.html
   */
  public static readonly LAKE_FORMATION = new CatalogAccessMode('LAKE_FORMATION');

  /**
   * @param name `IAM` or `LAKE_FORMATION`
   */
  private constructor(public readonly name: string) {}
}
