import { ArnFormat, Stack } from 'aws-cdk-lib';

/**
 * Partition-aware ARN builders. Every ARN uses the stack's partition, region and account
 * (tokens in an environment-agnostic stack), never a literal `aws`.
 */

/** Name of the federated catalog that the S3 Tables integration with AWS analytics services creates. */
export const S3_TABLES_CATALOG_NAME = 's3tablescatalog';

/**
 * `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`: the zero-ETL target
 * for a table bucket, used as the integration's TargetArn and the resource property's ResourceArn.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables
 */
export function s3TablesCatalogArn(stack: Stack, tableBucketName: string): string {
  return stack.formatArn({ service: 'glue', resource: 'catalog', resourceName: `${S3_TABLES_CATALOG_NAME}/${tableBucketName}` });
}

/**
 * `arn:<partition>:glue:<region>:<account>:catalog`: the Data Catalog itself, named by the Glue guide's
 * role policy and catalog resource policy for a Glue database target.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-rbac-policy
 */
export function glueCatalogArn(stack: Stack): string {
  return stack.formatArn({ service: 'glue', resource: 'catalog' });
}

/**
 * The Glue Data Catalog resources above a table bucket's tables: the root catalog,
 * `catalog/s3tablescatalog` and `catalog/s3tablescatalog/<bucket>`.
 */
export function s3TablesCatalogArns(stack: Stack, tableBucketName: string): string[] {
  return [
    glueCatalogArn(stack),
    stack.formatArn({ service: 'glue', resource: 'catalog', resourceName: S3_TABLES_CATALOG_NAME }),
    stack.formatArn({ service: 'glue', resource: 'catalog', resourceName: `${S3_TABLES_CATALOG_NAME}/${tableBucketName}` }),
  ];
}

/**
 * `arn:<partition>:glue:<region>:<account>:database/<name>`: a Glue database, the zero-ETL target
 * for a general purpose S3 bucket, used as the integration's TargetArn and the resource property's
 * ResourceArn.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-associate-role
 */
export function glueDatabaseArn(stack: Stack, databaseName: string): string {
  return stack.formatArn({ service: 'glue', resource: 'database', resourceName: databaseName });
}

/**
 * `arn:<partition>:glue:<region>:<account>:table/<database>/*`: every table of a Glue database, where
 * the Glue guide grants a Glue database target's role the table actions.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-iam-role
 */
export function glueTablesInDatabaseArn(stack: Stack, databaseName: string): string {
  return stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${databaseName}/*` });
}

/**
 * The catalog, a Glue database and its tables: the resources of the Glue guide's target role policy
 * for a Glue database target.
 */
export function glueDatabaseCatalogArns(stack: Stack, databaseName: string): string[] {
  return [glueCatalogArn(stack), glueDatabaseArn(stack, databaseName), glueTablesInDatabaseArn(stack, databaseName)];
}

/** `arn:<partition>:dynamodb:<region>:<account>:table/<name>`, built from the name so it never references the table resource. */
export function dynamoDbTableArn(stack: Stack, tableName: string): string {
  return stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
}

/** `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`, built from the name so it never references the bucket resource. */
export function tableBucketArn(stack: Stack, tableBucketName: string): string {
  return stack.formatArn({ service: 's3tables', resource: 'bucket', resourceName: tableBucketName });
}

/**
 * The Glue database and tables of one namespace of a table bucket under `s3tablescatalog`:
 * `arn:<partition>:glue:<region>:<account>:database/s3tablescatalog/<bucket>/<namespace>` and
 * `.../table/s3tablescatalog/<bucket>/<namespace>/*`. `namespace` may be `*` for every namespace.
 */
export function s3TablesNamespaceArns(stack: Stack, tableBucketName: string, namespace: string): string[] {
  const database = `${S3_TABLES_CATALOG_NAME}/${tableBucketName}/${namespace}`;
  return [
    stack.formatArn({ service: 'glue', resource: 'database', resourceName: database }),
    stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${database}/*` }),
  ];
}

/** `arn:aws:s3:::<bucket>/<prefix>/*` (or `<bucket>/*` for an empty prefix): the objects of a database location. */
export function objectsInLocationArn(bucketArn: string, prefix: string): string {
  return prefix === '' ? `${bucketArn}/*` : `${bucketArn}/${prefix}/*`;
}

/** `arn:<partition>:s3tables:<region>:<account>:bucket/<name>/table/*`: every table in a table bucket. */
export function tablesInBucketArn(bucketArn: string): string {
  return `${bucketArn}/table/*`;
}

/**
 * The log groups Glue writes zero-ETL integration logs to (`/aws-glue/zeroETL-integrations/logs/`),
 * and their log streams.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
 */
export function zeroEtlLogArns(stack: Stack): string[] {
  const logGroup = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: '/aws-glue/zeroETL-integrations/*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return [logGroup, `${logGroup}:log-stream:*`];
}
