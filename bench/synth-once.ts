/**
 * One benchmark sample, run in a fresh process by bench/run.ts:
 *   synth-once.ts <tables> <layout> <outdir>
 * Prints one JSON line: synth wall and CPU time (constructing the app and synthesizing it, module
 * loading excluded), resource and Lambda counts, template bytes, and the bytes of the Glue Data Catalog
 * resource policy document the stack's custom resource would write.
 */
import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { buildBenchStack, Layout } from './stack';

const [tables, layout, outdir] = [Number(process.argv[2]), process.argv[3] as Layout, process.argv[4]];

const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
// Lift CDK's 500-resource check so that an oversized stack is measured and reported, not aborted.
const app = new App({ outdir, context: { '@aws-cdk/core:stackResourceLimit': 0 } });
const stack = buildBenchStack(app, tables, layout);
const assembly = app.synth();
const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuStarted);
const synthCpuMs = (cpu.user + cpu.system) / 1e3;

const artifact = assembly.getStackByName(stack.stackName);
const resources: Record<string, any> = artifact.template.Resources;
const catalogPolicy = Object.values(resources).find(r => r.Type === 'Custom::GlueCatalogResourcePolicy');

console.log(JSON.stringify({
  synthMs,
  synthCpuMs,
  resources: Object.keys(resources).length,
  lambdas: Object.values(resources).filter(r => r.Type === 'AWS::Lambda::Function').length,
  templateBytes: fs.statSync(artifact.templateFullPath).size,
  catalogPolicyBytes: catalogPolicy
    ? Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Statement: renderIntrinsics(catalogPolicy.Properties.Statements) }))
    : 0,
}));

/** Renders the only intrinsics the statements hold in an env-bound stack: the partition and joins. */
function renderIntrinsics(value: any): any {
  if (Array.isArray(value)) return value.map(renderIntrinsics);
  if (value && typeof value === 'object') {
    if (value.Ref === 'AWS::Partition') return 'aws';
    if (value['Fn::Join']) return value['Fn::Join'][1].map(renderIntrinsics).join(value['Fn::Join'][0]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderIntrinsics(v)]));
  }
  return value;
}
