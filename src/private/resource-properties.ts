import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';

/**
 * Glue allows one integration resource property per target resource: finds the other
 * `AWS::Glue::IntegrationResourceProperty` resources in the app whose `ResourceArn` renders the same
 * as `property`'s (same partition, account, region and resource), wherever they were defined.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
 */
export function duplicateResourcePropertyProblems(property: glue.CfnIntegrationResourceProperty): string[] {
  const rendered = (p: glue.CfnIntegrationResourceProperty) => JSON.stringify(Stack.of(p).resolve(p.resourceArn));
  const target = rendered(property);
  return property.node.root.node.findAll()
    .filter((other): other is glue.CfnIntegrationResourceProperty =>
      other instanceof glue.CfnIntegrationResourceProperty && other !== property && rendered(other) === target)
    .map(other =>
      `'${property.node.path}' and '${other.node.path}' are both integration resource properties for target ${target}. ` +
      'Glue allows one per target: keep one, and set createIntegrationResourceProperty: false on the S3TablesTarget if the other is made elsewhere.');
}
