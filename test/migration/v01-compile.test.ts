import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { onlyResource } from './cloudformation';
import { V01_PACKAGE_DIR } from './v01-quick-start';
import * as ours from '../../src';

/**
 * The README of dynamodb-zero-etl-s3tables 0.1.8 (quick start and "Customization Examples",
 * fixtures/v01-readme-customizations.ts.fixture) compiles against the published 0.1.8 and gives
 * three errors against ours; the same code with the three changes of docs/v01-research.md
 * (fixtures/v01-readme-customizations.migrated.ts.fixture) compiles against ours, and each
 * customization reaches the template.
 */

/** Set to true with `MIGRATE_FROM_V01_IMPLEMENTED` in v01-switch.test.ts. */
const MIGRATE_FROM_V01_IMPLEMENTED = true;

const FIXTURES = path.join(__dirname, 'fixtures');
const SRC = path.join(__dirname, '..', '..', 'src');

function fixture(name: string, library: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf-8')
    .replace("from 'LIBRARY'", `from '${library}'`)
    .replace('/* MIGRATE_FROM_V01 */', MIGRATE_FROM_V01_IMPLEMENTED ? 'migrateFromV01: true,' : '');
}

/**
 * Type-checks `sources` (file name in fixtures/ to source) as a user's strict TypeScript app would,
 * in one program; returns each file's diagnostics' messages.
 */
function typeCheck(sources: Record<string, string>): Record<string, string[]> {
  const files = Object.fromEntries(Object.entries(sources).map(([name, text]) => [path.join(FIXTURES, name), text]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ['node'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = file => file in files || fileExists(file);
  host.readFile = file => files[file] ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => (file in files
    ? ts.createSourceFile(file, files[file], language)
    : getSourceFile(file, language, ...rest));
  const program = ts.createProgram(Object.keys(files), options, host);
  return Object.fromEntries(Object.keys(files).map(file => [path.basename(file), ts.getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'))]));
}

let diagnostics: Record<string, string[]>;
beforeAll(() => {
  diagnostics = typeCheck({
    'v01.ts': fixture('v01-readme-customizations.ts.fixture', path.relative(FIXTURES, V01_PACKAGE_DIR)),
    'ours.ts': fixture('v01-readme-customizations.ts.fixture', path.relative(FIXTURES, SRC)),
    'ours-migrated.ts': fixture('v01-readme-customizations.migrated.ts.fixture', path.relative(FIXTURES, SRC)),
  });
}, 120_000);

test('the 0.1.8 README compiles against the published 0.1.8', () => {
  expect(diagnostics['v01.ts']).toEqual([]);
});

test('the 0.1.8 README gives exactly three errors against ours, the ones the README shows', () => {
  const expected = [
    "Property 'targetRole' does not exist on type 'DynamoDbZeroEtlToS3Tables'.",
    "Property 'tableBucket' does not exist on type 'DynamoDbZeroEtlToS3Tables'.",
    "Property 'integration' does not exist on type 'DynamoDbZeroEtlToS3Tables'. Did you mean 'integrations'?",
  ];
  expect(diagnostics['ours.ts']).toEqual(expected);
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
  for (const message of expected) {
    expect(readme).toContain(message);
  }
});

test('with the three changes it compiles against ours', () => {
  expect(diagnostics['ours-migrated.ts']).toEqual([]);
});

test('with the three changes each customization reaches the template', () => {
  const js = ts.transpileModule(fixture('v01-readme-customizations.migrated.ts.fixture', 'LIBRARY'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const module = { exports: {} as { QuickStartStack: new (scope: App, id: string) => any } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  new Function('require', 'module', 'exports', js)((id: string) => (id === 'LIBRARY' ? ours : require(id)), module, module.exports);
  const app = new App();
  const template = Template.fromStack(new module.exports.QuickStartStack(app, 'OrdersStack'));
  const json = template.toJSON();

  const role = onlyResource(json, 'AWS::Glue::IntegrationResourceProperty').resource.Properties.TargetProcessingProperties.RoleArn['Fn::GetAtt'][0];
  const policies = Object.values(json.Resources).filter((r: any) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === role));
  expect(policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement)).toContainEqual(
    { Action: 's3:GetObject', Effect: 'Allow', Resource: 'arn:aws:s3:::my-other-bucket/*' });
  template.hasResourceProperties('AWS::S3Tables::TableBucket', {
    TableBucketName: 'my-bucket',
    UnreferencedFileRemoval: { Status: 'Enabled', UnreferencedDays: 10, NoncurrentDays: 30 },
  });
  template.hasResourceProperties('AWS::Glue::Integration', {
    Tags: [{ Key: 'Environment', Value: 'production' }, { Key: 'Team', Value: 'analytics' }],
  });
});
