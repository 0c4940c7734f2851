import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { awsCustomResource } from './aws-custom-resource';
import { TargetTableProperties } from '../target-table-properties';

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
