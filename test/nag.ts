import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';

/** One cdk-nag finding: the rule (with its finding detail) and the construct that raised it. */
export interface NagFinding {
  readonly ruleName: string;
  readonly constructPath: string;
}

/**
 * The target role's policy: the role of an S3TablesTarget or GlueDatabaseTarget (construct id `Target` in
 * the one-liners, `Lake` or `Lakehouse` in the scenarios and examples), or `LakeRole`, the role the
 * bring-your-own scenario passes in.
 */
const TARGET_ROLE_POLICY = /\/((Target|Lake|Lakehouse)\/Role|LakeRole)\/DefaultPolicy\/Resource$/;
/** The general purpose bucket a GlueDatabaseTarget creates for its database's location. */
const GLUE_DATABASE_BUCKET = /\/(Target|Lakehouse)\/Bucket\/Resource$/;
/**
 * The AwsCustomResource singleton function (table properties, catalog bootstrap). The catalog-policy
 * handler runs on core CustomResourceProvider, whose function cdk-nag does not inspect.
 */
const AWS_CUSTOM_RESOURCE_FUNCTION = /\/AWS679f53fac002430cb0da5b7982bd2287\/Resource$/;

/** The `AwsCustomResource` policies of the Lake Formation grants of an S3TablesTarget in Lake Formation mode. */
const LAKE_FORMATION_GRANTS_POLICY = /\/(TargetRole|Read)LakeFormationPermissions\w*\/Grant\d+\/CustomResourcePolicy\/Resource$/;
/** The policy of `Analysts`, the role a scenario passes to `grantRead`. */
const READER_POLICY = /\/Analysts\/DefaultPolicy\/Resource$/;

/**
 * The cdk-nag findings this library's resources are expected to raise, each with the reason it is
 * acknowledged. The README's Security section lists the same reasons.
 */
export const ACKNOWLEDGED_FINDINGS: ReadonlyArray<{ readonly rule: RegExp; readonly path: RegExp; readonly reason: string }> = [
  {
    rule: /^AwsSolutions-IAM5\[Resource::(<\w+\.TableBucketARN>|arn:[\w-]+:s3tables:[\w-]+:\d{12}:bucket\/[a-z0-9-]+)\/table\/\*\]$/,
    path: TARGET_ROLE_POLICY,
    reason: 'Glue creates the Iceberg tables at run time, so their ids are unknown; the grant covers only the tables of this table bucket.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:glue:[\w-]+:\d{12}:table\/[a-z0-9_]+\/\*\]$/,
    path: TARGET_ROLE_POLICY,
    reason: 'Glue creates one Iceberg table per integration in the target Glue database at run time, so their names are unknown; '
      + 'the grant covers only the tables of that database, as in the Glue guide\'s role policy.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::(<\w+\.Arn>|arn:<AWS::Partition>:s3:::[a-z0-9.-]+)\/[\w./-]*\*\]$/,
    path: TARGET_ROLE_POLICY,
    reason: 'Glue writes and deletes Iceberg data and metadata files under the Glue database\'s location at run time; '
      + 'the grant covers only the objects under the location\'s prefix, as in the Glue guide\'s role policy.',
  },
  {
    rule: /^(AwsSolutions-S1|NIST\.800\.53\.R5-S3BucketLoggingEnabled)$/,
    path: GLUE_DATABASE_BUCKET,
    reason: 'Server access logging needs a log bucket and retention of the user\'s choosing; the construct creates none. '
      + 'Where it is required, pass a bucket with access logging as the GlueDatabaseTarget\'s bucket.',
  },
  {
    rule: /^NIST\.800\.53\.R5-S3BucketReplicationEnabled$/,
    path: GLUE_DATABASE_BUCKET,
    reason: 'Replication needs a second bucket, usually in another region; the data can be exported again from the DynamoDB source. '
      + 'Where it is required, pass a replicated bucket as the GlueDatabaseTarget\'s bucket.',
  },
  {
    rule: /^NIST\.800\.53\.R5-S3DefaultEncryptionKMS$/,
    path: GLUE_DATABASE_BUCKET,
    reason: 'The bucket is encrypted at rest with S3-managed keys (SSE-S3) by default; set encryptionKey for SSE-KMS with a customer managed key.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: TARGET_ROLE_POLICY,
    reason: 's3tables:ListTableBuckets and cloudwatch:PutMetricData have no resource type; PutMetricData is limited to the AWS/Glue/ZeroETL namespace by a condition.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:[^:]+:[^:]+:log-group:\/aws-glue\/zeroETL-integrations\/\*(:log-stream:\*)?\]$/,
    path: TARGET_ROLE_POLICY,
    reason: 'Glue names the zero-ETL log groups and streams at run time; the grant covers only /aws-glue/zeroETL-integrations/.',
  },
  {
    rule: /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    path: /\/AWS679f53fac002430cb0da5b7982bd2287\/ServiceRole\/Resource$/,
    reason: 'aws-cdk-lib\'s AwsCustomResource singleton function (table properties, catalog bootstrap) has a fixed role with the AWS managed basic execution policy.',
  },
  {
    rule: /^AwsSolutions-L1$/,
    path: AWS_CUSTOM_RESOURCE_FUNCTION,
    reason: 'aws-cdk-lib chooses the runtime of its AwsCustomResource function; it moves with aws-cdk-lib upgrades.',
  },
  {
    rule: /^NIST\.800\.53\.R5-IAMNoInlinePolicy$/,
    path: /\/(DefaultPolicy|CustomResourcePolicy)\/Resource$/,
    reason: 'aws-cdk-lib grants attach a policy to the one role they are for, scoped to its resources; a managed policy could be attached to other principals, which is broader.',
  },
  {
    rule: /^NIST\.800\.53\.R5-Lambda(InsideVPC|DLQ|Concurrency)$/,
    path: AWS_CUSTOM_RESOURCE_FUNCTION,
    reason: 'Custom-resource functions run a few times per deployment, are invoked synchronously with failures reported to CloudFormation, '
      + 'and only call public AWS APIs: a VPC, a dead-letter queue or reserved concurrency would add cost and setup for nothing.',
  },
  {
    rule: /^NIST\.800\.53\.R5-CloudWatchLogGroupEncrypted$/,
    path: /\/(DynamoDbZeroEtlCatalogResourcePolicy\/HandlerLogs|DynamoDbZeroEtlAwsCustomResourceLogs)\/Resource$/,
    reason: 'The custom-resource logs hold ARNs and policy statements, no table data or secrets, and CloudWatch Logs encrypts them at rest with its own keys.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: LAKE_FORMATION_GRANTS_POLICY,
    reason: 'lakeformation:GrantPermissions and RevokePermissions have no resource type; what they grant is named in the request, '
      + 'and the function\'s role must also be a Lake Formation data lake administrator.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:glue:[\w-]+:\d{12}:table\/s3tablescatalog\/[a-z0-9-]+\/\w+\/\*\]$/,
    path: LAKE_FORMATION_GRANTS_POLICY,
    reason: 'A Lake Formation grant on a namespace\'s table wildcard names every table of it, and the grantor needs glue:GetTable on what it grants.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::(\*|arn:<AWS::Partition>:glue:[\w-]+:\d{12}:(database|table)\/s3tablescatalog\/[a-z0-9-]+\/\*(\/\*)?)\]$/,
    path: READER_POLICY,
    reason: 'grantRead: zero-ETL generates the namespace (zetl_...) and its tables at run time, so the Glue read actions cover every namespace '
      + 'and table of one table bucket; lakeformation:GetDataAccess has no resource type (Lake Formation decides what it vends).',
  },
  {
    rule: /^NIST\.800\.53\.R5-DynamoDB(InBackupPlan|AutoScalingEnabled)$/,
    path: /\/Orders\/Resource$/,
    reason: 'Test scenarios only: the source table stands for the user\'s own table, whose backup plan and capacity mode are theirs to choose (PITR, which zero-ETL needs, is on).',
  },
];

/**
 * Runs the cdk-nag AwsSolutions pack (and `otherPacks`) over `app` and returns every finding it
 * reports: cdk-nag adds them as error and warning annotations while the app synthesizes.
 */
/** cdk-nag's messages start with the rule id, e.g. `AwsSolutions-IAM5[Resource::*]: ...` or `NIST.800.53.R5-LambdaDLQ: ...`. */
const NAG_MESSAGE = /^(AwsSolutions|NIST\.800\.53\.R5)-[\w]+(\[.*?\])?: /;

export function nagFindings(app: App, otherPacks: NagPack[] = []): NagFinding[] {
  for (const pack of [new AwsSolutionsChecks(), ...otherPacks]) {
    Aspects.of(app).add(pack);
  }
  const stacks = app.node.findAll().filter(Stack.isStack);
  return stacks.flatMap(stack => {
    const annotations = Annotations.fromStack(stack);
    return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
      .map(message => ({ text: String(message.entry.data), constructPath: message.id.replace(/^\//, '') }))
      .filter(({ text }) => NAG_MESSAGE.test(text))
      .map(({ text, constructPath }) => ({ ruleName: text.slice(0, text.indexOf(': ')), constructPath }));
  });
}

/** The findings that no entry of `ACKNOWLEDGED_FINDINGS` covers. */
export function unacknowledged(findings: NagFinding[]): NagFinding[] {
  return findings.filter(finding =>
    !ACKNOWLEDGED_FINDINGS.some(ack => ack.rule.test(finding.ruleName) && ack.path.test(finding.constructPath)));
}

/** A fresh output directory for each test app. */
export function tempOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
}
