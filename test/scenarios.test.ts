import { App } from 'aws-cdk-lib';
import { NIST80053R5Checks } from 'cdk-nag';
import { nagFindings, tempOutdir, unacknowledged } from './nag';
import { SCENARIOS } from './scenarios/scenarios';

describe.each(Object.keys(SCENARIOS))('scenario %s', name => {
  test('cdk-nag AwsSolutions and NIST 800-53 R5 raise only acknowledged findings', () => {
    const app = new App({ outdir: tempOutdir() });
    SCENARIOS[name](app);
    const findings = nagFindings(app, [new NIST80053R5Checks()]);
    // The packs ran: the catalog-policy handler's log group always raises an acknowledged finding.
    expect(findings.map(f => f.ruleName)).toContain('NIST.800.53.R5-CloudWatchLogGroupEncrypted');
    expect(unacknowledged(findings)).toEqual([]);
  });
});
