/**
 * One benchmark sample, run in a fresh process by bench/run.ts:
 *   synth-once.ts <tables> <layout> <outdir>
 * Prints one JSON line: synth wall and CPU time (constructing the app and synthesizing it, module
 * loading excluded), resource and Lambda counts, template bytes, the bytes of the Glue Data Catalog
 * resource policy document the stack's custom resource would write, and the integrations' creation waves.
 */
import * as fs from 'fs';
import { App } from 'aws-cdk-lib';
import { buildBenchStack, Layout } from './stack';
import { policyBytes } from '../src/catalog-policy/policy-document';
import { renderAsDeployed } from '../src/private/render-as-deployed';
import { integrationWaves } from '../test/waves';

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
  catalogPolicyBytes: catalogPolicy ? policyBytes(renderAsDeployed(stack, [
    ...catalogPolicy.Properties.Statements ?? [],
    // The handler names each shared statement ZeroEtlAccountWide + 16 hex characters.
    ...(catalogPolicy.Properties.SharedStatements ?? []).map((s: object) => ({ Sid: 'ZeroEtlAccountWide0123456789abcdef', ...s })),
  ])) : 0,
  waves: integrationWaves(resources).length,
}));
