/**
 * Writes every scenario's templates to the directory given as the first argument, named
 * `<scenario>-<stack>.<region>.template.json`, for scripts/template-checks/run.sh.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { SCENARIOS } from './scenarios';

const target = path.resolve(process.argv[2] ?? 'cdk.out.scenarios');
fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
for (const [name, build] of Object.entries(SCENARIOS)) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-')) });
  build(app);
  for (const stack of app.synth().stacks) {
    const file = `${name}-${stack.stackName}.${stack.environment.region}.template.json`;
    fs.copyFileSync(stack.templateFullPath, path.join(target, file));
    console.log(`${path.relative(process.cwd(), target)}/${file}`);
  }
}
