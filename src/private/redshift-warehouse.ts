import { CustomResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { throwIfProblems } from './errors';
import { redshiftResourcePolicy } from './redshift-resource-policy';
import { IRedshiftZeroEtlIntegration, IRedshiftZeroEtlTarget, RedshiftDataApiConnection, RedshiftZeroEtlTargetConfig } from '../redshift-target';

/** Redshift's limit of zero-ETL integrations per target data warehouse (zero-etl.reqs-lims). */
export const MAX_INTEGRATIONS_PER_WAREHOUSE = 50;

/** Sids of the statements the construct writes into a namespace resource policy it creates. */
const AUTHORIZE_SID = 'AuthorizeDynamoDbZeroEtl';
const CREATE_SID = 'CreateDynamoDbZeroEtl';

/**
 * What every Redshift target does the same way, whatever its warehouse: it counts the integrations
 * bound to it (at most 50), collects their source tables, and renders the namespace resource policy
 * that authorizes them, or, for a warehouse that exists outside the app, warns with what to add.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-using.redshift-iam.html
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
 */
export class InboundIntegrations {
  private readonly sourceTableArns: string[] = [];

  constructor(private readonly target: Construct) {
    target.node.addValidation({ validate: () => this.limitProblems() });
  }

  /** Records one more integration into the target. */
  public add(integration: IRedshiftZeroEtlIntegration): void {
    this.sourceTableArns.push(integration.sourceTableArn);
  }

  /**
   * The `NamespaceResourcePolicy` of a namespace or cluster created in the app, produced at synthesis
   * so that it lists every source table bound to the target. Without `Resource`: a resource policy
   * applies to the namespace it is attached to, and the namespace's ARN is not known before it exists.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-integration.html
   */
  public resourcePolicy(): any {
    return Lazy.any({ produce: () => this.sourceTableArns.length === 0 ? undefined : Stack.of(this.target).resolve(this.policyDocument().toJSON()) });
  }

  /**
   * The statements this app adds to the resource policy of a warehouse defined outside it (through
   * Redshift `PutResourcePolicy`), produced at synthesis, with Sids that start with `sidPrefix` and the
   * namespace as `Resource`, as in the Redshift guide's example policy.
   */
  public ownStatements(sidPrefix: string, namespaceArn: string): any {
    const stack = Stack.of(this.target);
    return Lazy.any({
      produce: () => this.statements(this.sourceTableArns, sidPrefix, namespaceArn).map(statement => stack.resolve(statement.toStatementJson())),
    });
  }

  private policyDocument(): iam.PolicyDocument {
    return new iam.PolicyDocument({ statements: this.statements(this.sourceTableArns) });
  }

  /**
   * Redshift may authorize inbound integrations from the source tables, and principals of this
   * account may create them (its principal is the account, which delegates to each principal's
   * own IAM policies).
   */
  private statements(sourceTableArns: string[], sidPrefix = '', namespaceArn?: string): iam.PolicyStatement[] {
    const resources = namespaceArn === undefined ? undefined : [namespaceArn];
    return [
      new iam.PolicyStatement({
        sid: sidPrefix + AUTHORIZE_SID,
        principals: [new iam.ServicePrincipal('redshift.amazonaws.com')],
        actions: ['redshift:AuthorizeInboundIntegration'],
        resources,
        conditions: { StringEquals: { 'aws:SourceArn': sourceTableArns } },
      }),
      new iam.PolicyStatement({
        sid: sidPrefix + CREATE_SID,
        principals: [new iam.AccountRootPrincipal()],
        actions: ['redshift:CreateInboundIntegration'],
        resources,
      }),
    ];
  }

  private limitProblems(): string[] {
    const count = this.sourceTableArns.length;
    return count > MAX_INTEGRATIONS_PER_WAREHOUSE
      ? [`${count} zero-ETL integrations replicate into the Redshift target '${this.target.node.path}'; Redshift allows at most ` +
        `${MAX_INTEGRATIONS_PER_WAREHOUSE} per data warehouse (https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html). ` +
        'Replicate the other tables into another warehouse.']
      : [];
  }
}

/**
 * A connection names exactly one warehouse (workgroup or cluster) and exactly one way to sign in
 * (secret or database user); a Serverless workgroup takes a secret.
 */
export function throwIfBadConnection(kind: string, scope: Construct, connection: RedshiftDataApiConnection): void {
  const problems: string[] = [];
  if ((connection.workgroupName === undefined) === (connection.clusterIdentifier === undefined)) {
    problems.push('Give exactly one of workgroupName and clusterIdentifier.');
  }
  if ((connection.secret === undefined) === (connection.databaseUser === undefined)) {
    problems.push('Give exactly one of secret and databaseUser: the credentials the construct runs CREATE DATABASE with.');
  }
  if (connection.workgroupName !== undefined && connection.databaseUser !== undefined) {
    problems.push('databaseUser is for a provisioned cluster (redshift:GetClusterCredentials); a Serverless workgroup takes a secret.');
  }
  problems.push(...databaseNameProblems('connectDatabaseName', connection.connectDatabaseName));
  throwIfProblems(kind, scope, problems);
}

/**
 * A database name the construct puts in SQL without quoting concerns: a Redshift standard identifier
 * in lowercase, 1 to 127 characters (Redshift "Names and identifiers").
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_names.html
 */
export function databaseNameProblems(prop: string, name: string): string[] {
  if (Token.isUnresolved(name) || /^[a-z_][a-z0-9_$]{0,126}$/.test(name)) {
    return [];
  }
  return [`${prop} '${name}' is not a database name this construct accepts: 1 to 127 lowercase letters, digits, _ and $, ` +
    'starting with a letter or _ (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html). Rename it.'];
}

/**
 * A Redshift warehouse defined outside the app (what `fromWorkgroupAttributes` and
 * `fromClusterAttributes` return): its connection is checked, and a custom resource
 * (`Custom::RedshiftResourcePolicy`, construct id `ResourcePolicy`) merges the statements for the
 * integrations bound to it into its resource policy, keeping everybody else's.
 */
export class ImportedRedshiftTarget extends Construct implements IRedshiftZeroEtlTarget {
  private readonly inbound: InboundIntegrations;
  private readonly policy: CustomResource;

  constructor(
    scope: Construct, id: string, kind: string, public readonly namespaceArn: string, private readonly connection: RedshiftDataApiConnection,
  ) {
    super(scope, id);
    throwIfBadConnection(kind, this, connection);
    this.inbound = new InboundIntegrations(this);
    this.policy = redshiftResourcePolicy(this, 'ResourcePolicy', namespaceArn, sidPrefix => this.inbound.ownStatements(sidPrefix, namespaceArn));
  }

  public bind(integration: IRedshiftZeroEtlIntegration): RedshiftZeroEtlTargetConfig {
    this.inbound.add(integration);
    return { dependencies: [this.policy], connection: this.connection };
  }
}
