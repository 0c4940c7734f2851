import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';

/**
 * cdk-nag acknowledgements of the findings that this library's own resources raise by design, written
 * where cdk-nag 2 and cdk-nag 3 read them, without depending on cdk-nag (users run either major, or none).
 *
 * Only the AwsSolutions pack's findings are acknowledged, each by its exact finding id (never a whole
 * rule when the rule has finding ids), on the one CloudFormation resource that raises it, and only on
 * resources the library creates: a role, bucket or policy the user passes in is theirs to acknowledge,
 * even where the library adds statements to it.
 *
 * - cdk-nag 2 reads `Metadata.cdk_nag.rules_to_suppress` (`[{ id, reason, applies_to? }]`) of the
 *   resource, as `NagSuppressions.addResourceSuppressions` writes it (cdk-nag v2.38.2
 *   src/utils/nag-suppression-helper.ts `getSuppressions`, `doesApply`); a finding id goes in `applies_to`.
 * - cdk-nag 3 reads the construct metadata `aws:cdk:acknowledged-rules` (aws-cdk-lib's
 *   `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, which `Validations.of(x).acknowledge` records) of the
 *   resource and its ancestors: keys are `<rule>[<finding>]` or `<rule>`, with an optional
 *   `annotation::` prefix that it strips (cdk-nag v3.0.2 src/nag-pack.ts `isAcknowledged`; MIGRATION.md).
 *   The keys here carry that prefix in lower case, as aws-cdk-lib 2.257 writes it (cdk-nag 3.0.0 and
 *   3.0.1 strip only that form, 3.0.2 either case), so that aws-cdk-lib's own report filter never
 *   matches them (core/lib/private/synthesis-validation.ts `collectSuppressions`, 2.258 and later). That
 *   filter matches `<plugin>::<rule>` keys, app-wide rather than on the acknowledging construct up to
 *   2.270, and in 2.262 to 2.268 also an unprefixed key of a finding id with `::` in it, such as
 *   `AwsSolutions-IAM5[Resource::*]`, app-wide: on the library's policy, such a key would silence the
 *   same finding on a user's resources (scripts/nag-compat runs cdk-nag 3 on one of those releases).
 *
 * Both are computed when cdk-nag reads them, from the resource as it is then: finding ids name logical
 * IDs (`<LogicalId.Attr>`) and, after synthesis prepares the app, cross-stack imports, and a user may add
 * statements to a role the library created; a finding that such a statement also raises is left to the
 * user. cdk-nag 3 does not list acknowledged findings in its report; the template's `cdk_nag` metadata
 * (written for cdk-nag 2, the format cdk-nag 3's `writeSuppressionsToCloudFormation` writes too) and the
 * cloud assembly's construct metadata list them with their reasons.
 */

/** One finding a resource raises by design, and why. */
interface Acknowledgement {
  /** The rule, for example `AwsSolutions-IAM5`. */
  readonly ruleId: string;
  /** The finding, for example `Resource::*`; none for a rule without finding ids. */
  readonly findingId?: string;
  /** Why it is acknowledged (at least 10 characters, which cdk-nag 2 requires). */
  readonly reason: string;
}

/** Where cdk-nag 2 reads suppressions: the resource's CloudFormation metadata. */
const CDK_NAG_2_METADATA = 'cdk_nag';
/** Where cdk-nag 3 reads acknowledgements: aws-cdk-lib's `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`. */
const ACKNOWLEDGED_RULES_METADATA = 'aws:cdk:acknowledged-rules';
/** The prefix aws-cdk-lib 2.257's `Validations.acknowledge` gives an id; cdk-nag 3 strips it. */
const ACKNOWLEDGED_RULE_PREFIX = 'annotation::';

const IAM5 = 'AwsSolutions-IAM5';

/**
 * Why each statement the library grants with a wildcard resource needs it, found by the first entry
 * whose action the statement has. A statement not listed here is not acknowledged.
 */
const WILDCARD_REASONS: ReadonlyArray<{ readonly action: string; readonly reason: string }> = [
  // The stream delivery role's statements first: its error bucket statement also has s3:PutObject.
  {
    action: 'lambda:GetFunctionConfiguration',
    reason: 'Firehose may invoke a version or alias of the transform (the ARN with a :<qualifier>), so the invoke actions '
      + 'cover the one function\'s qualified ARNs (<function ARN>:*).',
  },
  {
    action: 's3:ListBucketMultipartUploads',
    reason: 'Firehose names the objects it writes to the error bucket at run time; the object actions are granted only on '
      + 'the one error bucket of the delivery stream (<bucket ARN>/*).',
  },
  {
    action: 'lakeformation:GetDataAccess',
    reason: 'lakeformation:GetDataAccess has no resource type (IAM service authorization reference), so it can only be granted on *; '
      + 'Lake Formation vends credentials only for what the Lake Formation grants on the one table allow.',
  },
  {
    action: 's3tables:PutTableData',
    reason: 'Glue creates the Iceberg tables of a zero-ETL integration at run time, so their ids are unknown; '
      + 'the table actions are granted only on the tables of the one target table bucket (<bucket ARN>/table/*).',
  },
  {
    action: 's3tables:ListTableBuckets',
    reason: 's3tables:ListTableBuckets has no resource type (IAM service authorization reference), so it can only be granted on *.',
  },
  {
    action: 'cloudwatch:PutMetricData',
    reason: 'cloudwatch:PutMetricData has no resource type, so it can only be granted on *; '
      + 'a cloudwatch:namespace condition limits it to AWS/Glue/ZeroETL.',
  },
  {
    action: 'logs:PutLogEvents',
    reason: 'Glue names the zero-ETL log groups and log streams at run time; '
      + 'the grant covers only log groups under /aws-glue/zeroETL-integrations/ and their streams.',
  },
  {
    action: 's3:PutObject',
    reason: 'Glue writes and deletes Iceberg data and metadata files under the Glue database\'s location at run time; '
      + 'the grant covers only the objects under the location\'s prefix, as in the Glue guide\'s role policy.',
  },
  {
    action: 'glue:CreateTable',
    reason: 'Glue creates one Iceberg table per integration in the target Glue database at run time, so their names are unknown; '
      + 'the grant covers only the tables of that database (table/<database>/*), as in the Glue guide\'s role policy.',
  },
  {
    action: 'lakeformation:GrantPermissions',
    reason: 'lakeformation:GrantPermissions and RevokePermissions have no resource type, so they can only be granted on *; '
      + 'what they grant is named in the request, and the function\'s role must also be a Lake Formation data lake administrator.',
  },
  {
    action: 'glue:GetCatalog',
    reason: 'A Lake Formation grant on the tables of a zero-ETL namespace or Glue database names its table wildcard, '
      + 'and the grantor needs glue:GetTable on what it grants.',
  },
];

/**
 * Acknowledges the rotation finding of the admin secret a `RedshiftServerlessTarget` creates.
 */
export function acknowledgeAdminSecret(secret: secretsmanager.ISecret): void {
  acknowledge(l1(secret), () => [{
    ruleId: 'AwsSolutions-SMG4',
    reason: 'The admin password of the Redshift Serverless namespace is generated once into this secret and only read by the '
      + 'custom resource that runs CREATE DATABASE at deployment; rotating it needs a rotation function of the user\'s choosing '
      + '(secret.addRotationSchedule), so the construct creates none.',
  }]);
}

/**
 * Acknowledges what a `DynamoDbStreamToS3Tables` raises by design: the wildcard resources of its
 * delivery role's statements, the transform's AWS managed logging policy and pinned runtime, server
 * access logging of the error bucket it creates, and the delivery stream's server-side encryption,
 * which Firehose offers for Direct PUT sources only.
 */
export function acknowledgeStreamResources(parts: {
  deliveryRole: iam.Role;
  statements: iam.PolicyStatement[];
  transform: lambda.Function;
  errorBucket?: s3.IBucket;
  deliveryStream: CfnResource;
}): void {
  acknowledgeTargetRole(parts.deliveryRole, parts.statements);
  const role = parts.transform.role;
  if (role instanceof iam.Role) {
    acknowledgeBasicExecutionRole(role, 'The transform\'s role has only the AWS managed AWSLambdaBasicExecutionRole policy, which lets it write '
      + 'its CloudWatch logs; the transform calls no AWS API.');
  }
  acknowledge(l1(parts.transform), () => [{
    ruleId: 'AwsSolutions-L1',
    reason: 'The transform is bundled for Node.js 22 (the bundle task\'s target), the runtime it is tested on; a newer runtime comes with a '
      + 'release of the library that builds and tests the bundle for it.',
  }]);
  if (parts.errorBucket) {
    acknowledge(l1(parts.errorBucket), () => [{
      ruleId: 'AwsSolutions-S1',
      reason: 'Server access logging needs a log bucket and a retention of the user\'s choosing, so the construct creates none; '
        + 'where it is required, pass a bucket with access logging as errorBucket.',
    }]);
  }
  acknowledge(parts.deliveryStream, () => [{
    ruleId: 'AwsSolutions-KDF1',
    reason: 'Firehose server-side encryption applies to Direct PUT sources only (Firehose API StartDeliveryStreamEncryption); '
      + 'with a Kinesis data stream as the source, the records are encrypted at rest by the stream.',
  }]);
}

/**
 * Acknowledges, on a target processing role the library created, the wildcard resources of the
 * statements the library gave it.
 */
export function acknowledgeTargetRole(role: iam.IRole, statements: iam.PolicyStatement[]): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy instanceof iam.Policy) {
    acknowledgeWildcardResources(policy, statements);
  }
}

/**
 * Acknowledges what an `AwsCustomResource` of the library raises: the wildcard resources of its
 * `statements` on its own policy, and, on the singleton function aws-cdk-lib runs every
 * `AwsCustomResource` of a stack on, the AWS managed policy of its role and its runtime.
 */
export function acknowledgeAwsCustomResource(resource: cr.AwsCustomResource, statements: iam.PolicyStatement[]): void {
  // aws-cdk-lib's construct id for the policy of the custom resource's statements.
  const policy = resource.node.tryFindChild('CustomResourcePolicy');
  if (policy instanceof iam.Policy) {
    acknowledgeWildcardResources(policy, statements);
  }
  // grantPrincipal is the singleton function's role. When aws-cdk-lib created it, it is the function's
  // ServiceRole and its scope is the function; a role given to the singleton by a user's own
  // AwsCustomResource (its `role` prop) is the user's, and so left alone. Once per stack.
  const role = resource.grantPrincipal;
  const fn = role instanceof iam.Role ? role.node.scope : undefined;
  if (!(role instanceof iam.Role) || !(fn instanceof lambda.Function) || fn.role !== role || acknowledgedSingletons.has(role)) {
    return;
  }
  acknowledgedSingletons.add(role);
  acknowledgeBasicExecutionRole(role, 'aws-cdk-lib creates the role of its AwsCustomResource singleton function, shared by every '
    + 'AwsCustomResource of the stack, with the AWS managed AWSLambdaBasicExecutionRole policy, which only lets it write its CloudWatch logs.');
  acknowledge(l1(fn), () => [{
    ruleId: 'AwsSolutions-L1',
    reason: 'aws-cdk-lib chooses the runtime of its AwsCustomResource singleton function (no prop sets it) and moves it '
      + 'to newer runtimes in its releases; the function only calls AWS APIs during deployments.',
  }]);
}

/** Acknowledges the AwsSolutions-IAM4 finding of the AWS managed AWSLambdaBasicExecutionRole policy on a function role the library created. */
function acknowledgeBasicExecutionRole(role: iam.Role, reason: string): void {
  acknowledge(l1(role), () => managedPolicyFindings(l1(role) as iam.CfnRole)
    .filter(finding => finding.endsWith(':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'))
    .map(findingId => ({ ruleId: 'AwsSolutions-IAM4', findingId, reason })));
}

/** The singleton function roles whose findings are acknowledged already. */
const acknowledgedSingletons = new WeakSet<iam.Role>();

/** Acknowledges the server access logging finding of the location bucket a `GlueDatabaseTarget` creates. */
export function acknowledgeLocationBucket(bucket: s3.IBucket): void {
  acknowledge(l1(bucket), () => [{
    ruleId: 'AwsSolutions-S1',
    reason: 'Server access logging needs a log bucket and a retention of the user\'s choosing, so the construct creates none; '
      + 'where it is required, pass a bucket with access logging as the GlueDatabaseTarget\'s bucket.',
  }]);
}

/**
 * Acknowledges the `AwsSolutions-IAM5` findings that `own` raises in `policy`, each with the reason of
 * the statement that raises it, unless another statement of the policy raises it too.
 */
function acknowledgeWildcardResources(policy: iam.Policy, own: iam.PolicyStatement[]): void {
  const stack = Stack.of(policy);
  acknowledge(l1(policy), () => {
    const ownStatements = own.map(statement => canonical(stack.resolve(statement.toStatementJson())));
    const document = stack.resolve(policy.document) as { Statement?: unknown[] } | undefined;
    const reasons = new Map<string, Set<string>>();
    const others = new Set<string>();
    for (const statement of document?.Statement ?? []) {
      const findings = wildcardFindings(statement as IamStatement);
      const reason = ownStatements.includes(canonical(statement)) ? reasonFor(statement as IamStatement) : undefined;
      for (const finding of findings) {
        if (reason === undefined) {
          others.add(finding);
        } else {
          reasons.set(finding, (reasons.get(finding) ?? new Set()).add(reason));
        }
      }
    }
    return [...reasons]
      .filter(([finding]) => !others.has(finding))
      .map(([findingId, why]) => ({ ruleId: IAM5, findingId, reason: [...why].join(' ') }));
  });
}

/** What the resolved policy statement looks like, as far as AwsSolutions-IAM5 reads it. */
interface IamStatement {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

/**
 * The finding ids AwsSolutions-IAM5 gives a resolved statement: `Action::<action>` for each action and
 * `Resource::<flattened resource>` for each resource with a `*`, for `Allow` statements only
 * (cdk-nag src/rules/iam/IAMNoWildcardPermissions.ts `analyzePolicy`, the same in v2.38.2 and v3.0.2).
 */
function wildcardFindings(statement: IamStatement): string[] {
  if (statement.Effect !== 'Allow') {
    return [];
  }
  return [
    ...asArray(statement.Action).filter((action): action is string => typeof action === 'string' && action.includes('*'))
      .map(action => `Action::${action}`),
    ...asArray(statement.Resource).map(flattenReference).filter(resource => resource.includes('*'))
      .map(resource => `Resource::${resource}`),
  ];
}

function reasonFor(statement: IamStatement): string | undefined {
  const actions = asArray(statement.Action);
  return WILDCARD_REASONS.find(entry => actions.includes(entry.action))?.reason;
}

/** The finding ids AwsSolutions-IAM4 gives a role: `Policy::<flattened ARN>` for each AWS managed policy (IAMNoManagedPolicies.ts). */
function managedPolicyFindings(role: iam.CfnRole): string[] {
  const stack = Stack.of(role);
  const arns = stack.resolve(role.managedPolicyArns) as unknown[] | undefined;
  return (arns ?? []).map(arn => flattenReference(stack.resolve(arn)))
    .filter(arn => arn.includes(':iam::aws:'))
    .map(arn => `Policy::${arn}`);
}

/**
 * A resolved CloudFormation value as cdk-nag writes it in finding ids: strings as they are, with
 * `${` and `}` of `Fn::Sub` as `<` and `>`; `Fn::Join` joined; `Fn::Sub` and `Fn::ImportValue` by their
 * argument; `Fn::GetAtt` as `<LogicalId.Attribute>`; `Ref` as `<LogicalId>`; anything else as JSON.
 * The format of cdk-nag's src/utils/flatten-cfn-reference.ts (the same in v2.38.2 and v3.0.2).
 */
function flattenReference(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\${/g, '<').replace(/}/g, '>');
  }
  const intrinsic = value as Record<string, any>;
  if (intrinsic['Fn::Join']) {
    const [delimiter, items] = intrinsic['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (intrinsic['Fn::Sub']) {
    return flattenReference(intrinsic['Fn::Sub']);
  }
  if (intrinsic['Fn::GetAtt']) {
    const [logicalId, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(logicalId)}.${flattenReference(attribute)}>`;
  }
  if (intrinsic['Fn::ImportValue']) {
    return flattenReference(intrinsic['Fn::ImportValue']);
  }
  if (intrinsic.Ref) {
    return `<${flattenReference(intrinsic.Ref)}>`;
  }
  return JSON.stringify(value);
}

/**
 * Records the acknowledgements `produce` returns, when cdk-nag reads them, on `resource` for both
 * cdk-nag majors. Several calls for one resource (the singleton function of many custom resources)
 * add up, each finding once.
 */
function acknowledge(resource: CfnResource, produce: () => Acknowledgement[]): void {
  const existing = producers.get(resource);
  if (existing) {
    existing.push(produce);
    return;
  }
  const all = [produce];
  producers.set(resource, all);
  const current = (): Acknowledgement[] => {
    const byKey = new Map<string, Acknowledgement>();
    for (const ack of all.flatMap(p => p())) {
      byKey.set(ackKey(ack), byKey.get(ackKey(ack)) ?? ack);
    }
    return [...byKey.values()];
  };

  // cdk-nag 2 reads `rules_to_suppress` whenever it checks a rule on the resource (and CloudFormation
  // writes it into the template): a getter computes it then. Suppressions written before are kept.
  const before: unknown[] = resource.getMetadata(CDK_NAG_2_METADATA)?.rules_to_suppress ?? [];
  resource.addMetadata(CDK_NAG_2_METADATA, {
    get rules_to_suppress() {
      return [...before, ...current().map(ack => ({
        id: ack.ruleId,
        reason: ack.reason,
        ...(ack.findingId === undefined ? {} : { applies_to: [ack.findingId] }),
      }))];
    },
  });

  // cdk-nag 3 reads the keys of this metadata entry when it checks the resource (and aws-cdk-lib
  // resolves it into the cloud assembly): a proxy lists them then.
  const acknowledged = (): Record<string, string> =>
    Object.fromEntries(current().map(ack => [`${ACKNOWLEDGED_RULE_PREFIX}${ackKey(ack)}`, ack.reason]));
  resource.node.addMetadata(ACKNOWLEDGED_RULES_METADATA, new Proxy({}, {
    ownKeys: () => Object.keys(acknowledged()),
    getOwnPropertyDescriptor: (_, key) => {
      const acks = acknowledged();
      return typeof key === 'string' && Object.prototype.hasOwnProperty.call(acks, key)
        ? { value: acks[key], enumerable: true, configurable: true, writable: false }
        : undefined;
    },
    get: (_, key) => Reflect.get(acknowledged(), key),
    has: (_, key) => Reflect.has(acknowledged(), key),
  }));
}

/** The acknowledgement producers of each resource, so that several calls add up on one record. */
const producers = new WeakMap<CfnResource, Array<() => Acknowledgement[]>>();

/** `<rule>[<finding>]`, or `<rule>`: how cdk-nag 3 names a finding (nag-pack.ts `applyRule`). */
function ackKey(ack: Acknowledgement): string {
  return ack.findingId === undefined ? ack.ruleId : `${ack.ruleId}[${ack.findingId}]`;
}

/**
 * The CloudFormation resource of an L2 construct (`node.defaultChild`, typed as `CfnResource`): the
 * resource cdk-nag checks and both majors read acknowledgements from.
 */
function l1(construct: IConstruct): CfnResource {
  const child = construct.node.defaultChild;
  if (!CfnResource.isCfnResource(child)) {
    throw new Error(`Cannot acknowledge cdk-nag findings on '${construct.node.path}': it has no CloudFormation resource as its default child.`);
  }
  return child;
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A statement as a string that does not depend on key order or on the order of its actions and resources. */
function canonical(value: unknown): string {
  const sort = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(item => sort(item));
      return ['Action', 'NotAction', 'Resource', 'NotResource'].includes(key ?? '')
        ? items.map(item => JSON.stringify(item)).sort().map(item => JSON.parse(item))
        : items;
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map(k => [k, sort((v as Record<string, unknown>)[k], k)]));
    }
    return v;
  };
  const normalized = sort(value) as Record<string, unknown>;
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    if (normalized && normalized[key] !== undefined && !Array.isArray(normalized[key])) {
      normalized[key] = [normalized[key]];
    }
  }
  return JSON.stringify(normalized);
}
