import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Names, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { onlyResource, resolveLikeCloudFormation, v01Templates } from './cloudformation';
import { QUICK_START_VARIANTS, QuickStartVariant, synthQuickStart } from './v01-quick-start';
import { DynamoDbZeroEtlToS3Tables } from '../../src';

/**
 * Switching a deployed dynamodb-zero-etl-s3tables 0.1.x quick start to ours: the README quick start
 * (and a nested, named variant) synthesized with the published 0.1.8 (by `npx projen v01:synth`,
 * into .tools/v01) and with ours, compared resource by resource.
 *
 * For an in-place update, the table bucket, the integration resource property and the integration
 * must keep their logical ids and every property whose change CloudFormation answers with a
 * replacement (the `createOnlyProperties` of their resource schemas, below). See docs/v01-research.md.
 */

/**
 * Set to true once `DynamoDbZeroEtlToS3TablesProps.migrateFromV01` exists: the expectations under
 * "with migrateFromV01: true" fail until the prop is built (docs/v01-research.md, implementation spec).
 */
const MIGRATE_FROM_V01_IMPLEMENTED = true;

/**
 * The `createOnlyProperties` of each resource schema ("Update requires: Replacement" in the
 * CloudFormation User Guide), as cfn-lint 1.58.0 ships them (data/schemas/resources; the same lists
 * are in aws-cloudformation/cfn-lint's providers/us_east_1 schemas).
 */
const REPLACEMENT_PROPERTIES: Record<string, string[]> = {
  'AWS::S3Tables::TableBucket': ['TableBucketName'],
  'AWS::Glue::IntegrationResourceProperty': ['ResourceArn'],
  'AWS::Glue::Integration': ['IntegrationName', 'SourceArn', 'TargetArn', 'KmsKeyId', 'AdditionalEncryptionContext', 'IntegrationConfig'],
};
const KEPT_TYPES = Object.keys(REPLACEMENT_PROPERTIES);

/** The 0.1.x construct ids of the three resources, under its `DynamoDbZeroEtlToS3Tables`. */
const V01_CONSTRUCT_IDS: Record<string, string> = {
  'AWS::S3Tables::TableBucket': 'TableBucket',
  'AWS::Glue::IntegrationResourceProperty': 'TargetResourceProperty',
  'AWS::Glue::Integration': 'Integration',
};

/**
 * The 0.1.x resources that ours has no counterpart of, by their construct path under 0.1.x's
 * `DynamoDbZeroEtlToS3Tables` (an L2's resource is its `Resource` child, a `CustomResource`'s its `Default` child): CloudFormation deletes them in the switch's cleanup. The target role
 * and its policy may stay if `migrateFromV01` keeps their logical ids too (not required: the resource
 * property's RoleArn is updated in place).
 */
const V01_ONLY = ['TargetRole/Resource', 'TargetRole/DefaultPolicy/Resource', 'CatalogPolicyFunctionLogs/Resource',
  'CatalogPolicyFunction/ServiceRole/Resource', 'CatalogPolicyFunction/ServiceRole/DefaultPolicy/Resource',
  'CatalogPolicyFunction/Resource', 'CatalogPolicy/Default'];
const V01_ONLY_REQUIRED = ['CatalogPolicyFunctionLogs/Resource', 'CatalogPolicyFunction/Resource', 'CatalogPolicy/Default'];

/**
 * The logical id aws-cdk-lib gives a resource at `pathFromStack` (construct ids from the stack down
 * to the L1: `Default` is dropped, `Resource` only from the readable part, not from the hash), computed on a throwaway construct tree with
 * `Names.uniqueId`, which uses the algorithm of `Stack.allocateLogicalId`. How `migrateFromV01` can
 * compute 0.1.x's ids with public API only.
 */
function logicalIdAt(pathFromStack: string[]): string {
  let scope = new Construct(undefined as any, '');
  for (const id of pathFromStack) {
    scope = new Construct(scope, id);
  }
  return Names.uniqueId(scope);
}

/** Construct ids from the stack down to 0.1.x's `DynamoDbZeroEtlToS3Tables`. */
function v01ConstructPath(variant: QuickStartVariant): string[] {
  return [...(variant.nestIn ? [variant.nestIn] : []), 'ZeroEtl'];
}

function ours(variant: QuickStartVariant, extraProps: object = {}, customize?: (zeroEtl: Construct) => void): any {
  return synthQuickStart(fs.mkdtempSync(path.join(os.tmpdir(), 'v01-switch-')), DynamoDbZeroEtlToS3Tables, variant, extraProps, customize);
}

/**
 * The implementation spec of docs/v01-research.md applied to today's construct with escape hatches:
 * 0.1.x's logical ids on the three resources, 0.1.x's integration name, and the source ARN written
 * as 0.1.x wrote it; and, recommended rather than required, 0.1.x's logical id on the target
 * processing role. What `migrateFromV01: true` must do inside the construct (and what a user can do
 * until it exists).
 */
function specByEscapeHatches(variant: QuickStartVariant, integrationName: string) {
  return (construct: Construct) => {
    const zeroEtl = construct as DynamoDbZeroEtlToS3Tables;
    const at = (...ids: string[]) => logicalIdAt([...v01ConstructPath(variant), ...ids]);
    zeroEtl.target.tableBucket!.overrideLogicalId(at('TableBucket'));
    (zeroEtl.target.targetRole!.node.defaultChild as iam.CfnRole).overrideLogicalId(at('TargetRole', 'Resource'));
    zeroEtl.target.integrationResourceProperty!.overrideLogicalId(at('TargetResourceProperty'));
    const integration = zeroEtl.integrations[0].node.defaultChild as glue.CfnIntegration;
    integration.overrideLogicalId(at('Integration'));
    integration.integrationName = integrationName;
    integration.sourceArn = Stack.of(zeroEtl).formatArn({ service: 'dynamodb', resource: 'table', resourceName: zeroEtl.integrations[0].sourceTableName });
  };
}

function pick(properties: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map(name => [name, properties[name] ?? '(absent)']));
}

const { v01Version, templates: V01 } = v01Templates();

test('the templates come from the published 0.1.8', () => {
  expect(v01Version).toBe('0.1.8');
});

describe.each(Object.entries(QUICK_START_VARIANTS))('%s', (name, variant) => {
  const v01 = V01[name];
  const v01Path = v01ConstructPath(variant);
  const integrationName = (variant.props as { integrationName?: string } | undefined)?.integrationName ?? 'ddb-to-s3tables';

  describe('0.1.8 (the published package)', () => {
    test.each(KEPT_TYPES)('%s: one, with the logical id of its construct path', type => {
      expect(onlyResource(v01, type).logicalId).toBe(logicalIdAt([...v01Path, V01_CONSTRUCT_IDS[type]]));
    });

    test('the integration is named by the integrationName prop, ddb-to-s3tables by default', () => {
      expect(onlyResource(v01, 'AWS::Glue::Integration').resource.Properties.IntegrationName).toBe(integrationName);
    });

    test('its catalog-policy custom resource runs its own Lambda function (CatalogPolicyFunction)', () => {
      const { logicalId, resource } = onlyResource(v01, 'AWS::CloudFormation::CustomResource');
      expect(logicalId).toBe(logicalIdAt([...v01Path, 'CatalogPolicy', 'Default']));
      expect(resource.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': [logicalIdAt([...v01Path, 'CatalogPolicyFunction', 'Resource']), 'Arn'] });
      expect(resource.Properties.PolicyId).toBe('ZeroEtl_ordersicebergbucket');
    });
  });

  describe('ours without migrateFromV01 (today\'s default): not an in-place update', () => {
    const template = ours(variant);

    test.each(KEPT_TYPES)('%s: another logical id, so CloudFormation creates a second one and deletes the first', type => {
      expect(onlyResource(template, type).logicalId).not.toBe(onlyResource(v01, type).logicalId);
    });

    test('the integration gets a derived name instead of 0.1.x\'s', () => {
      expect(onlyResource(template, 'AWS::Glue::Integration').resource.Properties.IntegrationName).not.toBe(
        name === 'quick-start' ? 'ddb-to-s3tables' : '(a derived name)');
    });

    if (name === 'quick-start') {
      test('the logical ids and name ours gives the README quick start', () => {
        expect(Object.fromEntries(KEPT_TYPES.map(type => [type, onlyResource(template, type).logicalId]))).toEqual({
          'AWS::S3Tables::TableBucket': 'ZeroEtlTargetTableBucket516A990F',
          'AWS::Glue::IntegrationResourceProperty': 'ZeroEtlTargetResourceProperty95C11CB1',
          'AWS::Glue::Integration': 'ZeroEtlIntegrationOrders9C663EB9',
        });
        expect(onlyResource(template, 'AWS::Glue::Integration').resource.Properties.IntegrationName)
          .toBe('OrdersStack-ZeroEtl-IntegrationOrders-7C3F5C8F');
      });
    }

    test('the replacement properties other than the integration name resolve to the same values', () => {
      for (const type of ['AWS::S3Tables::TableBucket', 'AWS::Glue::IntegrationResourceProperty']) {
        expect(pick(onlyResource(template, type).resource.Properties, REPLACEMENT_PROPERTIES[type]))
          .toEqual(pick(onlyResource(v01, type).resource.Properties, REPLACEMENT_PROPERTIES[type]));
      }
      const integration = onlyResource(template, 'AWS::Glue::Integration').resource.Properties;
      const v01Integration = onlyResource(v01, 'AWS::Glue::Integration').resource.Properties;
      expect(pick(integration, ['TargetArn', 'KmsKeyId', 'AdditionalEncryptionContext', 'IntegrationConfig']))
        .toEqual(pick(v01Integration, ['TargetArn', 'KmsKeyId', 'AdditionalEncryptionContext', 'IntegrationConfig']));
      // The source is written differently (GetAtt of the table instead of 0.1.x's Fn::Join); both are the table's ARN.
      expect(integration.SourceArn).toEqual({ 'Fn::GetAtt': [onlyResource(template, 'AWS::DynamoDB::Table').logicalId, 'Arn'] });
      expect(resolveLikeCloudFormation(v01Integration.SourceArn)).toBe('arn:aws:dynamodb:eu-west-1:111122223333:table/Orders');
    });
  });

  describe('the spec applied with escape hatches (works today): an in-place update', () => {
    const template = ours(variant, {}, specByEscapeHatches(variant, integrationName));
    inPlaceUpdate(v01, v01Path, integrationName, template);

    test('with the role\'s logical id kept too, the resource property does not change at all', () => {
      expect(onlyResource(template, 'AWS::Glue::IntegrationResourceProperty').resource.Properties)
        .toEqual(onlyResource(v01, 'AWS::Glue::IntegrationResourceProperty').resource.Properties);
      const role = logicalIdAt([...v01Path, 'TargetRole', 'Resource']);
      expect(template.Resources[role].Properties.AssumeRolePolicyDocument).toEqual(v01.Resources[role].Properties.AssumeRolePolicyDocument);
    });
  });

  (MIGRATE_FROM_V01_IMPLEMENTED ? describe : describe.skip)('with migrateFromV01: true: an in-place update', () => {
    inPlaceUpdate(v01, v01Path, integrationName, ours(variant, { migrateFromV01: true }));
  });
});

/** The expectations of an in-place switch from the 0.1.x template `v01` to ours, `template`. */
function inPlaceUpdate(v01: any, v01Path: string[], integrationName: string, template: any): void {
  test.each(KEPT_TYPES)('%s: one, with 0.1.x\'s logical id', type => {
    expect(onlyResource(template, type).logicalId).toBe(onlyResource(v01, type).logicalId);
  });

  test.each(KEPT_TYPES)('%s: every property whose change replaces it is written exactly as 0.1.x wrote it', type => {
    expect(pick(onlyResource(template, type).resource.Properties, REPLACEMENT_PROPERTIES[type]))
      .toEqual(pick(onlyResource(v01, type).resource.Properties, REPLACEMENT_PROPERTIES[type]));
  });

  test(`the integration keeps 0.1.x's name, ${integrationName}`, () => {
    expect(onlyResource(template, 'AWS::Glue::Integration').resource.Properties.IntegrationName).toBe(integrationName);
  });

  test('the resource property still names a target processing role of the stack (RoleArn is updated in place)', () => {
    const roleArn = onlyResource(template, 'AWS::Glue::IntegrationResourceProperty').resource.Properties.TargetProcessingProperties.RoleArn;
    expect(template.Resources[roleArn['Fn::GetAtt'][0]].Type).toBe('AWS::IAM::Role');
  });

  test('the source table keeps its logical id', () => {
    expect(onlyResource(template, 'AWS::DynamoDB::Table').logicalId).toBe(onlyResource(v01, 'AWS::DynamoDB::Table').logicalId);
  });

  test('CloudFormation deletes only 0.1.x\'s catalog-policy custom resource, its function and log group (and maybe its target role)', () => {
    const gone = Object.keys(v01.Resources).filter(id => template.Resources[id] === undefined).sort();
    const allowed = V01_ONLY.map(p => logicalIdAt([...v01Path, ...p.split('/')]));
    expect(allowed).toEqual(expect.arrayContaining(gone));
    expect(gone).toEqual(expect.arrayContaining(V01_ONLY_REQUIRED.map(p => logicalIdAt([...v01Path, ...p.split('/')]))));
  });

  test('no logical id of 0.1.x is reused for a resource of another type (CloudFormation would refuse the update)', () => {
    for (const [id, resource] of Object.entries(v01.Resources) as Array<[string, any]>) {
      if (template.Resources[id]) {
        expect(`${id}: ${template.Resources[id].Type}`).toBe(`${id}: ${resource.Type}`);
      }
    }
  });
}
