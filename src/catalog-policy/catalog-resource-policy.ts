import * as crypto from 'crypto';
import { CustomResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { OnEventFunction } from './on-event-function';
import { glueCatalogArn } from '../private/arns';
import {
  authorizeInboundIntegrationStatement,
  catalogPolicyHandlerStatement,
  createInboundIntegrationStatement,
} from '../private/permissions';

/**
 * The statements one stack owns in the account-wide Glue Data Catalog resource policy, applied by
 * a custom resource that merges them into the policy without touching anyone else's statements.
 *
 * There is one per stack (see `of`), whatever the number of integrations: statements for every
 * target of the stack are kept compact (one statement per target lists all its source tables)
 * because Glue caps the whole policy at 10 KB.
 *
 * Not part of the public API.
 */
export class CatalogResourcePolicy extends Construct {
  /** The stack's instance, created on first use at the stack's root. */
  public static of(scope: IConstruct): CatalogResourcePolicy {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(CatalogResourcePolicy.ID);
    return existing instanceof CatalogResourcePolicy ? existing : new CatalogResourcePolicy(stack, CatalogResourcePolicy.ID);
  }

  private static readonly ID = 'DynamoDbZeroEtlCatalogResourcePolicy';

  /** Marks this stack's statements in the account-wide policy: fixed length, so no prefix of another stack's. */
  public readonly sidPrefix: string;
  /** The custom resource; integrations depend on it. */
  public readonly resource: CustomResource;

  /** Source table ARNs per target catalog ARN, in the order they were added. */
  private readonly sourcesByTarget = new Map<string, string[]>();

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.sidPrefix = `ZeroEtl${crypto.createHash('sha256').update(stack.stackName).digest('hex').slice(0, 16)}`;

    const handlerRole = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Merges this stack\'s statements into the Glue Data Catalog resource policy',
    });
    handlerRole.addToPrincipalPolicy(catalogPolicyHandlerStatement(glueCatalogArn(stack)));
    const handler = new OnEventFunction(this, 'Handler', {
      role: handlerRole,
      // Worst case: 8 attempts with exponential backoff from 0.5 s, plus the Glue calls.
      timeout: Duration.minutes(3),
      logGroup: this.logGroup('HandlerLogs', handlerRole),
    });

    const frameworkRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Custom resource provider framework for the Glue Data Catalog resource policy',
    });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: this.logGroup('ProviderLogs', frameworkRole),
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::GlueCatalogResourcePolicy',
      properties: {
        SidPrefix: this.sidPrefix,
        Statements: Lazy.any({ produce: () => this.renderStatements() }),
      },
    });
  }

  /** Authorizes zero-ETL integrations from `sourceTableArn` into `targetCatalogArn`. */
  public allowInboundIntegration(targetCatalogArn: string, sourceTableArn: string): void {
    const sources = this.sourcesByTarget.get(targetCatalogArn) ?? [];
    if (!sources.includes(sourceTableArn)) {
      sources.push(sourceTableArn);
    }
    this.sourcesByTarget.set(targetCatalogArn, sources);
  }

  /** The statements this stack writes, as IAM JSON objects. */
  private renderStatements(): object[] {
    const stack = Stack.of(this);
    const targets = [...this.sourcesByTarget.keys()];
    const statements = targets.map((target, index) =>
      authorizeInboundIntegrationStatement(`${this.sidPrefix}Authorize${index}`, target, this.sourcesByTarget.get(target)!));
    if (targets.length > 0) {
      statements.push(createInboundIntegrationStatement(`${this.sidPrefix}Create`, stack, targets));
    }
    return statements.map(statement => statement.toStatementJson());
  }

  /** A log group with a retention, written to by `role` only. */
  private logGroup(id: string, role: iam.Role): logs.LogGroup {
    const logGroup = new logs.LogGroup(this, id, { retention: logs.RetentionDays.ONE_MONTH });
    logGroup.grantWrite(role);
    return logGroup;
  }
}
