import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { glueCatalogArn, S3_TABLES_CATALOG_NAME, tableBucketArn } from './arns';
import { awsCustomResource } from './aws-custom-resource';

const ID = 'DynamoDbZeroEtlS3TablesCatalog';

/**
 * Creates the `s3tablescatalog` federated catalog (the S3 Tables integration with AWS analytics
 * services) if and only if it is absent: an existing catalog makes `CreateCatalog` fail with
 * `AlreadyExistsException`, which is ignored, and there is no delete call, so a catalog is never
 * removed, whoever created it. One per stack; any number of stacks may opt in.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/enable-s3-tables-catalog-integration.html
 */
export function s3TablesCatalog(scope: IConstruct): cr.AwsCustomResource {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(ID) as cr.AwsCustomResource | undefined;
  if (existing) {
    return existing;
  }
  const allPrincipalsAllowed = [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }];
  return awsCustomResource(stack, ID, {
    onCreate: {
      service: 'Glue',
      action: 'createCatalog',
      parameters: {
        Name: S3_TABLES_CATALOG_NAME,
        CatalogInput: {
          FederatedCatalog: {
            Identifier: tableBucketArn(stack, '*'),
            ConnectionName: 'aws:s3tables',
          },
          CreateDatabaseDefaultPermissions: allPrincipalsAllowed,
          CreateTableDefaultPermissions: allPrincipalsAllowed,
        },
      },
      physicalResourceId: cr.PhysicalResourceId.of(`${S3_TABLES_CATALOG_NAME}-bootstrap`),
      ignoreErrorCodesMatching: 'AlreadyExistsException|FederatedResourceAlreadyExistsException',
    },
    statements: [
      new iam.PolicyStatement({
        actions: ['glue:CreateCatalog'],
        resources: [glueCatalogArn(stack), stack.formatArn({ service: 'glue', resource: 'catalog', resourceName: S3_TABLES_CATALOG_NAME })],
      }),
      new iam.PolicyStatement({
        actions: ['glue:PassConnection'],
        resources: [stack.formatArn({ service: 'glue', resource: 'connection', resourceName: 'aws:s3tables' })],
      }),
    ],
  });
}
