/**
 * `npx projen bench`: synthesizes stacks of N DynamoDB tables with and without the construct, each
 * sample in a fresh process, and prints a table of medians and the targets of the benchmark.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Layout, LAYOUTS } from './stack';

const SIZES = [1, 14, 50, 100];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  synthMs: number;
  synthCpuMs: number;
  resources: number;
  lambdas: number;
  templateBytes: number;
  catalogPolicyBytes: number;
  waves: number;
  /** Process start to exit, as a user's `cdk synth` pays it (module loading included). */
  processMs: number;
}

function sample(tables: number, layout: Layout): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const started = performance.now();
  try {
    const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'synth-once.ts'), String(tables), layout, outdir], {
      encoding: 'utf-8',
      // The child's warnings (e.g. CloudFormation's 500-resource limit) are in the table; show stderr only on failure.
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'test', 'tsconfig.json') },
    });
    return { ...JSON.parse(output.trim().split('\n').pop()!), processMs: performance.now() - started };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Runs are interleaved (every layout and size once per round) so that load on the machine hits all cells alike.
const samples = new Map<string, Sample[]>();
for (let run = 0; run < RUNS; run++) {
  for (const tables of SIZES) {
    for (const layout of LAYOUTS) {
      const key = `${layout}/${tables}`;
      samples.set(key, [...(samples.get(key) ?? []), sample(tables, layout)]);
    }
  }
}
const results = new Map<string, Sample>();
for (const [key, runs] of samples) {
  results.set(key, {
    ...runs[0],
    synthMs: median(runs.map(r => r.synthMs)),
    synthCpuMs: median(runs.map(r => r.synthCpuMs)),
    processMs: median(runs.map(r => r.processMs)),
  });
}

const cpu = os.cpus();
console.log(`Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${RUNS} interleaved runs per cell (median)\n`);
console.log('| layout | tables | synth CPU ms (construct / bare) | ratio | synth wall ms (construct / bare) | ratio | resources | Lambda functions | template bytes | catalog policy bytes | creation waves |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const layout of LAYOUTS.filter(l => l !== 'bare')) {
  for (const tables of SIZES) {
    const r = results.get(`${layout}/${tables}`)!;
    const bare = results.get(`bare/${tables}`)!;
    console.log(`| ${layout} | ${tables} | ${r.synthCpuMs.toFixed(0)} / ${bare.synthCpuMs.toFixed(0)} | ${(r.synthCpuMs / bare.synthCpuMs).toFixed(2)}x `
      + `| ${r.synthMs.toFixed(0)} / ${bare.synthMs.toFixed(0)} | ${(r.synthMs / bare.synthMs).toFixed(2)}x | ${r.resources} | ${r.lambdas} | ${r.templateBytes} | ${r.catalogPolicyBytes} | ${r.waves} |`);
  }
}

const shared = (n: number) => results.get(`shared-bucket/${n}`)!;
const bare = (n: number) => results.get(`bare/${n}`)!;
console.log('\n| tables | whole process ms (construct / bare) | ratio |\n| ---: | ---: | ---: |');
for (const tables of SIZES) {
  console.log(`| ${tables} | ${shared(tables).processMs.toFixed(0)} / ${bare(tables).processMs.toFixed(0)} | ${(shared(tables).processMs / bare(tables).processMs).toFixed(2)}x |`);
}
const perTable = (n: number) => results.get(`bucket-per-table/${n}`)!;
const targets: Array<[string, boolean, string]> = [
  ['synth overhead at N=1 <= 1.3x the bare stack (CPU time)', shared(1).synthCpuMs / results.get('bare/1')!.synthCpuMs <= 1.3,
    `${(shared(1).synthCpuMs / results.get('bare/1')!.synthCpuMs).toFixed(2)}x`],
  ['whole process at N=1 <= 1.5x the bare stack (process start to exit)', shared(1).processMs / bare(1).processMs <= 1.5,
    `${(shared(1).processMs / bare(1).processMs).toFixed(2)}x`],
  ['one table: <= 10 resources in the stack, the table included', shared(1).resources <= 10, `${shared(1).resources} resources`],
  ['one Lambda function per stack at every N', LAYOUTS.filter(l => l !== 'bare').every(l => SIZES.every(n => results.get(`${l}/${n}`)!.lambdas === 1)),
    SIZES.map(n => `${shared(n).lambdas}/${perTable(n).lambdas}`).join(', ')],
  ['<= 2 resources per extra table sharing a bucket (its table and its integration)',
    (shared(100).resources - shared(1).resources) / 99 <= 2, `${((shared(100).resources - shared(1).resources) / 99).toFixed(2)} per table`],
  ['N=100 sharing a bucket fits one stack (< 500 resources)', shared(100).resources < 500, `${shared(100).resources} resources`],
  ['N=100 one bucket per table fits one stack (< 500 resources)', perTable(100).resources < 500, `${perTable(100).resources} resources`],
  ['catalog policy for N=100 sharing a bucket <= 10,240 bytes', shared(100).catalogPolicyBytes <= 10240, `${shared(100).catalogPolicyBytes} bytes`],
  ['catalog policy for N=100 one bucket per table (account-wide scope) <= 10,240 bytes', perTable(100).catalogPolicyBytes <= 10240,
    `${perTable(100).catalogPolicyBytes} bytes`],
  ['at most 4 integrations created at once: N=100 in 25 waves', shared(100).waves === 25 && perTable(100).waves === 25,
    `${shared(100).waves} / ${perTable(100).waves} waves`],
];
console.log('\n| target | met | measured |\n| --- | --- | --- |');
for (const [name, met, measured] of targets) {
  console.log(`| ${name} | ${met ? 'yes' : 'NO'} | ${measured} |`);
}
