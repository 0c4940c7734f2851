import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { S3_TABLES_CATALOG_NAME, s3TablesCatalogArns } from './arns';

/** Firehose's service principal, which assumes the delivery role (Firehose DG, controlling-access#firehose-assume-role). */
export const FIREHOSE_SERVICE_PRINCIPAL = 'firehose.amazonaws.com';

/** What the delivery role needs to read the source stream (Firehose DG, controlling-access, the Kinesis Data Streams source statement). */
export const KINESIS_SOURCE_ACTIONS = ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'];

/** What the delivery role needs to call the transform (Firehose DG, controlling-access, "Lambda" statement). */
export const TRANSFORM_INVOKE_ACTIONS = ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'];

/** What the delivery role needs on the error bucket (Firehose DG, controlling-access#using-iam-s3). */
export const ERROR_BUCKET_ACTIONS = [
  's3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject',
];

/**
 * The Glue Data Catalog reads and the table update Firehose makes on the destination (Firehose DG,
 * controlling-access#using-s3-tables), scoped to the one namespace and table instead of the page's `*`.
 */
export const CATALOG_ACTIONS = ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'];

/** S3 Tables data access in IAM mode: read the bucket and namespace, read and write the table and its metadata location. */
export const TABLE_BUCKET_READ_ACTIONS = ['s3tables:GetTableBucket', 's3tables:GetNamespace'];
export const TABLE_WRITE_ACTIONS = [
  's3tables:GetTable', 's3tables:GetTableMetadataLocation', 's3tables:UpdateTableMetadataLocation', 's3tables:GetTableData', 's3tables:PutTableData',
];

/** The Lake Formation permissions the delivery role gets on the table in Lake Formation mode ([assumption](README.md#firehose-lake-formation-permissions)). */
export const LAKE_FORMATION_TABLE_PERMISSIONS = ['SELECT', 'INSERT', 'DELETE', 'DESCRIBE', 'ALTER'];

/** The Glue catalog resources of one table in a table bucket: the catalogs above it, its namespace (database) and the table. */
export function destinationCatalogArns(stack: Stack, tableBucketName: string, namespaceName: string, tableName: string): string[] {
  const path = `${S3_TABLES_CATALOG_NAME}/${tableBucketName}/${namespaceName}`;
  return [
    ...s3TablesCatalogArns(stack, tableBucketName),
    stack.formatArn({ service: 'glue', resource: 'database', resourceName: path }),
    stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${path}/${tableName}` }),
  ];
}

/** The delivery role's Glue and S3 Tables statements for the destination table. */
export function destinationStatements(options: {
  stack: Stack;
  tableBucketName: string;
  tableBucketArn: string;
  namespaceName: string;
  tableName: string;
  tableArn: string;
  lakeFormation: boolean;
}): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'DestinationCatalog',
      actions: CATALOG_ACTIONS,
      resources: destinationCatalogArns(options.stack, options.tableBucketName, options.namespaceName, options.tableName),
    }),
  ];
  if (options.lakeFormation) {
    // Lake Formation vends the table's credentials; GetDataAccess has no resource type.
    statements.push(new iam.PolicyStatement({ sid: 'LakeFormationDataAccess', actions: ['lakeformation:GetDataAccess'], resources: ['*'] }));
  } else {
    statements.push(
      new iam.PolicyStatement({
        sid: 'DestinationBucket',
        actions: TABLE_BUCKET_READ_ACTIONS,
        // S3 Tables authorizes namespace actions on the bucket: namespaces have no resource type of their own.
        resources: [options.tableBucketArn],
      }),
      new iam.PolicyStatement({ sid: 'DestinationTable', actions: TABLE_WRITE_ACTIONS, resources: [options.tableArn] }),
    );
  }
  return statements;
}
