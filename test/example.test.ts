import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { nagFindings, tempOutdir, unacknowledged } from './nag';
import { buildExampleApp } from '../examples/typescript/app';

/** Replaces asset hashes, which change with every handler edit, by a fixed marker. */
function maskAssetHashes(template: object): object {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

function exampleStack(): Stack {
  return buildExampleApp(tempOutdir()).node.findChild('OrdersAnalytics') as Stack;
}

test('the example stack matches its snapshot (asset hashes masked)', () => {
  expect(maskAssetHashes(Template.fromStack(exampleStack()).toJSON())).toMatchSnapshot();
});

test('the example stack deploys the resources the README lists', () => {
  const template = Template.fromStack(exampleStack());
  const expected: Record<string, number> = {
    'AWS::DynamoDB::GlobalTable': 2,
    'AWS::S3Tables::TableBucket': 1,
    'AWS::IAM::Role': 3,
    'AWS::IAM::Policy': 3,
    'AWS::Lambda::Function': 2,
    'AWS::Logs::LogGroup': 2,
    'Custom::GlueCatalogResourcePolicy': 1,
    'AWS::Glue::IntegrationResourceProperty': 1,
    'AWS::Glue::Integration': 2,
  };
  for (const [type, count] of Object.entries(expected)) {
    template.resourceCountIs(type, count);
  }
  expect(Object.keys(template.toJSON().Resources)).toHaveLength(17);
});

test('cdk-nag AwsSolutions raises only acknowledged findings on the example app', () => {
  const app = buildExampleApp(tempOutdir());
  const findings = nagFindings(app);
  expect(findings.map(f => f.ruleName)).toContain('AwsSolutions-IAM5[Resource::*]');
  expect(unacknowledged(findings)).toEqual([]);
});
