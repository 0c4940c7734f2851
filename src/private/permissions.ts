import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  dynamoDbTableArn, glueCatalogArn, glueDatabaseArn, glueDatabaseCatalogArns, glueTablesInDatabaseArn, objectsInLocationArn,
  tablesInBucketArn, zeroEtlLogArns,
} from './arns';

/**
 * The permissions AWS documents for a zero-ETL integration from DynamoDB to an S3 Tables target,
 * one builder per purpose, each scoped to the resource type the IAM service authorization
 * reference gives for its actions.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-iam-role
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3tables.html
 */

export const GLUE_SERVICE_PRINCIPAL = 'glue.amazonaws.com';

/** The CloudWatch namespace zero-ETL publishes its metrics to. */
export const ZERO_ETL_METRICS_NAMESPACE = 'AWS/Glue/ZeroETL';

/** S3 Tables actions whose resource type is the table bucket. */
const TABLE_BUCKET_ACTIONS = [
  's3tables:GetTableBucket',
  's3tables:GetTableBucketEncryption',
  's3tables:ListNamespaces',
  's3tables:GetNamespace',
  's3tables:CreateNamespace',
  's3tables:ListTables',
  's3tables:CreateTable',
];

/** S3 Tables actions whose resource type is a table in the bucket. */
const TABLE_ACTIONS = [
  's3tables:GetTable',
  's3tables:DeleteTable',
  's3tables:GetTableEncryption',
  's3tables:GetTableMetadataLocation',
  's3tables:UpdateTableMetadataLocation',
  's3tables:GetTableData',
  's3tables:PutTableData',
];

/** The target processing role's statements for one table bucket. */
export function targetRoleStatements(stack: Stack, tableBucketArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'TableBucket',
      actions: TABLE_BUCKET_ACTIONS,
      resources: [tableBucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'TablesInBucket',
      actions: TABLE_ACTIONS,
      resources: [tablesInBucketArn(tableBucketArn)],
    }),
    // ListTableBuckets has no resource type, so it can only be granted on '*'.
    new iam.PolicyStatement({
      sid: 'ListTableBuckets',
      actions: ['s3tables:ListTableBuckets'],
      resources: ['*'],
    }),
    ...zeroEtlMonitoringStatements(stack),
  ];
}

/**
 * What every target processing role needs to report on the integration: its metrics and its logs.
 *
 * The Glue guide grants the logs actions on `*`; these are scoped to the log groups zero-ETL writes
 * to, `/aws-glue/zeroETL-integrations/` (zero-etl-monitoring).
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
 */
function zeroEtlMonitoringStatements(stack: Stack): iam.PolicyStatement[] {
  return [
    // PutMetricData has no resource type; the namespace condition is the only scope it takes.
    new iam.PolicyStatement({
      sid: 'ZeroEtlMetrics',
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': ZERO_ETL_METRICS_NAMESPACE } },
    }),
    new iam.PolicyStatement({
      sid: 'ZeroEtlLogs',
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: zeroEtlLogArns(stack),
    }),
  ];
}

/** Glue Data Catalog actions on tables that the Glue guide grants a Glue database target's role. */
const GLUE_TABLE_ACTIONS = [
  'glue:CreateTable',
  'glue:GetTable',
  'glue:GetTables',
  'glue:DeleteTable',
  'glue:UpdateTable',
  'glue:GetTableVersion',
  'glue:GetTableVersions',
  'glue:GetResourcePolicy',
];

/** Where a Glue database target writes: the database, and the bucket and prefix of its location. */
export interface GlueDatabaseLocation {
  /** Name of the Glue database. */
  readonly databaseName: string;
  /** ARN of the general purpose bucket that holds the database's location. */
  readonly bucketArn: string;
  /** The location's key prefix in the bucket, without leading or trailing slash; empty for the whole bucket. */
  readonly prefix: string;
}

/**
 * The target processing role's statements for a Glue database on a general purpose S3 bucket: the
 * statements of the Glue guide's role policy, with the database, bucket and prefix filled in.
 *
 * - `s3:ListBucket` on the bucket, without an `s3:prefix` condition, as in the guide: which prefixes
 *   Glue lists (the location with or without its slash, Iceberg metadata paths) is not documented,
 *   and a condition that is too narrow would only show at run time, as an integration that needs attention.
 * - `s3:GetObject`, `s3:PutObject`, `s3:DeleteObject` on `<bucket>/<prefix>/*`.
 * - `glue:GetDatabase` on the catalog and `database/<db>`; the table actions on those and `table/<db>/*`.
 * - the metrics and logs statements every target role has (logs scoped, where the guide uses `*`).
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-iam-role
 */
export function glueDatabaseTargetRoleStatements(stack: Stack, location: GlueDatabaseLocation): iam.PolicyStatement[] {
  const databaseResources = [glueCatalogArn(stack), glueDatabaseArn(stack, location.databaseName)];
  return [
    new iam.PolicyStatement({
      sid: 'ListBucket',
      actions: ['s3:ListBucket'],
      resources: [location.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'ObjectsInLocation',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: [objectsInLocationArn(location.bucketArn, location.prefix)],
    }),
    new iam.PolicyStatement({
      sid: 'GetDatabase',
      actions: ['glue:GetDatabase'],
      resources: databaseResources,
    }),
    new iam.PolicyStatement({
      sid: 'TablesInDatabase',
      actions: GLUE_TABLE_ACTIONS,
      resources: [...databaseResources, glueTablesInDatabaseArn(stack, location.databaseName)],
    }),
    ...zeroEtlMonitoringStatements(stack),
  ];
}

/**
 * The Glue Data Catalog resource policy statement that authorizes Glue to write into one target
 * from the listed source tables (`glue:AuthorizeInboundIntegration` on the target's catalog resources).
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-rbac
 */
export function authorizeInboundIntegrationStatement(sid: string, catalogResourceArns: string[], sourceTableArns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal(GLUE_SERVICE_PRINCIPAL)],
    actions: ['glue:AuthorizeInboundIntegration'],
    resources: catalogResourceArns,
    conditions: { StringEquals: { 'aws:SourceArn': sourceTableArns } },
  });
}

/**
 * The Glue Data Catalog resource policy statement that lets principals of this account create
 * inbound integrations into the listed catalog resources from DynamoDB tables of this account
 * (`glue:CreateInboundIntegration`).
 *
 * Its principal is the account, which delegates to each principal's own IAM policies: it adds no
 * access an IAM policy does not already give, and one such statement serves every table of the
 * stack, which keeps the account-wide policy under Glue's 10 KB limit.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-rbac
 */
export function createInboundIntegrationStatement(sid: string | undefined, stack: Stack, catalogResourceArns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.AccountRootPrincipal()],
    actions: ['glue:CreateInboundIntegration'],
    resources: catalogResourceArns,
    conditions: {
      ArnLike: { 'aws:SourceArn': dynamoDbTableArn(stack, '*') },
    },
  });
}

/**
 * The shared pair of `CatalogPolicyScope.ACCOUNT_WIDE`: Glue may authorize, and the account's
 * principals may create, inbound integrations from any DynamoDB table of the account into
 * `catalogResourceArns` (which cover every target of one kind, such as `catalog/s3tablescatalog/*`).
 * Without Sids: the handler names them after their content, so every stack writes the same pair.
 */
export function accountWideStatements(stack: Stack, catalogResourceArns: string[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(GLUE_SERVICE_PRINCIPAL)],
      actions: ['glue:AuthorizeInboundIntegration'],
      resources: catalogResourceArns,
      conditions: { ArnLike: { 'aws:SourceArn': dynamoDbTableArn(stack, '*') } },
    }),
    createInboundIntegrationStatement(undefined, stack, catalogResourceArns),
  ];
}

/**
 * The key policy statement S3 Tables maintenance needs on a table bucket's customer managed key
 * (compaction and snapshot management read and write the bucket's files).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html
 */
export function s3TablesMaintenanceKeyStatement(stack: Stack, bucketArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowS3TablesMaintenance',
    principals: [new iam.ServicePrincipal('maintenance.s3tables.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
    conditions: {
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': `${bucketArn}/*` },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  });
}

/**
 * What the target role needs on the target's customer managed key to write tables. For a Glue
 * database target this is an assumption: the Glue guide lists no KMS statement for that target.
 */
export const TARGET_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** What the catalog-policy handler itself needs: read and write the Data Catalog resource policy. */
export function catalogPolicyHandlerStatement(catalogArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['glue:GetResourcePolicy', 'glue:PutResourcePolicy', 'glue:DeleteResourcePolicy'],
    resources: [catalogArn],
  });
}

/**
 * What the auto-delete handler needs to empty a table bucket: list its namespaces and tables,
 * delete its tables, then its namespaces. Nothing on the bucket itself, which CloudFormation deletes.
 */
export function autoDeleteTableBucketStatements(tableBucketArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['s3tables:ListNamespaces', 's3tables:ListTables', 's3tables:DeleteNamespace'],
      resources: [tableBucketArn],
    }),
    new iam.PolicyStatement({ actions: ['s3tables:DeleteTable'], resources: [tablesInBucketArn(tableBucketArn)] }),
  ];
}

/**
 * What the auto-delete handler needs to empty a Glue database target: list and delete the
 * database's tables, and list and delete every object version under the location.
 */
export function autoDeleteGlueDatabaseStatements(stack: Stack, location: GlueDatabaseLocation): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['glue:GetTables', 'glue:DeleteTable'],
      resources: glueDatabaseCatalogArns(stack, location.databaseName),
    }),
    new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:ListBucketVersions'], resources: [location.bucketArn] }),
    new iam.PolicyStatement({
      actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      resources: [objectsInLocationArn(location.bucketArn, location.prefix)],
    }),
  ];
}

/** Lets the auto-delete handler tell a stack delete from an update: DescribeStacks on its own stack only. */
export function autoDeleteStackStatement(stack: Stack): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [stack.stackId] });
}
