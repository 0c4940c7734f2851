import { createHash } from 'crypto';
import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct, IDependable } from 'constructs';
import { glueDatabaseCatalogArns, S3_TABLES_CATALOG_NAME, s3TablesCatalogArns, s3TablesNamespaceArns } from './arns';
import { awsCustomResource } from './aws-custom-resource';

/**
 * Lake Formation permissions on a table bucket's catalog in the federated catalog `s3tablescatalog`,
 * granted with the Lake Formation API through an `AwsCustomResource`: CloudFormation's
 * `AWS::LakeFormation::PrincipalPermissions` limits every CatalogId to 12 characters and has no
 * catalog id, so it cannot name `<account>:s3tablescatalog/<bucket>` (aws/aws-cdk#34467,
 * cloudformation-coverage-roadmap#2316).
 *
 * @see https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_GrantPermissions.html
 * @see https://docs.aws.amazon.com/lake-formation/latest/dg/required-permissions-for-grant.html
 */

/**
 * `<account>:s3tablescatalog/<bucket>`: a table bucket's catalog as Lake Formation names it, in
 * `Resource.Catalog.Id` and `Resource.Table.CatalogId`. Never the request's top-level `CatalogId`,
 * which must be the 12-digit account (field: aws/aws-cli#9618, terraform-provider-aws PR #46233).
 *
 * @see https://docs.aws.amazon.com/athena/latest/ug/gdc-register-s3-table-bucket-cat.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-permissions-tables.html#grant-lf-table
 */
export function lakeFormationCatalogId(stack: Stack, tableBucketName: string): string {
  return `${stack.account}:${S3_TABLES_CATALOG_NAME}/${tableBucketName}`;
}

/** One Lake Formation permission grant, without its principal. */
export interface LakeFormationPermission {
  /** The Lake Formation `Resource`, as the API takes it. */
  readonly resource: Record<string, unknown>;
  /** Its permissions, from the valid ones for the resource type (lf-permissions-reference). */
  readonly permissions: string[];
}

/** What `lakeFormationGrants` grants, to whom. */
export interface LakeFormationGrantsOptions {
  /** ARN of the IAM principal (role or user) the permissions are for. */
  readonly principalArn: string;
  /** The permissions, one grant each. */
  readonly permissions: LakeFormationPermission[];
  /** The Glue Data Catalog resources the permissions name: the caller needs glue:Get* on them. */
  readonly catalogResourceArns: string[];
}

/**
 * Grants each of `options.permissions` to `options.principalArn` with a `GrantPermissions` call of
 * its own (construct ids `Grant0`, `Grant1`, ... under `id`), one after the other, and revokes it with
 * `RevokePermissions` on delete. One call per permission, not `BatchGrantPermissions`: a batch
 * answers 200 with a `Failures` list that `AwsCustomResource` does not read, so a refused grant would
 * not fail the deployment; `GrantPermissions` fails it. One at a time, because concurrent grants
 * fail with `ConcurrentModificationException` (field: cloudformation-coverage-roadmap#2432).
 *
 * The physical id names the principal, the resource and the permissions, so changing any of them
 * replaces the grant: CloudFormation then deletes the old one with its old properties, which
 * revokes it. On delete, `EntityNotFoundException` (the resource or principal is gone) and
 * `InvalidInputException` (Lake Formation's "No permissions revoked" for a grant that is already
 * gone, field: aws-glue-samples PR #78) count as done; `InvalidInputException` also covers other
 * invalid input, which on delete only leaves a permission behind.
 *
 * The function's role gets `lakeformation:GrantPermissions` and `RevokePermissions` (which have no
 * resource type, so `*`) and `glue:GetCatalog`, `GetDatabase`, `GetTable` on the named resources,
 * as the Lake Formation guide lists. It also needs Lake Formation authority: it must be a data lake
 * administrator, which an administrator sets up once.
 *
 * @returns the grants, to depend on
 * @see https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_GrantPermissions.html
 * @see https://docs.aws.amazon.com/lake-formation/latest/dg/required-permissions-for-grant.html
 * @see https://docs.aws.amazon.com/lake-formation/latest/dg/error-message-update.html
 */
export function lakeFormationGrants(scope: Construct, id: string, options: LakeFormationGrantsOptions): Construct {
  const stack = Stack.of(scope);
  const grants = new Construct(scope, id);
  let previous: IConstruct | undefined;
  options.permissions.forEach((permission, index) => {
    const request = {
      // The account, never the S3 Tables catalog id: that goes in the Resource.
      CatalogId: stack.account,
      Principal: { DataLakePrincipalIdentifier: options.principalArn },
      Resource: permission.resource,
      Permissions: permission.permissions,
    };
    const call = (action: string): cr.AwsSdkCall => ({
      service: 'LakeFormation',
      action,
      parameters: request,
      physicalResourceId: cr.PhysicalResourceId.of(
        `lakeformation-grant:${options.principalArn}:${JSON.stringify(permission.resource)}:${permission.permissions.join(',')}`),
    });
    const grant = awsCustomResource(grants, `Grant${index}`, {
      onCreate: call('grantPermissions'),
      onUpdate: call('grantPermissions'),
      onDelete: { ...call('revokePermissions'), ignoreErrorCodesMatching: 'EntityNotFoundException|InvalidInputException' },
      statements: [
        new iam.PolicyStatement({
          actions: ['lakeformation:GrantPermissions', 'lakeformation:RevokePermissions'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          actions: ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetTable'],
          resources: options.catalogResourceArns,
        }),
      ],
    });
    if (previous) {
      grant.node.addDependency(previous);
    }
    previous = grant;
  });
  return grants;
}

/**
 * The Lake Formation grants of one target, one after the other: each waits for the one made before
 * it (concurrent grants fail with `ConcurrentModificationException`) and for what it names.
 */
export class LakeFormationGrantSequence {
  private last?: IDependable;

  constructor(private readonly target: Construct) {}

  /**
   * The grants `options` (construct id `id` in the target) after `after`; the same id twice is granted once.
   */
  public grant(id: string, options: LakeFormationGrantsOptions, after: IDependable[]): IDependable {
    const existing = this.target.node.tryFindChild(id);
    if (existing) {
      return existing;
    }
    const grants = lakeFormationGrants(this.target, id, options);
    grants.node.addDependency(...this.last ? [this.last] : [], ...after);
    this.last = grants;
    return grants;
  }
}

/**
 * Lake Formation mode without a resource property of the target's own: the target processing role
 * is not known, so the target warns with what to grant it (`whatToGrant`) instead.
 */
export function warnLakeFormationWithoutTargetRole(target: Construct, whatToGrant: string): void {
  Annotations.of(target).addWarningV2(
    'cdk-dynamodb-zero-etl:lakeFormationWithoutTargetRole',
    'accessMode is CatalogAccessMode.LAKE_FORMATION but createIntegrationResourceProperty is false, so the target processing role is not known here '
    + `and no Lake Formation permission is granted to it: grant it yourself (for example ${whatToGrant}).`,
  );
}

/**
 * The construct id of the read grants of `principalArn` (and `qualifier`, such as a namespace):
 * `ReadLakeFormationPermissions<digest>`, a short stable digest of both, so that the same grant
 * twice is made once.
 */
export function readGrantsId(stack: Stack, principalArn: string, qualifier: string | undefined): string {
  const digest = createHash('sha256').update(JSON.stringify(stack.resolve([principalArn, qualifier ?? null]))).digest('hex');
  return `ReadLakeFormationPermissions${digest.slice(0, 8).toUpperCase()}`;
}

/**
 * The Lake Formation resources of a Glue database in the account's default catalog: the database,
 * and every table in it (`TableWildcard`), which Lake Formation names with the account as catalog id.
 *
 * @see https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_Resource.html
 */
export function glueDatabaseLakeFormationResources(stack: Stack, databaseName: string) {
  return {
    database: { Database: { CatalogId: stack.account, Name: databaseName } },
    tables: { Table: { CatalogId: stack.account, DatabaseName: databaseName, TableWildcard: {} } },
    catalogResourceArns: glueDatabaseCatalogArns(stack, databaseName),
  };
}

/**
 * What `S3TablesTarget.grantRead` grants a reader in Lake Formation mode: `DESCRIBE` on the bucket's
 * catalog (an assumption: the docs only show `ALL` there) and, with `namespace`, `SELECT` and
 * `DESCRIBE` on every table of it (`TableWildcard`), with the catalog resources those name.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-permissions-tables.html#grant-lf-table
 */
export function lakeFormationReadPermissions(stack: Stack, tableBucketName: string, namespace: string | undefined):
{ permissions: LakeFormationPermission[]; catalogResourceArns: string[] } {
  const catalogId = lakeFormationCatalogId(stack, tableBucketName);
  const permissions: LakeFormationPermission[] = [{ resource: { Catalog: { Id: catalogId } }, permissions: ['DESCRIBE'] }];
  const catalogResourceArns = s3TablesCatalogArns(stack, tableBucketName);
  if (namespace !== undefined) {
    permissions.push({
      resource: { Table: { CatalogId: catalogId, DatabaseName: namespace, TableWildcard: {} } },
      permissions: ['SELECT', 'DESCRIBE'],
    });
    catalogResourceArns.push(...s3TablesNamespaceArns(stack, tableBucketName, namespace));
  }
  return { permissions, catalogResourceArns };
}

/**
 * The key policy statement that lets the Lake Formation service role (the role registered with
 * Lake Formation for S3 Tables, named `S3TablesRoleForLakeFormation` by the console) use a table
 * bucket's key to vend credentials. No condition, as on the page.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html#tables-kms-lf-permissions
 */
export function lakeFormationKeyStatement(lakeFormationRole: iam.IRole): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowTableRoleAccess',
    principals: [new iam.ArnPrincipal(lakeFormationRole.roleArn)],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
  });
}

/**
 * The ARN of the IAM role or user behind `principal`, which Lake Formation takes as
 * `DataLakePrincipalIdentifier`.
 *
 * @throws Error for any other principal (a service, an account, a federated principal)
 */
export function lakeFormationPrincipalArn(scope: IConstruct, principal: iam.IPrincipal): string {
  if ('roleArn' in principal) {
    return (principal as iam.IRole).roleArn;
  }
  if ('userArn' in principal) {
    return (principal as iam.IUser).userArn;
  }
  if (principal instanceof iam.ArnPrincipal) {
    return principal.arn;
  }
  throw new Error(
    `grantRead on '${scope.node.path}' cannot grant Lake Formation permissions to ${principal}: Lake Formation grants IAM roles and users, by ARN. ` +
    'Grant a role or a user (or an iam.ArnPrincipal of one).');
}
