import { Annotations, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3tables from 'aws-cdk-lib/aws-s3tables';
import { Construct } from 'constructs';
import { CatalogResourcePolicy } from './catalog-policy/catalog-resource-policy';
import { dynamoDbTableArn, s3TablesCatalogArn } from './private/arns';
import { GLUE_SERVICE_PRINCIPAL, sourceTableStatement, targetRoleStatements } from './private/permissions';
import { inspectSourceTable, SourceTableSettings } from './private/source-table';
import { integrationNameProblems, sourceTableProblems, tableBucketNameProblems } from './private/validate';

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
   * Name of the S3 table bucket to create as the target.
   *
   * 3 to 63 characters: lowercase letters, digits and hyphens, beginning and ending with a letter
   * or digit; not starting with `xn--`, `sthree-`, `amzn-s3-demo-` or `aws`, and not ending with
   * `-s3alias`, `--ol-s3`, `--x-s3` or `--table-s3`. Unique within the account and region.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html
   */
  readonly tableBucketName: string;

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
   * The bucket holds the replicated data, so it is kept by default.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
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
  /** The S3 table bucket the integration writes to. */
  public readonly tableBucket: s3tables.CfnTableBucket;
  /** ARN of the table bucket: `arn:<partition>:s3tables:<region>:<account>:bucket/<name>`. */
  public readonly tableBucketArn: string;
  /** The role Glue assumes to write into the table bucket (the target processing role). */
  public readonly targetRole: iam.IRole;
  /** Associates the target processing role with the target catalog. */
  public readonly integrationResourceProperty: glue.CfnIntegrationResourceProperty;
  /** The zero-ETL integration. */
  public readonly integration: glue.CfnIntegration;
  /** ARN of the integration: `arn:<partition>:glue:<region>:<account>:integration:<id>`. */
  public readonly integrationArn: string;
  /** Name of the integration. */
  public readonly integrationName: string;
  /**
   * The integration's target: `arn:<partition>:glue:<region>:<account>:catalog/s3tablescatalog/<bucket>`.
   */
  public readonly targetCatalogArn: string;

  /** Names of the source tables already replicated into this bucket. */
  private readonly sourceTableNames = new Set<string>();

  constructor(scope: Construct, id: string, props: DynamoDbZeroEtlToS3TablesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const integrationName = props.integrationName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    const source = this.checkSource(props.table, integrationName, tableBucketNameProblems(props.tableBucketName));

    this.tableBucket = new s3tables.CfnTableBucket(this, 'TableBucket', { tableBucketName: props.tableBucketName });
    this.tableBucket.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.tableBucketArn = this.tableBucket.attrTableBucketArn;
    this.targetCatalogArn = s3TablesCatalogArn(stack, props.tableBucketName);

    const targetRole = new iam.Role(this, 'TargetRole', {
      assumedBy: new iam.ServicePrincipal(GLUE_SERVICE_PRINCIPAL),
      description: `Glue zero-ETL target processing role for table bucket ${props.tableBucketName}`,
    });
    for (const statement of targetRoleStatements(stack, this.tableBucketArn)) {
      targetRole.addToPrincipalPolicy(statement);
    }
    this.targetRole = targetRole;

    this.integrationResourceProperty = new glue.CfnIntegrationResourceProperty(this, 'IntegrationResourceProperty', {
      resourceArn: this.targetCatalogArn,
      targetProcessingProperties: { roleArn: targetRole.roleArn },
    });
    // Glue checks the role and the bucket when the property is created: wait for the role's policy too.
    this.integrationResourceProperty.node.addDependency(targetRole, this.tableBucket);

    this.integration = this.connect(props.table, source, 'Integration', integrationName);
    this.integrationName = integrationName;
    this.integrationArn = this.integration.attrIntegrationArn;
  }

  /**
   * Replicates one more DynamoDB table into this construct's table bucket, through a zero-ETL
   * integration of its own that shares the bucket, the target role, the integration resource
   * property and the stack's catalog-policy custom resource. Adds one resource to the stack.
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
    const source = this.checkSource(table, options.integrationName);
    return this.connect(table, source, `Integration-${source.tableName}`, options.integrationName);
  }

  /** Validates a source table and its integration name; throws one Error listing every problem. */
  private checkSource(table: dynamodb.ITable, integrationName: string | undefined, otherProblems: string[] = []): SourceTableSettings {
    const source = inspectSourceTable(table);
    const problems = [
      ...sourceTableProblems(this, table, source),
      ...otherProblems,
      ...(integrationName === undefined ? [] : integrationNameProblems(integrationName)),
    ];
    if (source.tableName !== undefined && this.sourceTableNames.has(source.tableName)) {
      problems.push(`table '${source.tableName}' is already replicated into this table bucket: Glue allows one integration per source table and target.`);
    }
    if (problems.length > 0) {
      throw new Error(
        `DynamoDbZeroEtlToS3Tables '${this.node.path}' cannot be created:\n` +
        problems.map(problem => `  - ${problem}`).join('\n'),
      );
    }
    this.sourceTableNames.add(source.tableName!);
    return source;
  }

  /** Grants Glue access to `table` and creates its integration into this bucket. */
  private connect(table: dynamodb.ITable, source: SourceTableSettings, id: string, integrationName?: string): glue.CfnIntegration {
    const stack = Stack.of(this);
    this.grantGlueExport(table, source.definedInApp);

    const catalogPolicy = CatalogResourcePolicy.of(this);
    catalogPolicy.allowInboundIntegration(this.targetCatalogArn, dynamoDbTableArn(stack, source.tableName!));

    const integration = new glue.CfnIntegration(this, id, {
      integrationName: integrationName ?? '',
      sourceArn: table.tableArn,
      targetArn: this.targetCatalogArn,
    });
    integration.integrationName = integrationName ?? Names.uniqueResourceName(integration, { maxLength: 128, separator: '-' });
    integration.node.addDependency(this.integrationResourceProperty, this.targetRole, this.tableBucket, catalogPolicy.resource, table);
    return integration;
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
