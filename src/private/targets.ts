import { Annotations, Resource, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { acknowledgeTargetRole } from './nag';
import { GLUE_SERVICE_PRINCIPAL } from './permissions';
import { duplicateResourcePropertyProblems } from './resource-properties';

/**
 * What every zero-ETL target construct does the same way, whatever it writes into.
 */

/**
 * Adds `statements` to the target processing role's policy and returns the policies that hold
 * them (what the integration resource property must wait for). An imported role may have been
 * imported with `mutable: false`, which drops them silently, so for those `target` also warns with
 * what to grant.
 */
function grantTargetRole(target: Construct, role: iam.IRole, statements: iam.PolicyStatement[]): IDependable[] {
  const policies = statements
    .map(statement => role.addToPrincipalPolicy(statement).policyDependable)
    .filter((policy): policy is IDependable => policy !== undefined);
  if (!Resource.isOwnedResource(role)) {
    const stack = Stack.of(target);
    Annotations.of(target).addWarningV2(
      'cdk-dynamodb-zero-etl:importedTargetRole',
      'The target role is imported: if it was imported with mutable: false, the construct could not add its permissions. ' +
      `Make sure it trusts glue.amazonaws.com and grants: ${JSON.stringify(statements.map(statement => stack.resolve(statement.toStatementJson())))}`,
    );
  }
  return [...new Set(policies)];
}

/** What `targetResourceProperty` needs to know of the target. */
export interface TargetResourcePropertyOptions {
  /** The target the property is for: the integration's TargetArn. */
  readonly resourceArn: string;
  /** The user's target processing role; a new one trusted by Glue when undefined. */
  readonly targetRole?: iam.IRole;
  /** The new role's description. */
  readonly roleDescription: string;
  /** The property's `KmsArn`, if any. */
  readonly kmsArn?: string;
  /** The bus of the property's `EventBusArn`, if any; the role may put events on it. */
  readonly eventBus?: events.IEventBus;
  /** What the role needs on the target. */
  readonly statements: iam.PolicyStatement[];
  /** What Glue checks when the property is created, besides the role's policies (a new bucket, database, catalog). */
  readonly dependencies: IDependable[];
}

/**
 * The target processing role (construct id `Role`, unless the user gives one) with `statements`,
 * and the `AWS::Glue::IntegrationResourceProperty` (construct id `ResourceProperty`) that associates
 * it with the target. The property waits for the role's policies and `dependencies`, since Glue
 * checks them when it is created; synthesis fails if another property in the app has the same target.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-limitations.html
 */
export function targetResourceProperty(target: Construct, options: TargetResourcePropertyOptions):
{ role: iam.IRole; property: glue.CfnIntegrationResourceProperty } {
  const role = options.targetRole ?? new iam.Role(target, 'Role', {
    assumedBy: new iam.ServicePrincipal(GLUE_SERVICE_PRINCIPAL),
    description: options.roleDescription,
  });
  const property = new glue.CfnIntegrationResourceProperty(target, 'ResourceProperty', {
    resourceArn: options.resourceArn,
    targetProcessingProperties: { roleArn: role.roleArn, kmsArn: options.kmsArn, eventBusArn: options.eventBus?.eventBusArn },
  });
  const statements = options.eventBus ? [...options.statements, eventBusStatement(options.eventBus)] : options.statements;
  property.node.addDependency(...options.dependencies, ...grantTargetRole(target, role, statements));
  if (!options.targetRole) acknowledgeTargetRole(role, statements);
  target.node.addValidation({ validate: () => duplicateResourcePropertyProblems(property) });
  return { role, property };
}

/**
 * `events:PutEvents` on the integrations' event bus. An assumption: the Glue API names the bus of the
 * status notifications next to the target processing role but says nothing of who puts the events.
 */
function eventBusStatement(eventBus: events.IEventBus): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'StatusNotifications', actions: ['events:PutEvents'], resources: [eventBus.eventBusArn] });
}

/**
 * `createIntegrationResourceProperty: false` fits only a target that exists (`existing`), and then
 * takes no role: the existing property names its own.
 */
export function withoutResourcePropertyProblems(
  props: { readonly createIntegrationResourceProperty?: boolean; readonly targetRole?: iam.IRole },
  existing: boolean, existingProp: string, created: string): string[] {
  if (props.createIntegrationResourceProperty !== false) {
    return [];
  }
  const problems: string[] = [];
  if (!existing) {
    problems.push(`createIntegrationResourceProperty: false needs ${existingProp}: ${created} created here has no resource property yet.`);
  }
  if (props.targetRole !== undefined) {
    problems.push('targetRole is only used by the integration resource property this construct creates; '
      + 'with createIntegrationResourceProperty: false the existing property names its own role. Remove targetRole.');
  }
  return problems;
}
