import { Annotations, Arn, ArnFormat, Duration, Lazy, Names, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3tables from 'aws-cdk-lib/aws-s3tables';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { CatalogResourcePolicy } from './catalog-policy/catalog-resource-policy';
import { dynamoDbTableArn, s3TablesCatalogArn, tableBucketArn } from './private/arns';
import {
  GLUE_SERVICE_PRINCIPAL,
  s3TablesMaintenanceKeyStatement,
  sourceTableStatement,
  TABLE_BUCKET_KEY_ACTIONS,
  targetRoleStatements,
  ZERO_ETL_METRICS_NAMESPACE,
} from './private/permissions';
import { s3TablesCatalog } from './private/s3-tables-catalog';
import { inspectSourceTable, SourceTableSettings } from './private/source-table';
import { integrationTableProperties } from './private/table-properties-resource';
import {
  integrationNameProblems,
  refreshIntervalProblems,
  sourceTableProblems,
  tableBucketNameProblems,
  targetTablePropertiesProblems,
} from './private/validate';
import { TargetTableProperties } from './target-table-properties';

/**
 * Properties for `DynamoDbZeroEtlToS3Tables`.
 */
export interface DynamoDbZeroEtlToS3TablesProps {
  /**
   * The source DynamoDB table.
   *
   * It must have an explicit `tableName`, point-in-time recovery enabled, and must not be encrypted
   * with the AWS managed key (`aws/dynamodb`); it must be in the same account and region as this
   * construct's stack. A `Table` or `TableV2` defined in the app is checked and gets the resource
   * policy statement Glue needs. An imported table (`Table.fromTableName`, `fromTableArn`, ...) is
   * accepted with a warning: its settings cannot be checked and its resource policy must be set
   * where the table is defined.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
   */
  readonly table: dynamodb.ITable;

  /**
   * Name of the S3 table bucket to create as the target. Give this or `existingTableBucketArn`.
   *
   * 3 to 63 characters: lowercase letters, digits and hyphens, beginning and ending with a letter
   * or digit; not starting with `xn--`, `sthree-`, `amzn-s3-demo-` or `aws`, and not ending with
   * `-s3alias`, `--ol-s3`, `--x-s3` or `--table-s3`. Unique within the account and region.
   *
   * @default - none: give `existingTableBucketArn` instead
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html
   */
  readonly tableBucketName?: string;

  /**
   * ARN of an existing table bucket to replicate into, `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`,
   * in the stack's account and region. No bucket is created. Give this or `tableBucketName`.
   *
   * @default - none: give `tableBucketName` instead
   */
  readonly existingTableBucketArn?: string;

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
   * What happens to the table bucket when it is removed from the stack or the stack is deleted.
   * The bucket holds the replicated data, so it is kept by default. Only for a bucket this
   * construct creates.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The role Glue assumes to write into the table bucket (the target processing role). It must
   * trust `glue.amazonaws.com`. The construct adds the permissions it needs to the role's policy;
   * for an imported role it also warns with what to grant, since a role imported with
   * `mutable: false` drops them.
   *
   * @default - a new role with exactly the permissions the target needs
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-target.html#zero-etl-config-target-s3-tables-iam-role
   */
  readonly targetRole?: iam.IRole;

  /**
   * How often the integration pulls changes from the table: whole minutes from 15 minutes to
   * 6 days (8640 minutes). CloudFormation replaces the integration when it changes.
   *
   * @default - Glue's default for DynamoDB sources, 15 minutes
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-configuring-integration.html
   */
  readonly refreshInterval?: Duration;

  /**
   * A customer managed key for the table bucket (SSE-KMS). The target role may use it to read and
   * write tables; when the key is defined in this stack, its key policy also gets the statement
   * S3 Tables maintenance needs, otherwise the construct warns with what to add. It is also the
   * integration resource property's `KmsArn`. With `existingTableBucketArn`, give the key that
   * bucket uses.
   *
   * @default - S3-managed encryption (SSE-S3, AES256)
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-kms-permissions.html
   */
  readonly tableBucketEncryptionKey?: kms.IKey;

  /**
   * A customer managed key for the integration (`KmsKeyId`). The principal that deploys needs
   * `kms:CreateGrant` and `kms:DescribeKey` on it; its key policy is not changed. Changing it
   * replaces the integration.
   *
   * @default - an AWS owned key
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly integrationEncryptionKey?: kms.IKey;

  /**
   * Extra non-secret encryption context for the integration's key. Only with `integrationEncryptionKey`.
   *
   * @default - none
   */
  readonly additionalEncryptionContext?: { [key: string]: string };

  /**
   * Settings of the target Iceberg table for `table`: unnesting, partitioning and name.
   *
   * @default - Glue's defaults
   */
  readonly targetTableProperties?: TargetTableProperties;

  /**
   * Create the `s3tablescatalog` federated catalog (the S3 Tables integration with AWS analytics
   * services) if the account has none in this region. An existing catalog is left as it is, and
   * the construct never deletes the catalog. Safe when several stacks opt in.
   *
   * @default false
   * @see https://docs.aws.amazon.com/glue/latest/dg/enable-s3-tables-catalog-integration.html
   */
  readonly createS3TablesCatalog?: boolean;
}

/**
 * Options for `DynamoDbZeroEtlToS3Tables.addTable`.
 */
export interface AddTableOptions {
  /**
   * Name of the table's Glue zero-ETL integration, 1 to 128 characters, unique in the account and
   * region. Changing it replaces the integration.
   *
   * @default - derived from the stack name and the integration's construct path, with a hash suffix
   * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateIntegration.html
   */
  readonly integrationName?: string;

  /**
   * How often the integration pulls changes from the table: whole minutes from 15 minutes to 6 days.
   *
   * @default - Glue's default for DynamoDB sources, 15 minutes
   */
  readonly refreshInterval?: Duration;

  /**
   * Settings of the target Iceberg table for this table.
   *
   * @default - Glue's defaults
   */
  readonly targetTableProperties?: TargetTableProperties;
}

/**
 * Replicates an Amazon DynamoDB table into Apache Iceberg tables in an Amazon S3 table bucket
 * through an AWS Glue zero-ETL integration.
 *
 * Creates the table bucket, the target IAM role Glue assumes, the `IntegrationResourceProperty`
 * that associates the role with the target, the source table's resource policy statement, the
 * Glue Data Catalog resource policy statements (through a custom resource shared by every instance
 * in the stack) and the `AWS::Glue::Integration`, with the dependencies that let a single deploy
 * create them in order.
 *
 * Prerequisite: the account must have the S3 Tables integration with AWS analytics services
 * enabled in the region (the `s3tablescatalog` federated catalog).
 *
 * @throws Error at construction, listing every problem found in the props and the source table
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-using.html
 *
 * @example
 * declare const stack: Stack;
 * const table = new dynamodb.TableV2(stack, 'Orders', {
 *   tableName: 'orders',
 *   partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
 *   pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
 * });
 * new DynamoDbZeroEtlToS3Tables(stack, 'OrdersToS3Tables', {
 *   table,
 *   tableBucketName: 'orders-analytics',
 * });
 */
export class DynamoDbZeroEtlToS3Tables extends Construct {
  /** The table bucket this construct created; undefined with `existingTableBucketArn`. */
  public readonly tableBucket?: s3tables.CfnTableBucket;
  /** ARN of the table bucket: `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`. */
  public readonly tableBucketArn: string;
  /** Name of the table bucket. */
  public readonly tableBucketName: string;
  /** The role Glue assumes to write into the table bucket (the target processing role). */
  public readonly targetRole: iam.IRole;
  /** Associates the target processing role with the target catalog. */
  public readonly integrationResourceProperty: glue.CfnIntegrationResourceProperty;
  /** The zero-ETL integration of `props.table`. */
  public readonly integration: glue.CfnIntegration;
  /** ARN of that integration: `arn:<partition>:glue:<region>:<account>:integration:<id>`. */
  public readonly integrationArn: string;
  /** Name of that integration. */
  public readonly integrationName: string;
  /**
   * The integrations' target: `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`.
   */
  public readonly targetCatalogArn: string;

  /** Every integration into this bucket, by source table name, in the order they were added. */
  private readonly integrations = new Map<string, glue.CfnIntegration>();
  private readonly integrationEncryptionKey?: kms.IKey;
  private readonly additionalEncryptionContext?: { [key: string]: string };
  /** What every integration of this construct waits for, besides its own table. */
  private readonly integrationDependencies: IConstruct[];
  private ingestionFailedAlarmTopic?: sns.ITopic;

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToS3TablesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const integrationName = props.integrationName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    const source = this.checkSource(props.table, props, this.targetProblems(props));
    this.integrationEncryptionKey = props.integrationEncryptionKey;
    this.additionalEncryptionContext = props.additionalEncryptionContext;

    if (props.tableBucketName !== undefined) {
      this.tableBucketName = props.tableBucketName;
      this.tableBucket = new s3tables.CfnTableBucket(this, 'TableBucket', {
        tableBucketName: props.tableBucketName,
        encryptionConfiguration: props.tableBucketEncryptionKey
          ? { sseAlgorithm: 'aws:kms', kmsKeyArn: props.tableBucketEncryptionKey.keyArn }
          : undefined,
      });
      this.tableBucket.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
      this.tableBucketArn = this.tableBucket.attrTableBucketArn;
    } else {
      this.tableBucketArn = props.existingTableBucketArn!;
      this.tableBucketName = Arn.split(this.tableBucketArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
    }
    this.targetCatalogArn = s3TablesCatalogArn(stack, this.tableBucketName);

    this.targetRole = props.targetRole ?? new iam.Role(this, 'TargetRole', {
      assumedBy: new iam.ServicePrincipal(GLUE_SERVICE_PRINCIPAL),
      description: `Glue zero-ETL target processing role for table bucket ${this.tableBucketName}`,
    });
    const roleStatements = targetRoleStatements(stack, this.tableBucketArn);
    if (props.tableBucketEncryptionKey) {
      roleStatements.push(new iam.PolicyStatement({ actions: TABLE_BUCKET_KEY_ACTIONS, resources: [props.tableBucketEncryptionKey.keyArn] }));
      this.allowS3TablesMaintenance(props.tableBucketEncryptionKey);
    }
    this.grantTargetRole(roleStatements);

    this.integrationResourceProperty = new glue.CfnIntegrationResourceProperty(this, 'IntegrationResourceProperty', {
      resourceArn: this.targetCatalogArn,
      targetProcessingProperties: { roleArn: this.targetRole.roleArn, kmsArn: props.tableBucketEncryptionKey?.keyArn },
    });
    // Glue checks the role and the bucket when the property is created: wait for the role's policy too.
    const targetDependencies: IConstruct[] = [this.targetRole, ...(this.tableBucket ? [this.tableBucket] : [])];
    if (props.createS3TablesCatalog) {
      const catalog = s3TablesCatalog(this);
      targetDependencies.push(catalog);
      CatalogResourcePolicy.of(this).resource.node.addDependency(catalog);
    }
    this.integrationResourceProperty.node.addDependency(...targetDependencies);
    this.integrationDependencies = [this.integrationResourceProperty, CatalogResourcePolicy.of(this).resource, ...targetDependencies];

    this.integration = this.connect(props.table, source, 'Integration', integrationName, props);
    this.integrationName = integrationName;
    this.integrationArn = this.integration.attrIntegrationArn;
  }

  /**
   * Replicates one more DynamoDB table into this construct's table bucket, through a zero-ETL
   * integration of its own that shares the bucket, the target role, the integration resource
   * property and the stack's catalog-policy custom resource. Adds one resource to the stack (two
   * with `targetTableProperties`, one more with `addIngestionFailedAlarms`).
   *
   * The table must meet the same rules as `props.table`.
   *
   * @param table the source table
   * @param options the integration's settings
   * @returns the new integration, with construct id `Integration-<tableName>`
   * @throws Error listing every problem with the table or the options, or when the table is
   * already replicated into this bucket
   */
  public addTable(table: dynamodb.ITable, options: AddTableOptions = {}): glue.CfnIntegration {
    const source = this.checkSource(table, options);
    return this.connect(table, source, `Integration-${source.tableName}`, options.integrationName, options);
  }

  /**
   * A metric of this construct's first integration in the `AWS/Glue/ZeroETL` namespace, with the
   * `integrationArn` dimension. For an integration added with `addTable`, pass its ARN in
   * `props.dimensionsMap`.
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
   * Adds an alarm per integration, present and added later, that goes off when `IngestionFailed`
   * is 1 or more in a 5-minute period and notifies `topic`.
   *
   * @returns the alarms created for the integrations that exist now
   */
  public addIngestionFailedAlarms(topic: sns.ITopic): cloudwatch.Alarm[] {
    this.ingestionFailedAlarmTopic = topic;
    return [...this.integrations.keys()].map(tableName => this.ingestionFailedAlarm(tableName));
  }

  /**
   * Routes the "Integration Needs Attention" and "Integration Failed" EventBridge events of this
   * construct's integrations to `topic`.
   *
   * The events come from source `aws.glue-zero-etl`; the rule matches an integration's ARN in the
   * event's `resources` or in `detail.integrationArn`, since AWS does not document which carries it.
   *
   * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-monitoring.html
   */
  public notifyOnIntegrationEvents(topic: sns.ITopic): events.Rule {
    const rule = new events.Rule(this, 'IntegrationEvents', {
      description: 'Zero-ETL integration needs attention or failed',
      eventPattern: { source: ['aws.glue-zero-etl'] },
      targets: [new eventsTargets.SnsTopic(topic)],
    });
    const integrationArns = Lazy.list({ produce: () => [...this.integrations.values()].map(i => i.attrIntegrationArn) });
    (rule.node.defaultChild as events.CfnRule).eventPattern = {
      'source': ['aws.glue-zero-etl'],
      'detail-type': ['AWS Glue Zero ETL Integration Needs Attention', 'AWS Glue Zero ETL Integration Failed'],
      '$or': [{ resources: integrationArns }, { detail: { integrationArn: integrationArns } }],
    };
    return rule;
  }

  /** Problems with where the data goes: exactly one bucket source, and options that fit it. */
  private targetProblems(props: DynamoDbZeroEtlToS3TablesProps): string[] {
    const problems: string[] = [];
    if ((props.tableBucketName === undefined) === (props.existingTableBucketArn === undefined)) {
      problems.push('give exactly one of tableBucketName (a bucket to create) and existingTableBucketArn (a bucket that exists).');
    }
    if (props.tableBucketName !== undefined) {
      problems.push(...tableBucketNameProblems(props.tableBucketName));
    }
    if (props.existingTableBucketArn !== undefined && props.removalPolicy !== undefined) {
      problems.push('removalPolicy only applies to a table bucket this construct creates, not to existingTableBucketArn.');
    }
    const arn = props.existingTableBucketArn;
    if (arn !== undefined && !Token.isUnresolved(arn) && !/^arn:[a-z-]+:s3tables:[a-z0-9-]+:\d{12}:bucket\/[a-z0-9-]+$/.test(arn)) {
      problems.push(`existingTableBucketArn '${arn}' is not a table bucket ARN (arn:<partition>:s3tables:<region>:<account>:bucket/<name>).`);
    }
    if (props.additionalEncryptionContext !== undefined && props.integrationEncryptionKey === undefined) {
      problems.push('additionalEncryptionContext needs integrationEncryptionKey: Glue only accepts it with a KmsKeyId.');
    }
    return problems;
  }

  /** Validates a source table, its options and `otherProblems`; throws one Error listing every problem. */
  private checkSource(table: dynamodb.ITable, options: AddTableOptions, otherProblems: string[] = []): SourceTableSettings {
    const source = inspectSourceTable(table);
    const problems = [
      ...sourceTableProblems(this, table, source),
      ...otherProblems,
      ...(options.integrationName === undefined ? [] : integrationNameProblems(options.integrationName)),
      ...refreshIntervalProblems(options.refreshInterval),
      ...targetTablePropertiesProblems(options.targetTableProperties),
    ];
    if (source.tableName !== undefined && this.integrations.has(source.tableName)) {
      problems.push(`table '${source.tableName}' is already replicated into this table bucket: Glue allows one integration per source table and target.`);
    }
    if (problems.length > 0) {
      throw new Error(
        `DynamoDbZeroEtlToS3Tables '${this.node.path}' cannot be created:\n` +
        problems.map(problem => `  - ${problem}`).join('\n'),
      );
    }
    return source;
  }

  /** Grants Glue access to `table` and creates its integration (and table properties) into this bucket. */
  private connect(
    table: dynamodb.ITable,
    source: SourceTableSettings,
    id: string,
    integrationName: string | undefined,
    options: AddTableOptions,
  ): glue.CfnIntegration {
    const stack = Stack.of(this);
    const tableName = source.tableName!;
    this.grantGlueExport(table, source.definedInApp);
    CatalogResourcePolicy.of(this).allowInboundIntegration(this.targetCatalogArn, dynamoDbTableArn(stack, tableName));

    const integration = new glue.CfnIntegration(this, id, {
      integrationName: integrationName ?? '',
      sourceArn: table.tableArn,
      targetArn: this.targetCatalogArn,
      kmsKeyId: this.integrationEncryptionKey?.keyArn,
      additionalEncryptionContext: this.additionalEncryptionContext,
      integrationConfig: options.refreshInterval
        ? { refreshInterval: String(options.refreshInterval.toMinutes()) }
        : undefined,
    });
    integration.integrationName = integrationName ?? Names.uniqueResourceName(integration, { maxLength: 128, separator: '-' });
    integration.node.addDependency(...this.integrationDependencies, table);
    if (options.targetTableProperties) {
      // Glue reads the table properties when it creates the integration, so they come first.
      integration.node.addDependency(integrationTableProperties(
        this, `TableProperties-${tableName}`, this.targetCatalogArn, tableName, options.targetTableProperties));
    }
    this.integrations.set(tableName, integration);
    if (this.ingestionFailedAlarmTopic) {
      this.ingestionFailedAlarm(tableName);
    }
    return integration;
  }

  private ingestionFailedAlarm(tableName: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `IngestionFailedAlarm-${tableName}`, {
      alarmDescription: `Glue zero-ETL ingestion from DynamoDB table ${tableName} into table bucket ${this.tableBucketName} failed`,
      metric: this.metricIngestionFailed({ dimensionsMap: { integrationArn: this.integrations.get(tableName)!.attrIntegrationArn } }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.ingestionFailedAlarmTopic!));
    return alarm;
  }

  /**
   * Adds the target permissions to the role. An imported role may have been imported with
   * `mutable: false`, which drops them silently, so for those the construct also warns with what to grant.
   */
  private grantTargetRole(statements: iam.PolicyStatement[]): void {
    for (const statement of statements) {
      this.targetRole.addToPrincipalPolicy(statement);
    }
    if (!Resource.isOwnedResource(this.targetRole)) {
      const stack = Stack.of(this);
      Annotations.of(this).addWarningV2(
        'dynamodb-zero-etl-s3tables:importedTargetRole',
        'The target role is imported: if it was imported with mutable: false, the construct could not add its permissions. ' +
        `Make sure it trusts glue.amazonaws.com and grants: ${JSON.stringify(statements.map(statement => stack.resolve(statement.toStatementJson())))}`,
      );
    }
  }

  /**
   * Gives S3 Tables maintenance use of the table bucket's key, in the key policy of a key this stack
   * defines; for any other key, warns with the statement to add (key policies elsewhere are left alone).
   */
  private allowS3TablesMaintenance(key: kms.IKey): void {
    const stack = Stack.of(this);
    const statement = s3TablesMaintenanceKeyStatement(stack, tableBucketArn(stack, this.tableBucketName));
    if (key instanceof kms.Key && Stack.of(key) === stack && key.addToResourcePolicy(statement).statementAdded) {
      return;
    }
    Annotations.of(this).addWarningV2(
      'dynamodb-zero-etl-s3tables:tableBucketKeyPolicy',
      'The table bucket key is not defined in this stack, so its key policy is left alone. Add this statement to it, ' +
      `or S3 Tables cannot maintain the bucket's tables: ${JSON.stringify(stack.resolve(statement.toStatementJson()))}`,
    );
  }

  /**
   * Adds the export statement to the table's resource policy, or, for an imported table, says what
   * the user must add where the table is defined.
   */
  private grantGlueExport(table: dynamodb.ITable, definedInApp: boolean): void {
    const statement = sourceTableStatement(Stack.of(this));
    if (definedInApp && (table as dynamodb.Table | dynamodb.TableV2).addToResourcePolicy(statement).statementAdded) {
      return;
    }
    const stack = Stack.of(this);
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
