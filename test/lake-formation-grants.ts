import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT } from './stacks';
import { renderAsDeployed } from '../src/private/render-as-deployed';

/** The Lake Formation grant custom resources whose calls name `principal`, rendered, in construct order. */
export function grantCalls(stack: Stack, principal: string): Array<Record<'Create' | 'Update' | 'Delete', any>> {
  const parse = (call: unknown) => JSON.parse(renderAsDeployed(stack, call) as string);
  return Object.values(Template.fromStack(stack).findResources('Custom::AWS'))
    .map(resource => resource.Properties)
    .filter(properties => JSON.stringify(properties.Create).includes('grantPermissions') && JSON.stringify(properties.Create).includes(principal))
    .map(properties => ({ Create: parse(properties.Create), Update: parse(properties.Update), Delete: parse(properties.Delete) }));
}

/** The rendered GrantPermissions/RevokePermissions calls for one grant. */
export function grantCall(action: string, principal: string, resource: object, permissions: string[]) {
  return {
    service: 'LakeFormation',
    action,
    parameters: { CatalogId: ACCOUNT, Principal: { DataLakePrincipalIdentifier: principal }, Resource: resource, Permissions: permissions },
    physicalResourceId: { id: `lakeformation-grant:${principal}:${JSON.stringify(resource)}:${permissions.join(',')}` },
    ...(action === 'revokePermissions' ? { ignoreErrorCodesMatching: 'EntityNotFoundException|InvalidInputException' } : {}),
  };
}
