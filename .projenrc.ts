import { awscdk, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/** Oldest aws-cdk-lib with aws_glue.CfnIntegration (2.227.0); everything else we use is older. */
const MIN_CDK_VERSION = '2.227.0';
/**
 * The aws-cdk-lib the tests and the example app run against: the newest whose cloud assembly
 * (schema 53) the newest integ-runner (2.197.10) can read.
 */
const DEV_CDK_VERSION = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'dynamodb-zero-etl-s3tables',
  description:
    'AWS CDK L3 construct: replicate an Amazon DynamoDB table into Apache Iceberg tables in Amazon S3 Tables with an AWS Glue zero-ETL integration.',
  keywords: ['aws-cdk', 'cdk', 'dynamodb', 'glue', 'zero-etl', 's3tables', 'iceberg', 'awscdk'],
  author: 'dynamodb-zero-etl-s3tables contributors',
  authorAddress: 'noreply@example.com',
  repositoryUrl: 'https://github.com/dynamodb-zero-etl/dynamodb-zero-etl-s3tables.git',
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
    // aws-sdk-client-mock: typed mocks of AWS SDK v3 clients for the handler tests.
    'aws-sdk-client-mock@^4',
    '@types/aws-lambda',
    // An IAM policy evaluator (identity and resource policies, every condition operator) for the
    // authorization tests in test/authorization.test.ts. AGPL-3.0: used by the tests only, not shipped.
    '@cloud-copilot/iam-simulate@0.1.173',
    // integ-runner and IntegTest: the integration tests in test/integ, snapshot-checked offline.
    '@aws-cdk/integ-runner@2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
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
    distName: 'dynamodb-zero-etl-s3tables',
    module: 'dynamodb_zero_etl_s3tables',
  },
  publishToMaven: {
    javaPackage: 'io.github.dynamodbzeroetl.s3tables',
    mavenGroupId: 'io.github.dynamodbzeroetl',
    mavenArtifactId: 'dynamodb-zero-etl-s3tables',
  },
  publishToNuget: {
    dotNetNamespace: 'DynamoDbZeroEtl.S3Tables',
    packageId: 'DynamoDbZeroEtl.S3Tables',
  },
  publishToGo: {
    moduleName: 'github.com/dynamodb-zero-etl/dynamodb-zero-etl-s3tables-go',
  },

  githubOptions: { mergify: false },
  gitignore: ['/cdk.out/', '/cdk.out.shared-target/', '/cdk.out.glue-database/', '/examples/**/cdk.out/', '*.tabl.json', '/cdk.out.scenarios/', '/.venv-template-checks/', 'test/integ/cdk-integ.out.*', '/.bindings/', '/examples/java/target/', '/.nag-compat/'],
});

// The npm package holds lib/, assets/ and the docs, not the repo's apps, scripts and build output.
for (const pattern of ['/cdk.out/', '/cdk.out.shared-target/', '/cdk.out.glue-database/', '/cdk.out.scenarios/', '/bench/', '/examples/', '/scripts/', '/rosetta/',
  '/.venv-template-checks/', '/.bindings/', '/.ci/', '*.tabl.json', '/.nag-compat/']) {
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
// The handler imports the Glue client from the Lambda runtime, a dev dependency here.
project.eslint?.allowDevDeps('src/catalog-policy/on-event.lambda.ts');

// The handler bundles must exist before jest builds stacks that reference them as assets.
project.testTask.prependSpawn(project.tasks.tryFind('bundle')!);
// jsii compiles the public API for every target language; API.md must match it.
project.testTask.spawn(project.compileTask);
project.testTask.spawn(project.tasks.tryFind('docgen')!);
// Every TypeScript snippet in the README and the docstrings compiles (fixtures in rosetta/).
project.testTask.exec('jsii-rosetta extract --strict --compile --fail .jsii', { name: 'compile the README and docstring snippets' });
project.testTask.exec('git diff --exit-code -- API.md', { name: 'API.md is committed as jsii-docgen writes it' });

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
});
checkTemplates.spawn(project.tasks.tryFind('bundle')!);
checkTemplates.exec(`ts-node --project ${project.tsconfigDev.fileName} test/scenarios/synth.ts cdk.out.scenarios`);
checkTemplates.exec('bash scripts/template-checks/run.sh cdk.out.scenarios');
project.testTask.spawn(checkTemplates);

// The packed library in a user's app with cdk-nag's AwsSolutions pack: cdk-nag 2 as an Aspect and cdk-nag 3 as
// a validation plugin, each on an aws-cdk-lib it supports (pinned in the script, installed into .nag-compat/).
// Runs after compile in the test task, which it needs (and the handler bundle).
const nagCompat = project.addTask('nag:compat', {
  description: 'Synthesize a user app with the packed library and cdk-nag 2 (Aspect) and 3 (validation plugin); needs compile and bundle first',
});
nagCompat.exec('bash scripts/nag-compat/run.sh');
project.testTask.spawn(nagCompat);

// integ-runner compares test/integ/*.snapshot with a fresh synthesis; nothing is deployed.
const INTEG_RUNNER = 'integ-runner --directory test/integ --language typescript '
  + `--app "ts-node -P ${project.tsconfigDev.fileName} --transpile-only --prefer-ts-exts {filePath}"`;
const integSnapshot = project.addTask('integ:snapshot', { description: 'Check the integ-runner snapshots (offline)' });
integSnapshot.spawn(project.tasks.tryFind('bundle')!);
integSnapshot.exec(INTEG_RUNNER);
project.testTask.spawn(integSnapshot);
const integUpdate = project.addTask('integ:update', {
  description: 'Deploy changed integration tests and update their snapshots (needs AWS credentials; see test/integ/README.md)',
});
integUpdate.spawn(project.tasks.tryFind('bundle')!);
integUpdate.exec(`${INTEG_RUNNER} --update-on-failed`);

// Every jsii language synthesizes the example app into the same template as TypeScript.
const bindings = project.addTask('bindings', {
  description: 'Build the Python and Java packages, generate the .NET and Go ones (Go compiled by the check), and check that the example app synthesizes the same template in Python, Java and Go',
});
// The packages embed the handler bundles (assets/), which the example app's stack references.
bindings.spawn(project.tasks.tryFind('bundle')!);
bindings.spawn(project.compileTask);
for (const target of ['python', 'java', 'dotnet', 'go']) {
  bindings.spawn(project.tasks.tryFind(`package:${target}`)!);
}
bindings.exec('bash scripts/bindings/check.sh');
project.testTask.spawn(bindings);

const example = project.addTask('example', {
  description: 'Synthesize the example apps (examples/typescript) into cdk.out/, cdk.out.shared-target/ and cdk.out.glue-database/ and print what they deploy',
  // aws-cdk-lib 2.257.0's own TableV2 constructor passes its deprecated TableGrantsProps fields, so every
  // TableV2 prints two deprecation warnings that no prop avoids. 2.270.0 stops doing that, but every release
  // after 2.257.0 writes cloud assembly schema 54, which integ-runner 2.197.10 (the newest) cannot read.
  // Quiet jsii's deprecation output here only; the tests still print it.
  env: { JSII_DEPRECATED: 'quiet' },
});
example.spawn(project.tasks.tryFind('bundle')!);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/app.ts`);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/shared-target.ts`);
example.exec(`ts-node --project ${project.tsconfigDev.fileName} examples/typescript/glue-database.ts`);

const bench = project.addTask('bench', {
  description: 'Benchmark synth time and stack footprint for 1 to 100 tables (see README, Performance)',
});
bench.spawn(project.tasks.tryFind('bundle')!);
bench.exec(`ts-node --project ${project.tsconfigDev.fileName} bench/run.ts`);

project.synth();
