import * as crypto from 'crypto';
import * as path from 'path';
import { CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Duration, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { CATALOG_POLICY_MAX_BYTES, policyBytes } from './policy-document';
import { glueCatalogArn } from '../private/arns';
import {
  accountWideStatements,
  authorizeInboundIntegrationStatement,
  catalogPolicyHandlerStatement,
  createInboundIntegrationStatement,
} from '../private/permissions';
import { renderAsDeployed } from '../private/render-as-deployed';

/**
 * The statements one stack owns in the account-wide Glue Data Catalog resource policy, applied by
 * a custom resource that merges them into the policy without touching anyone else's statements.
 *
 * There is one per stack (see `of`), whatever the number of integrations: statements for every
 * target of the stack are kept compact (one statement per target lists all its source tables)
 * because Glue caps the whole policy at 10,240 bytes, and synthesis fails when this stack's
 * statements alone would not fit.
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
  private readonly sidPrefix: string;
  /** The custom resource; integrations depend on it. */
  public readonly resource: CustomResource;

  /** Per target (by target ARN): the catalog resources to authorize on and the source table ARNs, in the order added. */
  private readonly perTarget = new Map<string, { readonly resources: string[]; readonly sources: string[] }>();
  /** Per kind of target (by its account-wide resources): the shared statements' resources. */
  private readonly accountWide = new Map<string, string[]>();

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.sidPrefix = `ZeroEtl${crypto.createHash('sha256').update(stackIdentity(stack)).digest('hex').slice(0, 16)}`;

    // Core CustomResourceProvider: one function per stack, its role inline, no provider framework.
    const provider = CustomResourceProvider.getOrCreateProvider(this, PROVIDER_ID, {
      codeDirectory: path.join(__dirname, '..', '..', 'assets', 'catalog-policy', 'on-event.lambda'),
      runtime: CustomResourceProviderRuntime.NODEJS_22_X,
      description: 'Merges this stack\'s statements into the Glue Data Catalog resource policy',
      // Worst case: 8 attempts with exponential backoff from 0.5 s, plus the Glue calls.
      timeout: Duration.minutes(3),
      policyStatements: [catalogPolicyHandlerStatement(glueCatalogArn(stack)).toStatementJson()],
    });
    // Lambda writes to /aws/lambda/<function name>; creating that log group first gives it a retention.
    const functionName = Fn.select(6, Fn.split(':', provider.serviceToken));
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      logGroupName: Fn.join('', ['/aws/lambda/', functionName]),
      retention: logs.RetentionDays.ONE_MONTH,
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::GlueCatalogResourcePolicy',
      properties: {
        SidPrefix: this.sidPrefix,
        Statements: Lazy.any({ produce: () => this.ownStatements() }, { omitEmptyArray: true }),
        SharedStatements: Lazy.any({ produce: () => this.sharedStatements() }, { omitEmptyArray: true }),
      },
    });
    this.resource.node.addDependency(logGroup);
    this.node.addValidation({ validate: () => this.sizeProblems() });
  }

  /**
   * Authorizes zero-ETL integrations from `sourceTableArn` into the target `targetArn`, whose
   * catalog resources are `resources`.
   */
  public allowInboundIntegration(targetArn: string, resources: string[], sourceTableArn: string): void {
    const entry = this.perTarget.get(targetArn) ?? { resources, sources: [] };
    if (!entry.sources.includes(sourceTableArn)) {
      entry.sources.push(sourceTableArn);
    }
    this.perTarget.set(targetArn, entry);
  }

  /**
   * Authorizes integrations from every DynamoDB table of the account into every target covered by
   * `resources`, with the shared pair of statements that every opted-in stack writes alike.
   */
  public allowAccountWide(resources: string[]): void {
    this.accountWide.set(JSON.stringify(Stack.of(this).resolve(resources)), resources);
  }

  /** The statements this stack owns, as IAM JSON objects. */
  private ownStatements(): object[] {
    const stack = Stack.of(this);
    const targets = [...this.perTarget.values()];
    const statements = targets.map((target, index) =>
      authorizeInboundIntegrationStatement(`${this.sidPrefix}Authorize${index}`, target.resources, target.sources));
    if (targets.length > 0) {
      statements.push(createInboundIntegrationStatement(`${this.sidPrefix}Create`, stack, targets.flatMap(target => target.resources)));
    }
    return statements.map(statement => statement.toStatementJson());
  }

  /** The shared statements, without Sids: the handler names them after their deployed content. */
  private sharedStatements(): object[] {
    const stack = Stack.of(this);
    return [...this.accountWide.values()]
      .flatMap(resources => accountWideStatements(stack, resources))
      .map(statement => statement.toStatementJson());
  }

  /**
   * Fails synthesis when this stack's statements, rendered with the stack's partition, account
   * and region, do not fit the catalog policy even alone.
   */
  private sizeProblems(): string[] {
    const stack = Stack.of(this);
    const statements = [...this.ownStatements(), ...this.sharedStatements().map(s => ({ Sid: SHARED_SID_PLACEHOLDER, ...s }))];
    const bytes = policyBytes(renderAsDeployed(stack, statements));
    if (bytes <= CATALOG_POLICY_MAX_BYTES) {
      return [];
    }
    const tables = [...this.perTarget.values()].reduce((sum, target) => sum + target.sources.length, 0);
    return [
      `This stack's Glue Data Catalog resource policy statements are ${bytes} bytes for ${tables} source table(s) into ` +
      `${this.perTarget.size} target(s); Glue allows ${CATALOG_POLICY_MAX_BYTES} bytes for the whole policy of the account ` +
      'and region, shared with every other stack. Put the tables into fewer targets (a target costs several times what a table ' +
      'does: see the Capacity table of the README), or set catalogPolicyScope: CatalogPolicyScope.ACCOUNT_WIDE ' +
      '(one shared pair of statements for every table).',
    ];
  }
}

/**
 * What names a stack in the account for good: its name, which CloudFormation keeps unique in the
 * account and region (and aws-cdk-lib requires to be a literal). A nested stack's name is only known
 * at deploy time, so it is named by its top-level stack's name and its path below that stack.
 */
function stackIdentity(stack: Stack): string {
  let top = stack;
  while (top.nestedStackParent) {
    top = top.nestedStackParent;
  }
  return top === stack ? stack.stackName : `${top.stackName}/${stack.node.path.slice(top.node.path.length + 1)}`;
}

/** The stack's one provider for the catalog policy, `<id>CustomResourceProvider` at the stack's root. */
const PROVIDER_ID = 'DynamoDbZeroEtlCatalogPolicy';

/** As long as the Sid the handler gives a shared statement (see `sharedStatementSid`). */
const SHARED_SID_PLACEHOLDER = 'ZeroEtlAccountWide0123456789abcdef';
