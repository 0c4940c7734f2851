import { awscdk, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/** Oldest aws-cdk-lib with aws_glue.CfnIntegration (2.227.0); everything else we use is older. */
const MIN_CDK_VERSION = '2.227.0';
/**
 * The aws-cdk-lib the tests and the example app run against: the newest whose cloud assembly
 * (schema 53) the newest integ-runner (2.197.10) can read.
 */
const DEV_CDK_VERSION = '2.257.0';
/**
 * The environment of every task that synthesizes stacks. aws-cdk-lib 2.257.0's own TableV2 constructor passes
 * its deprecated TableGrantsProps fields, so every TableV2 prints two deprecation warnings (with a stack trace
 * under jest; about 2,200 in a test run) that no prop avoids. 2.270.0 stops doing that, but every release after
 * 2.257.0 writes cloud assembly schema 54, which integ-runner 2.197.10 (the newest) cannot read. So jsii's
 * deprecation output is off in these tasks (the jsii runtimes of the Python, Java and Go apps inherit it);
 * the lint rule @typescript-eslint/no-deprecated (below) keeps our own code off deprecated APIs instead.
 */
const QUIET_DEPRECATIONS = { JSII_DEPRECATED: 'quiet' };

const project = new awscdk.AwsCdkConstructLibrary({
  // Package names: one stem in every registry, each checked free with that registry's client (docs/package-names.md).
  // Not `dynamodb-zero-etl-s3tables`: on PyPI that name is an earlier, different library of another publisher.
  name: 'cdk-dynamodb-zero-etl',
  description:
    'AWS CDK L3 construct: replicate an Amazon DynamoDB table into Apache Iceberg tables in Amazon S3 Tables with an AWS Glue zero-ETL integration.',
  keywords: ['aws-cdk', 'cdk', 'dynamodb', 'glue', 'zero-etl', 's3tables', 'iceberg', 'awscdk'],
  author: 'cdk-dynamodb-zero-etl contributors',
  authorAddress: 'noreply@example.com',
  repositoryUrl: 'https://github.com/cdk-dynamodb-zero-etl/cdk-dynamodb-zero-etl.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  jsiiVersion: '~6.0.0',
  cdkVersion: MIN_CDK_VERSION,
  // Tests run against a current aws-cdk-lib rather than the oldest supported one.
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    `aws-cdk-lib@${DEV_CDK_VERSION}`,
    'constructs@^10.5.1',
    // cdk-nag 2 (as Aspects) and cdk-nag 3 (installed as `cdk-nag-v3`): the AwsSolutions and NIST 800-53 R5
    // packs over every test stack (test/nag.ts). Both majors, because the library writes the acknowledgements
    // each reads (src/private/nag.ts) and users run either. cdk-nag 3's peer range (aws-cdk-lib ^2.257.0)
    // includes the dev aws-cdk-lib; jest calls its validateScope, since its validation-plugin entry point needs
    // aws-cdk-lib 2.258.0 or later (scripts/nag-compat/ runs that path).
    'cdk-nag@^2.38.2',
    'cdk-nag-v3@npm:cdk-nag@^3.0.2',
    // The catalog-policy handler's Glue client (provided by the Lambda Node.js runtime, so not bundled).
    '@aws-sdk/client-glue@^3',
    // The Redshift handlers' clients: Redshift (DescribeIntegrations, the resource policy calls) and the Redshift Data API
    // (ExecuteStatement, DescribeStatement); provided by the Lambda Node.js runtime like the Glue client.
    '@aws-sdk/client-redshift@^3',
    '@aws-sdk/client-redshift-data@^3',
    // The stream transform's unmarshall of the attributes that are not columns: bundled into the handler
    // (src/stream-transform), so the function runs the version tested here, not whichever the runtime holds.
    '@aws-sdk/util-dynamodb@^3',
    // The auto-delete handler's clients: S3 and CloudFormation come with the Lambda Node.js runtime, so not bundled;
    // S3 Tables (2024) is bundled, since the SDK version the runtime provides is not pinned and may predate it.
    '@aws-sdk/client-s3@^3',
    '@aws-sdk/client-s3tables@^3',
    '@aws-sdk/client-cloudformation@^3',
    // aws-sdk-client-mock: typed mocks of AWS SDK v3 clients for the handler tests.
    'aws-sdk-client-mock@^4',
    '@types/aws-lambda',
    // An IAM policy evaluator (identity and resource policies, every condition operator) for the
    // authorization tests in test/authorization.test.ts. AGPL-3.0: used by the tests only, not shipped.
    '@cloud-copilot/iam-simulate@0.1.173',
    // integ-runner and IntegTest: the integration tests in test/integ, snapshot-checked offline.
    '@aws-cdk/integ-runner@2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // dpdm: finds import cycles from src/index.ts (the test task fails on any). madge, the better known
    // tool, declares a TypeScript 5 peer that conflicts with this project's TypeScript 6; dpdm brings its own.
    'dpdm@4.3.0',
  ],

  // The catalog-policy handler runs on core CustomResourceProvider (one function per stack, no provider
  // framework), so projen's lambda.Function wrappers are not wanted: the handler is bundled below.
  lambdaAutoDiscover: false,

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    },
  },

  publishToPypi: {
    distName: 'cdk-dynamodb-zero-etl',
    module: 'cdk_dynamodb_zero_etl',
  },
  publishToMaven: {
    // io.github.<GitHub organization> is the Maven Central namespace the organization's owner can verify;
    // the Java package is that name with '-' as '_' (JLS 6.1), the same as the Python module.
    javaPackage: 'io.github.cdk_dynamodb_zero_etl',
    mavenGroupId: 'io.github.cdk-dynamodb-zero-etl',
    mavenArtifactId: 'cdk-dynamodb-zero-etl',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkDynamoDbZeroEtl',
    packageId: 'CdkDynamoDbZeroEtl',
  },
  publishToGo: {
    // jsii puts the package in <moduleName>/cdkdynamodbzeroetl (the npm name without '-').
    moduleName: 'github.com/cdk-dynamodb-zero-etl/cdk-dynamodb-zero-etl-go',
  },

  githubOptions: { mergify: false },
  gitignore: ['/cdk.out/', '/cdk.out.shared-target/', '/cdk.out.glue-database/', '/cdk.out.redshift/', '/cdk.out.stream/', '/cdk.out.disposable/', '/examples/**/cdk.out/', '*.tabl.json', '/cdk.out.scenarios/', '/.venv-template-checks/', 'test/integ/cdk-integ.out.*', '/.bindings/', '/examples/java/target/', '/.tools/', '/.nag-compat/', '/.venv-stream/'],
});

// The npm package holds lib/, assets/ and the docs, not the repo's apps, scripts and build output.
for (const pattern of ['/cdk.out/', '/cdk.out.shared-target/', '/cdk.out.glue-database/', '/cdk.out.redshift/', '/cdk.out.stream/', '/cdk.out.disposable/', '/cdk.out.scenarios/', '/bench/', '/examples/', '/scripts/', '/rosetta/',
  '/.venv-template-checks/', '/.venv-stream/', '/.bindings/', '/.ci/', '/.tools/', '/docs/', '/.nag-compat/', '*.tabl.json']) {
  project.addPackageIgnore(pattern);
}

// No .NET SDK here and NuGet is unreachable: generate the .NET sources without building them
// (release CI, which has the SDK, builds and publishes the NuGet package).
project.tasks.tryFind('package:dotnet')!.reset('jsii-pacmak -v --target dotnet --code-only');

// jsii-pacmak's own Go build (go mod tidy into a throwaway go.sum, then go build) asks for the aws-cdk-go
// matching the aws-cdk-lib dev dependency and its cloud-assembly-schema-go, versions the Go module proxy
// here refuses, and cannot verify against a committed go.sum. So the Go module is generated here, and
// scripts/bindings/check.sh compiles it and runs examples/go against the versions that
// examples/go/go.mod pins, with the checksums its committed go.sum holds.
project.tasks.tryFind('package:go')!.reset('jsii-pacmak -v --target go --code-only');

// The catalog-policy handler, for CustomResourceProvider: Node.js 22 is the newest runtime it offers in
// aws-cdk-lib 2.227 to 2.257; the Lambda runtime provides the AWS SDK for JavaScript v3.
project.bundler.addBundle('src/catalog-policy/on-event.lambda.ts', {
  platform: 'node',
  target: 'node22',
  externals: ['@aws-sdk/*'],
  sourcemap: false,
});
// The Redshift handlers (CREATE DATABASE ... FROM INTEGRATION; a namespace's resource policy), bundled the same way.
for (const handler of ['redshift-database', 'redshift-resource-policy']) {
  project.bundler.addBundle(`src/${handler}/on-event.lambda.ts`, {
    platform: 'node',
    target: 'node22',
    externals: ['@aws-sdk/*'],
    sourcemap: false,
  });
  project.eslint?.allowDevDeps(`src/${handler}/on-event.lambda.ts`);
}
// The handlers import their AWS SDK clients from the Lambda runtime, dev dependencies here.
project.eslint?.allowDevDeps('src/catalog-policy/on-event.lambda.ts');
// The auto-delete handler (autoDeleteReplicatedData): the S3 Tables client is bundled into the asset (see devDeps).
project.bundler.addBundle('src/auto-delete/on-event.lambda.ts', {
  platform: 'node',
  target: 'node22',
  externals: ['@aws-sdk/client-glue', '@aws-sdk/client-s3', '@aws-sdk/client-cloudformation'],
  sourcemap: false,
  // The bundled S3 Tables client and its dependencies are about 1 MB unminified.
  minify: true,
});
project.eslint?.allowDevDeps('src/auto-delete/*.ts');

// The Firehose transform of DynamoDbStreamToS3Tables: a lambda.Function on Node.js 22, with the DynamoDB
// unmarshall bundled in (see the dev dependency).
project.bundler.addBundle('src/stream-transform/transform.lambda.ts', {
  platform: 'node',
  target: 'node22',
  sourcemap: false,
});
project.eslint?.allowDevDeps('src/stream-transform/record-transform.ts');
project.eslint?.allowDevDeps('bench/stream-transform.ts');

// The published dynamodb-zero-etl-s3tables 0.1.8 (the earlier library of our old name) and its quick start's
// templates, for the migration tests in test/migration: installed into .tools/v01 by the script (from its
// PyPI wheel, which carries the npm tarball; cached), then synthesized into .tools/v01/quick-start.templates.json.
const v01Install = project.addTask('v01:install', {
  description: 'Install the published dynamodb-zero-etl-s3tables 0.1.8 into .tools/v01 (cached)',
  exec: 'bash scripts/v01/install.sh',
});
const v01Synth = project.addTask('v01:synth', {
  description: 'Synthesize the 0.1.8 README quick start with the published package into .tools/v01/quick-start.templates.json',
  env: QUIET_DEPRECATIONS,
});
v01Synth.spawn(v01Install);
v01Synth.exec(`ts-node --project ${project.tsconfigDev.fileName} --transpile-only test/migration/synth-v01.ts`);
// With JSII_DEPRECATED quiet in the tests, a deprecated API used by the shipped code or the examples is caught
// here instead. Not in test/: a test there passes the deprecated Table prop pointInTimeRecovery on purpose.
project.eslint?.addOverride({
  files: ['src/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts'],
  rules: { '@typescript-eslint/no-deprecated': 'error' },
});

// The example apps and the benchmark are type-checked and linted like the tests.
for (const dir of ['examples', 'bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  });
  project.eslint?.addLintPattern(dir);
}

// cfn-lint, checkov and the offline IAM action check over every scenario's templates (tools installed
// from PyPI into .venv-template-checks by the script itself).
const checkTemplates = project.addTask('check:templates', {
  description: 'Synthesize the test scenarios and check their templates with cfn-lint, checkov and the IAM action reference',
  env: QUIET_DEPRECATIONS,
});
checkTemplates.spawn(project.tasks.tryFind('bundle')!);
checkTemplates.exec(`ts-node --project ${project.tsconfigDev.fileName} test/scenarios/synth.ts cdk.out.scenarios`);
checkTemplates.exec('bash scripts/template-checks/run.sh cdk.out.scenarios');

// The packed library in a user's app with cdk-nag's AwsSolutions pack: cdk-nag 2 as an Aspect and cdk-nag 3 as
// a validation plugin, each on an aws-cdk-lib it supports (pinned in the script, installed into .nag-compat/).
// Runs after compile in the test task, which it needs (and the handler bundle).
const nagCompat = project.addTask('nag:compat', {
  description: 'Synthesize a user app with the packed library and cdk-nag 2 (Aspect) and 3 (validation plugin); needs compile and bundle first',
});
nagCompat.exec('bash scripts/nag-compat/run.sh');

// integ-runner compares test/integ/*.snapshot with a fresh synthesis; nothing is deployed.
const INTEG_RUNNER = 'integ-runner --directory test/integ --language typescript '
  + `--app "ts-node -P ${project.tsconfigDev.fileName} --transpile-only --prefer-ts-exts {filePath}"`;
const integSnapshot = project.addTask('integ:snapshot', { description: 'Check the integ-runner snapshots (offline)', env: QUIET_DEPRECATIONS });
integSnapshot.spawn(project.tasks.tryFind('bundle')!);
integSnapshot.exec(INTEG_RUNNER);
const integUpdate = project.addTask('integ:update', {
  description: 'Deploy changed integration tests and update their snapshots (needs AWS credentials; see test/integ/README.md)',
});
integUpdate.spawn(project.tasks.tryFind('bundle')!);
integUpdate.exec(`${INTEG_RUNNER} --update-on-failed`);

// Every jsii language synthesizes the example app into the same template as TypeScript.
const bindings = project.addTask('bindings', {
  description: 'Build the Python and Java packages, generate the .NET and Go ones (Go compiled by the check), and check that the example app synthesizes the same template in Python, Java and Go',
  env: QUIET_DEPRECATIONS,
});
// The packages embed the handler bundles (assets/), which the example app's stack references.
bindings.spawn(project.tasks.tryFind('bundle')!);
bindings.spawn(project.compileTask);
for (const target of ['python', 'java', 'dotnet', 'go']) {
  bindings.spawn(project.tasks.tryFind(`package:${target}`)!);
}
bindings.exec('bash scripts/bindings/check.sh');

// The data-path proof: moto's DynamoDB with streams, the built transform and a pyiceberg table (tools
// installed into .venv-stream from scripts/stream/requirements.txt by the script).
const streamProof = project.addTask('test:stream', {
  description: 'Prove the DynamoDbStreamToS3Tables data path: moto DynamoDB stream records through the built transform into a pyiceberg table, compared with the final scan',
});
streamProof.spawn(project.tasks.tryFind('bundle')!);
streamProof.exec('bash scripts/stream/run.sh');

const example = project.addTask('example', {
  description: 'Synthesize the example apps (examples/typescript) into cdk.out/, cdk.out.shared-target/, cdk.out.glue-database/, cdk.out.redshift/, cdk.out.stream/ and cdk.out.disposable/ and print what they deploy',
  env: QUIET_DEPRECATIONS,
});
example.spawn(project.tasks.tryFind('bundle')!);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/app.ts`);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/shared-target.ts`);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/glue-database.ts`);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/redshift.ts`);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/stream.ts`);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/disposable.ts`);

// `npx projen test`: every step runs, even after one fails, and is counted from its tool's own output by
// scripts/test-summary.js (jest's --json results, the template checks' and the bindings check's
// "N passed, M failed", integ-runner's "Tests:" line; a step without counts is one check). The run ends with
// one line for the whole run, "N passed, M failed", and exits 1 if anything failed.
const SUMMARY = 'node scripts/test-summary.js';
const counted = (name: string, kind: 'jest' | 'tally' | 'integ' | 'step', command: string) => `${SUMMARY} run ${name} ${kind} -- ${command}`;
const test = project.testTask;
test.reset(`${SUMMARY} start`);
for (const [name, value] of Object.entries(QUIET_DEPRECATIONS)) test.env(name, value);
// The handler bundles must exist before jest builds stacks that reference them as assets.
test.exec(counted('bundle', 'step', 'projen bundle'));
// The published 0.1.8 and its quick start's templates, which the migration tests compare with.
test.exec(counted('v01', 'step', 'projen v01:synth'));
// Arguments to `npx projen test` go to jest, as projen's own jest step takes them.
test.exec(counted('jest', 'jest', 'jest --passWithNoTests --ci --json --outputFile=test-reports/jest-results.json'), { receiveArgs: true });
test.exec(counted('stream', 'tally', 'projen test:stream'));
test.exec(counted('eslint', 'step', 'projen eslint'));
// jsii compiles the public API for every target language; API.md must match it.
test.exec(counted('jsii', 'step', 'projen compile'));
test.exec(counted('docgen', 'step', 'projen docgen'));
test.exec(counted('nag-compat', 'tally', 'projen nag:compat'));
// Every TypeScript snippet in the README and the docstrings compiles (fixtures in rosetta/).
test.exec(counted('rosetta', 'step', 'jsii-rosetta extract --strict --compile --fail .jsii'), { name: 'compile the README and docstring snippets' });
test.exec(counted('API.md', 'step', 'git diff --exit-code -- API.md'), { name: 'API.md is committed as jsii-docgen writes it' });
test.exec(counted('cycles', 'step', 'dpdm --no-warning --no-tree --exit-code circular:1 src/index.ts'), { name: 'src/ has no import cycle' });
test.exec(counted('templates', 'tally', 'projen check:templates'));
test.exec(counted('integ', 'integ', 'projen integ:snapshot'));
test.exec(counted('bindings', 'tally', 'projen bindings'));
test.exec(`${SUMMARY} report`);

const bench = project.addTask('bench', {
  description: 'Benchmark synth time and stack footprint for 1 to 100 tables (see README, Performance)',
});
bench.spawn(project.tasks.tryFind('bundle')!);
bench.exec(`ts-node --project ${project.tsconfigDev.fileName} bench/run.ts`);
// The stream transform against JSON.parse + unmarshall + JSON.stringify alone; --expose-gc for the heap per batch.
bench.exec('node --expose-gc -r ts-node/register/transpile-only bench/stream-transform.ts', { env: { TS_NODE_PROJECT: project.tsconfigDev.fileName } });

project.synth();
