import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import * as nag3 from 'cdk-nag-v3';

/**
 * cdk-nag over the test apps, with both majors: cdk-nag 2 as Aspects (its findings are annotations) and
 * cdk-nag 3's `validateScope` after synthesis (its validation-plugin entry point needs a newer
 * aws-cdk-lib than the tests run on; scripts/nag-compat/ runs that path with cdk-nag 3 as a plugin).
 *
 * The library acknowledges the AwsSolutions findings inherent to its own resources itself
 * (src/private/nag.ts): cdk-nag 2 reports them as acknowledged, with the library's reason, and cdk-nag 3
 * does not report them. Everything else either major reports must be in the lists below, which stand
 * for what a user of the library acknowledges in their own app.
 */

/** One cdk-nag finding: the rule (with its finding id) and the construct that raised it. */
export interface NagFinding {
  /** `<rule>` or `<rule>[<finding id>]`, for example `AwsSolutions-IAM5[Resource::*]`. */
  readonly ruleName: string;
  readonly constructPath: string;
  /** The cdk-nag major that reported it. */
  readonly major: 2 | 3;
  /**
   * When cdk-nag reports the finding as acknowledged on the resource itself (the library's own
   * acknowledgements): the reason it shows. cdk-nag 2 only: cdk-nag 3 leaves acknowledged findings out.
   */
  readonly acknowledgedReason?: string;
}

/** An acknowledgement the test apps make, as a user would: the rule and the resource, and why. */
export interface TestAcknowledgement {
  readonly rule: RegExp;
  readonly path: RegExp;
  readonly reason: string;
}

/**
 * The policies of roles a scenario creates and passes to the library: `LakeRole`, the target role
 * of the bring-your-own scenario, and `Analysts`, the role a scenario passes to `grantRead`. The library
 * adds its statements to them, but they are the user's resources, which the library never acknowledges.
 */
export const USER_ROLE_POLICY = /\/(LakeRole|Analysts)\/DefaultPolicy\/Resource$/;

/**
 * Findings on the test apps' own resources, acknowledged here as a user acknowledges them in their app
 * (docs/cdk-nag.md gives the ids for a role passed as `targetRole`).
 */
export const USER_ACKNOWLEDGEMENTS: ReadonlyArray<TestAcknowledgement> = [
  {
    rule: /^AwsSolutions-IAM5\[Resource::(\*|arn:aws:s3tables:[\w-]+:\d{12}:bucket\/[a-z0-9-]+\/table\/\*|arn:<AWS::Partition>:logs:[\w-]+:\d{12}:log-group:\/aws-glue\/zeroETL-integrations\/\*(:log-stream:\*)?)\]$/,
    path: /\/LakeRole\/DefaultPolicy\/Resource$/,
    reason: 'Bring-your-own scenario: the target role passed as targetRole gets the statements of the library\'s own target role, for the same reasons.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::(\*|arn:<AWS::Partition>:glue:[\w-]+:\d{12}:(database|table)\/s3tablescatalog\/[a-z0-9-]+\/\*(\/\*)?)\]$/,
    path: /\/Analysts\/DefaultPolicy\/Resource$/,
    reason: 'grantRead: zero-ETL generates the namespace (zetl_...) and its tables at run time, so the Glue read actions cover every namespace '
      + 'and table of one table bucket; lakeformation:GetDataAccess has no resource type (Lake Formation decides what it vends).',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:glue:[\w-]+:\d{12}:table\/[a-z0-9_]+\/\*\]$/,
    path: /\/Analysts\/DefaultPolicy\/Resource$/,
    reason: 'grantRead on a Glue database target: zero-ETL creates the Iceberg tables at run time, so the Glue read actions cover every table '
      + 'of the one database (table/<database>/*).',
  },
  {
    rule: /^NIST\.800\.53\.R5-DynamoDB(InBackupPlan|AutoScalingEnabled)$/,
    path: /\/Orders\/Resource$/,
    reason: 'Test scenarios only: the source table stands for the user\'s own table, whose backup plan and capacity mode are theirs to choose (PITR, which zero-ETL needs, is on).',
  },
];

/** The general purpose bucket a GlueDatabaseTarget creates for its database's location. */
const GLUE_DATABASE_BUCKET = /\/(Target|Lakehouse)\/Bucket\/Resource$/;
/** The error bucket a DynamoDbStreamToS3Tables creates. */
const STREAM_ERROR_BUCKET = /\/(NearRealTime|OrdersNearRealTime)\/ErrorBucket\/Resource$/;
/** The AwsCustomResource singleton function (table properties, catalog bootstrap, Lake Formation grants). */
const AWS_CUSTOM_RESOURCE_FUNCTION = /\/AWS679f53fac002430cb0da5b7982bd2287\/Resource$/;

/**
 * NIST 800-53 R5 findings on the library's resources. The library acknowledges AwsSolutions findings
 * inherent to what Glue needs only; these are design choices a NIST user reviews and acknowledges
 * (the README's Security section lists the same reasons).
 */
export const NIST_ACKNOWLEDGEMENTS: ReadonlyArray<TestAcknowledgement> = [
  {
    rule: /^NIST\.800\.53\.R5-S3Bucket(LoggingEnabled|ReplicationEnabled)$|^NIST\.800\.53\.R5-S3DefaultEncryptionKMS$/,
    path: STREAM_ERROR_BUCKET,
    reason: 'The error bucket holds the records Firehose could not deliver, for inspection and replay: access logging, replication '
      + 'and a customer managed key are the user\'s choice; pass such a bucket as errorBucket where they are required.',
  },
  {
    rule: /^NIST\.800\.53\.R5-Lambda(InsideVPC|DLQ|Concurrency)$/,
    path: /\/(NearRealTime|OrdersNearRealTime)\/Transform\/Resource$/,
    reason: 'Firehose invokes the transform synchronously and retries a failed batch itself (records that still fail go to the error bucket); '
      + 'it calls no AWS API, so a VPC, a dead-letter queue or reserved concurrency would add cost and setup for nothing.',
  },
  {
    rule: /^NIST\.800\.53\.R5-CloudWatchLogGroupEncrypted$/,
    path: /\/(NearRealTime|OrdersNearRealTime)\/(TransformLogs|DeliveryLogs)\/Resource$/,
    reason: 'The transform\'s log holds record ids and conversion errors, Firehose\'s delivery log its errors, and CloudWatch Logs encrypts them '
      + 'at rest with its own keys; pass nothing sensitive in attribute names.',
  },
  {
    rule: /^NIST\.800\.53\.R5-S3BucketLoggingEnabled$/,
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
    path: /\/(DynamoDbZeroEtlCatalogResourcePolicy\/HandlerLogs|DynamoDbZeroEtlAwsCustomResourceLogs|DynamoDbZeroEtlRedshiftDatabaseLogs|DynamoDbZeroEtlRedshiftPolicyLogs|DynamoDbZeroEtlAutoDeleteLogs)\/Resource$/,
    reason: 'The custom-resource logs hold ARNs and policy statements, no table data or secrets, and CloudWatch Logs encrypts them at rest with its own keys.',
  },
  {
    rule: /^NIST\.800\.53\.R5-SecretsManager(RotationEnabled|UsingKMSKey)$/,
    path: /\/Target\/AdminSecret\/Resource$/,
    reason: 'The Redshift Serverless admin secret is generated once and read only by the custom resource that runs CREATE DATABASE; '
      + 'rotation needs a rotation function, and a customer managed key a key policy, both of the user\'s choosing.',
  },
];

/** cdk-nag 2's messages start with the rule id, e.g. `AwsSolutions-IAM5[Resource::*]: ...` or `NIST.800.53.R5-LambdaDLQ: ...`. */
const NAG_MESSAGE = /^(AwsSolutions|NIST\.800\.53\.R5)-[\w]+(\[.*?\])?: /;
/** cdk-nag 2's message for an acknowledged finding, with `logIgnores` and `verbose` (v2.38.2 src/nag-logger.ts `AnnotationLogger.onSuppressed`). */
const SUPPRESSED_MESSAGE = /^CdkNagSuppression(?:\[(.*)\])?: ([\w.-]+) was triggered but suppressed\. Provided reason: "([\s\S]*)"\s*$/;

/** cdk-nag 3's pack for each cdk-nag 2 pack, by pack name. */
const CDK_NAG_3_PACKS: Record<string, () => nag3.NagPack> = {
  'AwsSolutions': () => new nag3.AwsSolutionsChecks(),
  'NIST.800.53.R5': () => new nag3.NIST80053R5Checks(),
};

/**
 * Runs the AwsSolutions pack (and `otherPacks`) of cdk-nag 2 and of cdk-nag 3 over `app` and returns
 * what each reports: cdk-nag 2's errors and warnings, and the findings it reports as acknowledged
 * (with their reason), then cdk-nag 3's violations.
 */
export function nagFindings(app: App, otherPacks: NagPack[] = []): NagFinding[] {
  const packs = [new AwsSolutionsChecks({ verbose: true, logIgnores: true, reports: false }), ...otherPacks];
  for (const pack of packs) {
    Aspects.of(app).add(pack);
  }
  const stacks = app.node.findAll().filter(Stack.isStack);
  const v2 = stacks.flatMap(stack => {
    const annotations = Annotations.fromStack(stack);
    const reported = [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
      .map(message => ({ text: String(message.entry.data), constructPath: message.id.replace(/^\//, '') }))
      .filter(({ text }) => NAG_MESSAGE.test(text))
      .map(({ text, constructPath }): NagFinding => ({ ruleName: text.slice(0, text.indexOf(': ')), constructPath, major: 2 }));
    const acknowledged = annotations.findInfo('*', Match.stringLikeRegexp('^CdkNagSuppression'))
      .map(message => ({ match: SUPPRESSED_MESSAGE.exec(String(message.entry.data)), constructPath: message.id.replace(/^\//, '') }))
      .map(({ match, constructPath }): NagFinding => {
        if (!match) {
          throw new Error(`Unexpected cdk-nag 2 suppression message on ${constructPath}`);
        }
        // cdk-nag 2 puts the finding id before the reason of a suppression with `applies_to` (nag-pack.ts `ignoreRule`).
        const [, findingId, ruleId, reason] = match;
        const prefix = findingId ? `[${findingId}] ` : '';
        return {
          ruleName: findingId ? `${ruleId}[${findingId}]` : ruleId,
          constructPath,
          major: 2,
          acknowledgedReason: reason.startsWith(prefix) ? reason.slice(prefix.length) : reason,
        };
      });
    return [...reported, ...acknowledged];
  });
  app.synth();
  const v3 = packs.flatMap(pack => CDK_NAG_3_PACKS[pack.readPackName]().validateScope(app).violations)
    .flatMap(violation => violation.violatingResources.map((resource): NagFinding => ({
      ruleName: violation.ruleName,
      constructPath: resource.constructPath!,
      major: 3,
    })));
  return [...v2, ...v3];
}

/**
 * The findings that neither the library (on the resource) nor an entry of `USER_ACKNOWLEDGEMENTS` or
 * `NIST_ACKNOWLEDGEMENTS` acknowledges.
 */
export function unacknowledged(findings: NagFinding[]): NagFinding[] {
  return findings.filter(finding => finding.acknowledgedReason === undefined
    && ![...USER_ACKNOWLEDGEMENTS, ...NIST_ACKNOWLEDGEMENTS]
      .some(ack => ack.rule.test(finding.ruleName) && ack.path.test(finding.constructPath)));
}

/** A fresh output directory for each test app. */
export function tempOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
}
