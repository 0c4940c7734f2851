/**
 * Synthesizes the README quick start of dynamodb-zero-etl-s3tables 0.1.8, the published package
 * that scripts/v01/install.sh installs into .tools/v01, in each of QUICK_START_VARIANTS, and writes
 * the templates to .tools/v01/quick-start.templates.json (or the path given as the first argument), for
 * test/migration/v01-switch.test.ts. Run by `npx projen v01:synth`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadV01, QUICK_START_VARIANTS, synthQuickStart, V01_TEMPLATE } from './v01-quick-start';

const out = path.resolve(process.argv[2] ?? V01_TEMPLATE);
const { DynamoDbZeroEtlToS3Tables, version } = loadV01();
const templates: Record<string, any> = {};
for (const [name, variant] of Object.entries(QUICK_START_VARIANTS)) {
  templates[name] = synthQuickStart(fs.mkdtempSync(path.join(os.tmpdir(), 'v01-quick-start-')), DynamoDbZeroEtlToS3Tables, variant);
  console.log(`${name}: ${Object.keys(templates[name].Resources).length} resources`);
}
fs.writeFileSync(out, JSON.stringify({ v01Version: version, templates }, null, 2) + '\n');
console.log(`${path.relative(process.cwd(), out)}: the quick start of dynamodb-zero-etl-s3tables ${version}`);
