import { Annotations, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { renderedResourcePolicySids } from './source-table';

/**
 * What the source-table handling shared by every zero-ETL path (Glue and Redshift) needs to know
 * of the service that exports the table: the statement it must find in the table's resource policy.
 */
export interface SourceExporter {
  /** The service principal that exports the table, e.g. `glue.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** The service of the integrations' ARNs, the `aws:SourceArn` the statement is conditioned on. */
  readonly integrationService: string;
  /** Sid of the statement in the table's resource policy. */
  readonly sid: string;
  /** Where else the table is named by its ARN, for the explicit-name rule's message. */
  readonly authorizedIn: string;
}

/** Glue zero-ETL: the DynamoDB source of an S3 Tables or Glue database target. */
export const GLUE_EXPORTER: SourceExporter = {
  servicePrincipal: 'glue.amazonaws.com',
  integrationService: 'glue',
  sid: 'AllowGlueZeroEtlExport',
  authorizedIn: 'the account-wide Glue catalog policy',
};

/** Redshift zero-ETL: the DynamoDB source of a Redshift warehouse. */
export const REDSHIFT_EXPORTER: SourceExporter = {
  servicePrincipal: 'redshift.amazonaws.com',
  integrationService: 'redshift',
  sid: 'AllowRedshiftZeroEtlExport',
  authorizedIn: 'the warehouse resource policy',
};

/** Actions the table's resource policy grants the exporting service. */
const SOURCE_TABLE_ACTIONS = [
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:DescribeTable',
  'dynamodb:DescribeExport',
];

/** `arn:<partition>:<service>:<region>:<account>:integration:*`: every integration of the exporter in the account. */
function anyIntegrationArn(stack: Stack, exporter: SourceExporter): string {
  return stack.formatArn({
    service: exporter.integrationService, resource: 'integration', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * The statement for the source table's resource policy that lets the exporter export and describe
 * it, for integrations in this account only.
 *
 * `Resource` is `*` as in the AWS documentation: a table's resource policy only ever applies to
 * that table and its exports, and `DescribeExport` is authorized on the export's ARN, not the table's.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/zero-etl-sources.html#zero-etl-config-source-dynamodb
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/RedshiftforDynamoDB-zero-etl.html
 */
export function sourceTableStatement(stack: Stack, exporter: SourceExporter): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: exporter.sid,
    principals: [new iam.ServicePrincipal(exporter.servicePrincipal)],
    actions: SOURCE_TABLE_ACTIONS,
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': anyIntegrationArn(stack, exporter) },
    },
  });
}

/**
 * Adds the export statement to the table's resource policy, or, for an imported table, warns on
 * `scope` with what the user must add where the table is defined.
 */
export function grantSourceExport(scope: Construct, table: dynamodb.ITable, exporter: SourceExporter): void {
  const stack = Stack.of(scope);
  const definedHere = table instanceof dynamodb.Table || table instanceof dynamodb.TableV2;
  if (definedHere && table.addToResourcePolicy(sourceTableStatement(stack, exporter)).statementAdded) {
    scope.node.addValidation({ validate: () => droppedResourcePolicyProblems(table, exporter) });
    return;
  }
  const known = (value: string, placeholder: string) => (Token.isUnresolved(value) ? placeholder : value);
  const account = known(stack.account, '<account>');
  Annotations.of(scope).addWarningV2(
    'cdk-dynamodb-zero-etl:importedTable',
    `Table '${table.tableName}' is imported: its point-in-time recovery and encryption could not be checked, and its ` +
    'resource policy cannot be changed from here. Where the table is defined, enable PITR, do not use the AWS managed key, ' +
    `and add a resource policy statement that allows principal ${exporter.servicePrincipal} the actions ` +
    'dynamodb:ExportTableToPointInTime, dynamodb:DescribeTable and dynamodb:DescribeExport on resource "*", ' +
    `with conditions StringEquals aws:SourceAccount = ${account} and ArnLike aws:SourceArn = ` +
    `arn:${known(stack.partition, '<partition>')}:${exporter.integrationService}:${known(stack.region, '<region>')}:${account}:integration:*.`,
  );
}

/**
 * Some aws-cdk-lib releases in the peer range (2.250.0 among them) report a statement added to a
 * `TableV2` created without `resourcePolicy` as added and then leave it out of the template
 * (aws/aws-cdk#30793). Without it the service cannot export the table, so synthesis fails instead.
 */
function droppedResourcePolicyProblems(table: dynamodb.ITable, exporter: SourceExporter): string[] {
  const sids = renderedResourcePolicySids(table);
  if (sids === undefined || sids.includes(exporter.sid)) {
    return [];
  }
  return [
    `The resource policy of table '${table.node.path}' does not contain the statement ${exporter.sid} that ` +
    `lets ${exporter.servicePrincipal} export the table, although aws-cdk-lib reported it added: some aws-cdk-lib releases drop ` +
    'statements added to a TableV2 created without a resource policy (https://github.com/aws/aws-cdk/issues/30793). Create the ' +
    'table with resourcePolicy: new iam.PolicyDocument(), or upgrade aws-cdk-lib.',
  ];
}
