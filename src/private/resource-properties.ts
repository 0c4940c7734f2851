import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { environmentKey } from './claims';

/**
 * Glue allows one integration resource property per target resource: finds the other
 * `AWS::Glue::IntegrationResourceProperty` resources in the app whose `ResourceArn` renders the same
 * as `property`'s (same partition, account, region and resource), wherever they were defined in the app.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
 */
export function duplicateResourcePropertyProblems(property: glue.CfnIntegrationResourceProperty): string[] {
  const arnOf = (p: glue.CfnIntegrationResourceProperty) => JSON.stringify(Stack.of(p).resolve(p.resourceArn));
  const keyOf = (p: glue.CfnIntegrationResourceProperty) => `${environmentKey(Stack.of(p))} ${arnOf(p)}`;
  const key = keyOf(property);
  return property.node.root.node.findAll()
    .filter((other): other is glue.CfnIntegrationResourceProperty =>
      other instanceof glue.CfnIntegrationResourceProperty && other !== property && keyOf(other) === key)
    .map(other =>
      `'${property.node.path}' and '${other.node.path}' are both integration resource properties for target ${arnOf(property)}. ` +
      'Glue allows one per target: keep one, and set createIntegrationResourceProperty: false on the target construct if the other is made elsewhere.');
}
