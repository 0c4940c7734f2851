import { Annotations, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CatalogResourcePolicy } from './catalog-policy/catalog-resource-policy';
import { CatalogPolicyScope } from './catalog-policy/scope';
import { dynamoDbTableArn } from './private/arns';
import { alreadyReplicatedProblem, claim, environmentKey, ownerOf } from './private/claims';
import { queueCreation, setMaxConcurrentCreates } from './private/creation-waves';
import { throwIfProblems } from './private/errors';
import { integrationEventRule } from './private/integration-events';
import { SOURCE_TABLE_STATEMENT_SID, sourceTableStatement, ZERO_ETL_METRICS_NAMESPACE } from './private/permissions';
import { inspectSourceTable, renderedResourcePolicySids } from './private/source-table';
import { integrationTableProperties } from './private/table-properties-resource';
import { integrationProblems } from './private/validate';
import { IZeroEtlTarget, ZeroEtlTargetConfig } from './target';
import { TargetTableProperties } from './target-table-properties';

/**
 * Properties for `DynamoDbZeroEtlIntegration`.
 */
export interface DynamoDbZeroEtlIntegrationProps {
  /**
   * The source DynamoDB table.
   *
   * It must have an explicit `tableName`, point-in-time recovery enabled, and must not be encrypted
   * with the AWS managed key (`aws/dynamodb`); it must be in the same account and region as this
   * construct's stack (a limit of this library: Glue also documents cross-account integrations).
   * A `Table` or `TableV2` defined in the app is checked and gets the resource policy statement
   * Glue needs. An imported table (`Table.fromTableName`, `fromTableArn`, ...) is accepted with a
   * warning: its settings cannot be checked and its resource policy must be set where the table is defined.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
   */
  readonly table: dynamodb.ITable;

  /**
   * Where the integration writes, for example an `S3TablesTarget`. It may be defined in another
   * stack of the same account and region; CloudFormation then deploys that stack first.
   */
  readonly target: IZeroEtlTarget;

  /**
   * Name of the Glue zero-ETL integration, 1 to 128 characters, unique in the account and region.
   * Changing it replaces the integration.
   *
   * @default - derived from the stack name and this construct's path, with a hash suffix that keeps
   * two instances in one account apart (`Names.uniqueResourceName`, at most 128 characters)
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly integrationName?: string;

  /**
   * Description of the integration, at most 1000 characters.
   *
   * @default - no description
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly description?: string;

  /**
   * How often the integration pulls changes from the table: whole minutes from 15 minutes to
   * 6 days (8640 minutes). CloudFormation replaces the integration when it changes.
   *
   * @default - Glue's default for DynamoDB sources, 15 minutes
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-configuring-integration.html
   */
  readonly refreshInterval?: Duration;

  /**
   * A customer managed key for the integration (`KmsKeyId`). CloudFormation's create handler
   * calls `kms:CreateGrant` and `kms:DescribeKey` on it as the principal that deploys, so its key
   * policy must allow that principal those actions; the construct does not change the key policy.
   * The Glue pages on DynamoDB sources and S3 Tables targets say nothing of what Glue itself needs
   * on this key, so no statement for Glue is added (an assumption: Glue works through the grants
   * CloudFormation creates). If the integration needs attention with a KMS error, look at the key
   * policy first. Changing it replaces the integration.
   *
   * @default - an AWS owned key
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Extra non-secret encryption context for the integration's key. Only with `encryptionKey`.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly additionalEncryptionContext?: { [key: string]: string };

  /**
   * Settings of the target Iceberg table: unnesting, partitioning and name.
   *
   * @default - Glue's defaults
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegrationTableProperties.html
   */
  readonly targetTableProperties?: TargetTableProperties;

  /**
   * Which statements authorize this integration in the account-wide Glue Data Catalog resource policy.
   *
   * @default CatalogPolicyScope.PER_TABLE
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-rbac
   */
  readonly catalogPolicyScope?: CatalogPolicyScope;

  /**
   * Tags of the integration, at most 50.
   *
   * @default - none (tags applied with `Tags.of(...)` still reach the integration)
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly tags?: { [key: string]: string };
}

/**
 * A Glue zero-ETL integration that replicates one Amazon DynamoDB table into a target, such as an
 * `S3TablesTarget`.
 *
 * Adds the statement Glue needs to the table's resource policy, authorizes the integration in the
 * account-wide Glue Data Catalog resource policy (through a custom resource shared by the stack),
 * applies the target table properties, and creates the `AWS::Glue::Integration` after everything
 * it needs. CloudFormation creates at most 4 integrations of a stack at once (see
 * `setMaxConcurrentCreates`).
 *
 * One source table can be replicated into one target once per app: a second integration of the
 * same table into the same target is an error.
 *
 * @throws Error at construction, listing every problem found in the props and the source table
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-using.html
 *
 * @example
 * declare const stack: Stack;
 * declare const orders: dynamodb.ITable;
 * declare const lake: S3TablesTarget;
 * new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', {
 *   table: orders,
 *   target: lake,
 *   refreshInterval: Duration.hours(1),
 * });
 */
export class DynamoDbZeroEtlIntegration extends Construct {
  /**
   * Sets how many integrations CloudFormation may create at once in `stack`; the integrations of
   * the stack then depend on each other in that many lanes. A public CDK app reports that creating
   * 12 integrations into one table bucket at once failed with "Re-try exhausted" while batches of 4
   * deployed; AWS documents no limit. A higher number deploys faster and risks that failure.
   *
   * @param stack the stack, before any integration is defined in it
   * @param maxConcurrentCreates a whole number of at least 1 (4 unless set)
   * @throws Error when the number is not a whole number of at least 1, or the stack already has integrations
   */
  public static setMaxConcurrentCreates(stack: Stack, maxConcurrentCreates: number): void {
    setMaxConcurrentCreates(stack, maxConcurrentCreates);
  }

  /** ARN of the integration: `arn:<partition>:glue:<region>:<account>:integration:<id>`. */
  public readonly integrationArn: string;
  /** Name of the integration. */
  public readonly integrationName: string;
  /** Name of the source table. */
  public readonly sourceTableName: string;
  /** The target's ARN, as the integration's `TargetArn`. */
  public readonly targetArn: string;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlIntegrationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const source = inspectSourceTable(props.table);
    const problems = integrationProblems(this, props, source);
    const target = this.bindTarget(props.target, problems);
    const pairKey = target && source.tableName &&
      `integration ${environmentKey(stack)} ${JSON.stringify(stack.resolve([target.targetArn, dynamoDbTableArn(stack, source.tableName)]))}`;
    const owner = pairKey && ownerOf(this, pairKey);
    if (owner) {
      problems.push(alreadyReplicatedProblem(source.tableName!, owner));
    }
    throwIfProblems('DynamoDbZeroEtlIntegration', this, problems);

    this.sourceTableName = source.tableName!;
    this.targetArn = target!.targetArn;
    this.grantGlueExport(props.table);
    const catalogPolicy = CatalogResourcePolicy.of(this);
    if (props.catalogPolicyScope === CatalogPolicyScope.ACCOUNT_WIDE) {
      catalogPolicy.allowAccountWide(target!.accountWideCatalogResourceArns);
    } else {
      catalogPolicy.allowInboundIntegration(this.targetArn, target!.catalogResourceArns, dynamoDbTableArn(stack, this.sourceTableName));
    }

    const resource = new glue.CfnIntegration(this, 'Resource', {
      integrationName: props.integrationName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: props.description,
      sourceArn: props.table.tableArn,
      targetArn: this.targetArn,
      kmsKeyId: props.encryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
      integrationConfig: props.refreshInterval ? { refreshInterval: String(props.refreshInterval.toMinutes()) } : undefined,
      tags: props.tags && Object.entries(props.tags).map(([key, value]) => ({ key, value })),
    });
    resource.node.addDependency(...target!.dependencies, catalogPolicy.resource);
    if (props.targetTableProperties) {
      const tableProperties = integrationTableProperties(
        this, 'TableProperties', this.targetArn, this.sourceTableName, props.targetTableProperties);
      // Glue reads the table properties when it creates the integration, so they come first; they
      // name the target, so they come after it.
      tableProperties.node.addDependency(...target!.dependencies);
      resource.node.addDependency(tableProperties);
    }
    queueCreation(resource);
    this.integrationArn = resource.attrIntegrationArn;
    this.integrationName = resource.integrationName;
    claim(this, pairKey!);
  }

  /** Binds to the target, or adds why it cannot to `problems`. */
  private bindTarget(target: IZeroEtlTarget, problems: string[]): ZeroEtlTargetConfig | undefined {
    try {
      return target.bind(this);
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  }

  /**
   * A metric of this integration in the `AWS/Glue/ZeroETL` namespace, with the `integrationArn` dimension.
   *
   * @param metricName e.g. `IngestionSucceeded`, `IngestionFailed`, `InsertCount`, `UpdateCount`,
   * `DeleteCount`, `LastSyncTimestamp`
   * @param props metric options; the statistic defaults to Sum
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: ZERO_ETL_METRICS_NAMESPACE,
      metricName,
      statistic: cloudwatch.Stats.SUM,
      ...props,
      dimensionsMap: { integrationArn: this.integrationArn, ...props.dimensionsMap },
    });
  }

  /** Ingestions that succeeded (1 per ingestion). Sum over 5 minutes by default. */
  public metricIngestionSucceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('IngestionSucceeded', props);
  }

  /** Ingestions that failed (1 per failure). Sum over 5 minutes by default. */
  public metricIngestionFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('IngestionFailed', props);
  }

  /** Items inserted into the target. Sum over 5 minutes by default. */
  public metricInsertCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InsertCount', props);
  }

  /** Items updated in the target. Sum over 5 minutes by default. */
  public metricUpdateCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('UpdateCount', props);
  }

  /** Items deleted from the target. Sum over 5 minutes by default. */
  public metricDeleteCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeleteCount', props);
  }

  /** Time of the last successful sync (epoch seconds). Maximum over 5 minutes by default. */
  public metricLastSyncTimestamp(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('LastSyncTimestamp', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * Routes this integration's "Integration Needs Attention" and "Integration Failed" EventBridge
   * events to `target`.
   *
   * @param id construct id of the rule, in this construct
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public onIntegrationEvent(id: string, target: events.IRuleTarget): events.Rule {
    return integrationEventRule(this, id, [this.integrationArn], target);
  }

  /**
   * Some aws-cdk-lib releases in this library's peer range (2.250.0 among them) report a statement
   * added to a `TableV2` created without `resourcePolicy` as added and then leave it out of the
   * template (aws/aws-cdk#30793). Without it, Glue cannot export the table and the integration
   * needs attention after deployment, so synthesis fails instead.
   */
  private droppedResourcePolicyProblems(table: dynamodb.ITable): string[] {
    const sids = renderedResourcePolicySids(table);
    if (sids === undefined || sids.includes(SOURCE_TABLE_STATEMENT_SID)) {
      return [];
    }
    return [
      `The resource policy of table '${table.node.path}' does not contain the statement ${SOURCE_TABLE_STATEMENT_SID} that ` +
      'lets Glue export the table, although aws-cdk-lib reported it added: some aws-cdk-lib releases drop statements added to a ' +
      'TableV2 created without a resource policy (https://github.com/aws/aws-cdk/issues/30793). Create the table with ' +
      'resourcePolicy: new iam.PolicyDocument(), or upgrade aws-cdk-lib.',
    ];
  }

  /**
   * Adds the export statement to the table's resource policy, or, for an imported table, says what
   * the user must add where the table is defined.
   */
  private grantGlueExport(table: dynamodb.ITable): void {
    const stack = Stack.of(this);
    const statement = sourceTableStatement(stack);
    const definedHere = table instanceof dynamodb.Table || table instanceof dynamodb.TableV2;
    if (definedHere && table.addToResourcePolicy(statement).statementAdded) {
      this.node.addValidation({ validate: () => this.droppedResourcePolicyProblems(table) });
      return;
    }
    const known = (value: string, placeholder: string) => (Token.isUnresolved(value) ? placeholder : value);
    const account = known(stack.account, '<account>');
    Annotations.of(this).addWarningV2(
      'dynamodb-zero-etl-s3tables:importedTable',
      `Table '${table.tableName}' is imported: its point-in-time recovery and encryption could not be checked, and its ` +
      'resource policy cannot be changed from here. Where the table is defined, enable PITR, do not use the AWS managed key, ' +
      'and add a resource policy statement that allows principal glue.amazonaws.com the actions ' +
      'dynamodb:ExportTableToPointInTime, dynamodb:DescribeTable and dynamodb:DescribeExport on resource "*", ' +
      `with conditions StringEquals aws:SourceAccount = ${account} and ArnLike aws:SourceArn = ` +
      `arn:${known(stack.partition, '<partition>')}:glue:${known(stack.region, '<region>')}:${account}:integration:*.`,
    );
  }
}
