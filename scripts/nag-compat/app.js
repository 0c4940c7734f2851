// A user's app, synthesized against the packed library with cdk-nag's AwsSolutions pack, the way each
// cdk-nag major's README attaches it:
//
//   cdk-nag 2: Aspects.of(app).add(new AwsSolutionsChecks())                 (findings: error annotations)
//   cdk-nag 3: Validations.of(app).addPlugins(new AwsSolutionsChecks(app))   (findings: the validation report)
//
//   node app.js CASE OUTDIR
//
// CASE quick-start: the README's one-liners (S3 Tables, Glue database) in environment-agnostic stacks.
//   Passes when cdk-nag reports no finding, and the library's acknowledgements are in the template
//   (Metadata.cdk_nag of the target roles' policies) with their reasons.
// CASE user-resources: the same, plus a role of the user's with a statement on '*' (the finding id
//   `AwsSolutions-IAM5[Resource::*]` that the library acknowledges on its own policy). Passes when cdk-nag
//   reports exactly that finding, on the user's policy: the library's acknowledgements cover none of it.
//
// Prints one line, PASS or FAIL with what differed; exits 0 or 1.
'use strict';
const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const iam = require('aws-cdk-lib/aws-iam');
const nag = require('cdk-nag');
const lib = require('cdk-dynamodb-zero-etl');

const [testCase, outdir] = process.argv.slice(2);
const nagMajor = Number(require('cdk-nag/package.json').version.split('.')[0]);
const label = `cdk-nag ${require('cdk-nag/package.json').version} + aws-cdk-lib ${require('aws-cdk-lib/package.json').version}: ${testCase}`;

const app = new cdk.App({ outdir });
function ordersTable(stack) {
  return new dynamodb.TableV2(stack, 'Orders', {
    tableName: 'orders',
    partitionKey: { name: 'order_id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // As the example apps do: some aws-cdk-lib releases, 2.227.0 among them, drop statements added to a
    // TableV2 created without one (aws/aws-cdk#30793), which the library reports as an error.
    resourcePolicy: new iam.PolicyDocument(),
  });
}
const s3Tables = new cdk.Stack(app, 'QuickStartS3Tables');
new lib.DynamoDbZeroEtlToS3Tables(s3Tables, 'OrdersToS3Tables', { table: ordersTable(s3Tables), tableBucketName: 'orders-analytics' });
const glueDatabase = new cdk.Stack(app, 'QuickStartGlueDatabase');
new lib.DynamoDbZeroEtlToGlueDatabase(glueDatabase, 'OrdersToLakehouse', { table: ordersTable(glueDatabase), databaseName: 'orders_lakehouse' });
let expected = [];
if (testCase === 'user-resources') {
  const role = new iam.Role(s3Tables, 'UserRole', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3tables:ListTableBuckets'], resources: ['*'] }));
  expected = ['AwsSolutions-IAM5[Resource::*] @ QuickStartS3Tables/UserRole/DefaultPolicy/Resource'];
} else if (testCase !== 'quick-start') {
  throw new Error(`unknown case ${testCase}`);
}

if (nagMajor >= 3) {
  cdk.Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
} else {
  cdk.Aspects.of(app).add(new nag.AwsSolutionsChecks());
}

const findings = [];
let assembly;
try {
  assembly = app.synth();
} catch (error) {
  // cdk-nag 3: aws-cdk-lib fails the synthesis on a violation and writes the report; read the findings from it.
  if (nagMajor < 3) {
    throw error;
  }
}
if (nagMajor >= 3) {
  findings.push(...validationReportFindings(outdir));
} else {
  for (const stack of assembly.stacks) {
    for (const message of stack.messages.filter(m => m.level === 'error')) {
      const text = String(message.entry.data);
      findings.push(`${text.slice(0, text.indexOf(': '))} @ ${message.id.replace(/^\//, '')}`);
    }
  }
}

const problems = [];
const unexpected = findings.filter(f => !expected.includes(f));
const missing = expected.filter(f => !findings.includes(f));
if (unexpected.length) problems.push(`unexpected findings: ${unexpected.join('; ')}`);
if (missing.length) problems.push(`findings not reported: ${missing.join('; ')}`);
// The library's acknowledgements, listed in each template (Metadata.cdk_nag) with their reasons.
let listed = 0;
for (const stackName of ['QuickStartS3Tables', 'QuickStartGlueDatabase']) {
  const template = JSON.parse(fs.readFileSync(path.join(outdir, `${stackName}.template.json`), 'utf8'));
  const rules = Object.values(template.Resources).flatMap(r => (r.Metadata && r.Metadata.cdk_nag && r.Metadata.cdk_nag.rules_to_suppress) || []);
  const iam5 = rules.filter(r => r.id === 'AwsSolutions-IAM5');
  if (iam5.length < 4 || !iam5.every(r => r.applies_to && r.applies_to.length === 1) || !rules.every(r => r.reason.length >= 10)) {
    problems.push(`${stackName}: Metadata.cdk_nag lists ${rules.length} acknowledgements (${iam5.length} AwsSolutions-IAM5)`);
  }
  listed += rules.length;
}
console.log(`${problems.length ? 'FAIL' : 'PASS'} ${label} (${findings.length} reported, ${listed} acknowledged by the library)${problems.length ? `\n  ${problems.join('\n  ')}` : ''}`);
process.exitCode = problems.length ? 1 : 0;

/**
 * `<rule> @ <construct path>` for each violation in aws-cdk-lib's validation report (validation-report.json,
 * or policy-validation-report.json in releases before it), whichever layout the release writes.
 */
function validationReportFindings(dir) {
  const file = ['validation-report.json', 'policy-validation-report.json'].map(f => path.join(dir, f)).find(f => fs.existsSync(f));
  if (!file) {
    return [];
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ret = [];
  for (const plugin of report.pluginReports || []) {
    const name = plugin.pluginName || (plugin.summary && plugin.summary.pluginName);
    if (name !== 'AwsSolutions') continue;
    const error = plugin.summary && plugin.summary.metadata && plugin.summary.metadata.error;
    if (error) ret.push(`plugin failed: ${error}`);
    for (const violation of plugin.violations || []) {
      for (const resource of [...(violation.violatingConstructs || []), ...(violation.violatingResources || [])]) {
        ret.push(`${violation.ruleName} @ ${resource.constructPath}`);
      }
    }
  }
  return ret;
}
