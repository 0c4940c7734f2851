// Runs the steps of `npx projen test` one after the other, counts what each one checked from the
// tool's own output, and ends the run with one line for the whole run: "N passed, M failed".
//
//   node scripts/test-summary.js start                       forget the counts of an earlier run
//   node scripts/test-summary.js run NAME KIND -- COMMAND...  run one step and record its counts
//   node scripts/test-summary.js report                      print every step's counts and the total;
//                                                            exit 1 if anything failed
//
// `run` always exits 0, so that every step runs and is counted even after one fails; `report` carries
// the failure. KIND says where the counts come from:
//   jest   jest's --json --outputFile (the COMMAND must pass both): numPassedTests, and numFailedTests
//          plus the suites that failed to run
//   tally  the last "N passed, M failed" line the step prints (scripts/template-checks/run.sh,
//          scripts/bindings/check.sh)
//   integ  integ-runner's "Tests: N passed, T total" or "Tests: N failed, T total"
//   step   a check without counts of its own (bundle, eslint, jsii, docgen, rosetta, the API.md diff):
//          1 passed if it exits 0, else 1 failed
// A step that exits non-zero with no failure in its counts, or whose counts cannot be read, is counted
// as one more failure, with the reason in the report.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const DIR = path.join(__dirname, '..', 'test-reports', 'summary');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function start() {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
}

/** Runs COMMAND with the console as its stdout and stderr; returns its exit code and, if asked, its output. */
function execute(command, capture) {
  return new Promise(resolve => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'] });
    const chunks = [];
    if (capture) {
      child.stdout.on('data', chunk => { process.stdout.write(chunk); chunks.push(chunk); });
      child.stderr.on('data', chunk => { process.stderr.write(chunk); chunks.push(chunk); });
    }
    child.on('error', error => { console.error(`${command[0]}: ${error.message}`); resolve({ code: 127, output: '' }); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString('utf-8') }));
  });
}

function jestOutputFile(command) {
  const option = command.find(arg => arg.startsWith('--outputFile='));
  if (!option || !command.includes('--json')) throw new Error('the jest command needs --json --outputFile=FILE');
  return option.slice('--outputFile='.length);
}

const COUNTERS = {
  jest(command) {
    const file = jestOutputFile(command);
    if (!fs.existsSync(file)) return undefined;
    const results = JSON.parse(fs.readFileSync(file, 'utf-8'));
    return { passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites };
  },
  tally(_command, output) {
    const lines = output.replace(ANSI, '').split('\n').map(line => line.match(/^\s*(?:[\w.-]+:\s+)?(\d+) passed, (\d+) failed\s*$/)).filter(Boolean);
    const last = lines[lines.length - 1];
    return last && { passed: Number(last[1]), failed: Number(last[2]) };
  },
  integ(_command, output) {
    const lines = [...output.replace(ANSI, '').matchAll(/Tests:\s+(\d+) (passed|failed), (\d+) total/g)];
    const last = lines[lines.length - 1];
    if (!last) return undefined;
    const [count, word, total] = [Number(last[1]), last[2], Number(last[3])];
    return word === 'passed' ? { passed: count, failed: total - count } : { passed: total - count, failed: count };
  },
  step() {
    return undefined;
  },
};

async function run(name, kind, command) {
  const counter = COUNTERS[kind];
  if (!counter || command.length === 0) throw new Error(`usage: run NAME (${Object.keys(COUNTERS).join('|')}) -- COMMAND...`);
  const began = Date.now();
  // A jest that dies before writing its results must not be counted from an earlier run's file.
  if (kind === 'jest') fs.rmSync(jestOutputFile(command), { force: true });
  const { code, output } = await execute(command, kind === 'tally' || kind === 'integ');
  let counts = counter(command, output);
  let note = '';
  if (kind === 'step') {
    counts = code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
    if (code !== 0) note = `exit ${code}`;
  } else if (!counts) {
    counts = { passed: 0, failed: 1 };
    note = `exit ${code}, printed no counts`;
  } else if (code !== 0 && counts.failed === 0) {
    counts.failed = 1;
    note = `exit ${code} with nothing counted as failed`;
  }
  const record = { name, kind, ...counts, exitCode: code, note, seconds: Math.round((Date.now() - began) / 1000) };
  fs.mkdirSync(DIR, { recursive: true });
  const index = fs.readdirSync(DIR).length;
  fs.writeFileSync(path.join(DIR, `${String(index).padStart(2, '0')}-${name.replace(/[^\w.-]/g, '_')}.json`), JSON.stringify(record));
}

function report() {
  const records = fs.existsSync(DIR) ? fs.readdirSync(DIR).sort().map(file => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf-8'))) : [];
  const passed = records.reduce((sum, r) => sum + r.passed, 0);
  const failed = records.reduce((sum, r) => sum + r.failed, 0);
  const width = Math.max(4, ...records.map(r => r.name.length));
  console.log('');
  console.log('== Test summary: what each step counted (jest tests, template checks, integ tests, bindings checks;');
  console.log('   a check without counts of its own is one)');
  console.log(`   ${'step'.padEnd(width)}  passed  failed  time`);
  for (const r of records) {
    const note = r.note ? `  (${r.note})` : '';
    console.log(`   ${r.name.padEnd(width)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.seconds).padStart(4)}s${note}`);
  }
  if (records.length === 0) console.log('   nothing was run');
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0 || records.length === 0) process.exitCode = 1;
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === 'start') return start();
  if (mode === 'report') return report();
  if (mode === 'run' && rest[2] === '--') return run(rest[0], rest[1], rest.slice(3));
  console.error('usage: node scripts/test-summary.js start | run NAME KIND -- COMMAND... | report');
  process.exitCode = 2;
}

main().catch(error => {
  console.error(error.stack ?? String(error));
  process.exitCode = 2;
});
