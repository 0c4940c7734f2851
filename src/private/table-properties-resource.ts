import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { awsCustomResource } from './aws-custom-resource';
import { PartitionFunction, TargetTableProperties } from '../target-table-properties';

/**
 * Glue integration table properties for one source table and target, which CloudFormation has no
 * resource for: created, updated and deleted with Glue's `*IntegrationTableProperties` calls.
 * `ResourceArn` is the target catalog and `TableName` the source table, as in the Glue guide. The
 * physical id names only those two, so a changed configuration (unnesting, partitioning, name) is
 * an update through `UpdateIntegrationTableProperties`, not a replacement.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_DeleteIntegrationTableProperties.html
 */
export function integrationTableProperties(
  scope: Construct,
  id: string,
  targetCatalogArn: string,
  sourceTableName: string,
  properties: TargetTableProperties,
): cr.AwsCustomResource {
  const identity = { ResourceArn: targetCatalogArn, TableName: sourceTableName };
  const call = (action: string, parameters: object): cr.AwsSdkCall => ({
    service: 'Glue',
    action,
    parameters,
    physicalResourceId: cr.PhysicalResourceId.of(`${targetCatalogArn}|${sourceTableName}`),
  });
  const withConfig = { ...identity, TargetTableConfig: targetTableConfig(properties) };
  return awsCustomResource(scope, id, {
    onCreate: call('createIntegrationTableProperties', withConfig),
    onUpdate: call('updateIntegrationTableProperties', withConfig),
    // The Glue API lists both for properties that are already gone.
    onDelete: { ...call('deleteIntegrationTableProperties', identity), ignoreErrorCodesMatching: 'EntityNotFoundException|ResourceNotFoundException' },
    statements: [new iam.PolicyStatement({
      actions: ['glue:CreateIntegrationTableProperties', 'glue:UpdateIntegrationTableProperties', 'glue:DeleteIntegrationTableProperties'],
      resources: [targetCatalogArn],
    })],
  });
}

function targetTableConfig(properties: TargetTableProperties): object {
  return {
    UnnestSpec: properties.unnestSpec,
    TargetTableName: properties.targetTableName,
    PartitionSpec: properties.partitionSpec?.map(field => ({
      FieldName: field.fieldName,
      FunctionSpec: field.function,
      ConversionSpec: field.conversion,
    })),
  };
}

const TIME_FUNCTIONS = [PartitionFunction.YEAR, PartitionFunction.MONTH, PartitionFunction.DAY, PartitionFunction.HOUR];
const MAX_PARTITION_FIELDS = 10;

/**
 * Glue `TargetTableConfig` limits: at most 10 partition fields, a conversion only with a time
 * function, a target table name S3 Tables and Athena accept.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_TargetTableConfig.html
 */
export function targetTablePropertiesProblems(properties: TargetTableProperties | undefined): string[] {
  if (properties === undefined) {
    return [];
  }
  const problems: string[] = [];
  const fields = properties.partitionSpec ?? [];
  if (fields.length > MAX_PARTITION_FIELDS) {
    problems.push(`partitionSpec has ${fields.length} fields; Glue accepts at most ${MAX_PARTITION_FIELDS}.`);
  }
  for (const field of fields) {
    if (!Token.isUnresolved(field.fieldName) && field.fieldName.length === 0) {
      problems.push('partitionSpec has a field with an empty fieldName.');
    }
    const fn = field.function ?? PartitionFunction.IDENTITY;
    if (field.conversion !== undefined && !TIME_FUNCTIONS.includes(fn)) {
      problems.push(
        `partitionSpec field '${field.fieldName}' has conversion '${field.conversion}' with function '${fn}'; ` +
        'a conversion only applies to the time functions year, month, day and hour.',
      );
    }
  }
  problems.push(...targetTableNameProblems(properties.targetTableName));
  return problems;
}

const TARGET_TABLE_NAME_RULES = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html#naming-rules-table';
const MAX_TARGET_TABLE_NAME_LENGTH = 128;

/**
 * A target table name that S3 Tables, the Glue Data Catalog and Athena all accept: 1 to 128
 * characters (Glue `TargetTableConfig`; S3 Tables allows 255) of lowercase letters, digits and
 * underscores, beginning and ending with a letter or digit. S3 Tables says that with capital
 * letters the Glue Data Catalog and Lake Formation do not support the table, and Athena fails with
 * "Unsupported Federation Resource - Invalid table or column names".
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html#naming-rules-table
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_TargetTableConfig.html
 */
function targetTableNameProblems(name: string | undefined): string[] {
  if (name === undefined || Token.isUnresolved(name)) {
    return [];
  }
  const problems: string[] = [];
  if (name.length < 1 || name.length > MAX_TARGET_TABLE_NAME_LENGTH) {
    problems.push(`targetTableName '${name}' is ${name.length} characters long; Glue accepts 1 to ${MAX_TARGET_TABLE_NAME_LENGTH}.`);
  }
  if (!/^[a-z0-9_]*$/.test(name)) {
    problems.push(
      `targetTableName '${name}' may only contain lowercase letters, digits and underscores: S3 Tables table names ` +
      'allow nothing else, and with capital letters the Glue Data Catalog, Lake Formation and Athena do not support the table ' +
      `(${TARGET_TABLE_NAME_RULES}).`);
  } else if (name.length > 0 && !/^[a-z0-9](.*[a-z0-9])?$/.test(name)) {
    problems.push(`targetTableName '${name}' must begin and end with a lowercase letter or digit (${TARGET_TABLE_NAME_RULES}).`);
  }
  return problems;
}
