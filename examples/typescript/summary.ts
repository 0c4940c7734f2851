import * as path from 'path';
import { App } from 'aws-cdk-lib';

/** Prints, per stack of `app`, its resources by type and each integration's source and target. */
export function printSummary(app: App): void {
  const assembly = app.synth();
  for (const stack of assembly.stacks) {
    const resources: Record<string, { Type: string; Properties?: any }> = stack.template.Resources;
    const counts = new Map<string, number>();
    for (const resource of Object.values(resources)) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
    const dependsOn = stack.dependencies.map(d => d.id).filter(id => !id.endsWith('.assets'));
    console.log(`Stack ${stack.stackName} (${stack.environment.account}/${stack.environment.region})`
      + (dependsOn.length > 0 ? `, deployed after ${dependsOn.join(', ')}` : ''));
    console.log(`  template: ${path.relative(process.cwd(), stack.templateFullPath)}`);
    console.log(`  ${Object.keys(resources).length} resources:`);
    for (const [type, count] of [...counts].sort()) {
      console.log(`    ${String(count).padStart(3)}  ${type}`);
    }
    for (const resource of Object.values(resources).filter(r => r.Type === 'AWS::Glue::Integration')) {
      const { IntegrationName, SourceArn, TargetArn } = resource.Properties;
      console.log(`  integration ${IntegrationName}:`);
      console.log(`    source ${JSON.stringify(SourceArn)}`);
      console.log(`    target ${JSON.stringify(TargetArn)}`);
    }
  }
}
