import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { nagFindings, tempOutdir, unacknowledged } from './nag';
import { buildExampleApp } from '../examples/typescript/app';
import { buildDisposableApp } from '../examples/typescript/disposable';
import { buildGlueDatabaseApp } from '../examples/typescript/glue-database';
import { buildRedshiftApp } from '../examples/typescript/redshift';
import { buildSharedTargetApp } from '../examples/typescript/shared-target';
import { buildStreamApp } from '../examples/typescript/stream';

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
    'AWS::IAM::Role': 2,
    'AWS::IAM::Policy': 1,
    'AWS::Lambda::Function': 1,
    'AWS::Logs::LogGroup': 1,
    'Custom::GlueCatalogResourcePolicy': 1,
    'AWS::Glue::IntegrationResourceProperty': 1,
    'AWS::Glue::Integration': 2,
  };
  for (const [type, count] of Object.entries(expected)) {
    template.resourceCountIs(type, count);
  }
  expect(Object.keys(template.toJSON().Resources)).toHaveLength(12);
});

test('cdk-nag AwsSolutions raises only acknowledged findings on the example app', () => {
  const app = buildExampleApp(tempOutdir());
  const findings = nagFindings(app);
  expect(findings.map(f => f.ruleName)).toContain('AwsSolutions-IAM5[Resource::*]');
  expect(unacknowledged(findings)).toEqual([]);
});

describe('the shared-target example', () => {
  test('one target in its own stack; each integration stack deploys after it and creates no target resources', () => {
    const app = buildSharedTargetApp(tempOutdir());
    const assembly = app.synth();
    const lake = Template.fromStack(app.node.findChild('AnalyticsLake') as Stack);
    lake.resourceCountIs('AWS::S3Tables::TableBucket', 1);
    lake.resourceCountIs('AWS::Glue::IntegrationResourceProperty', 1);
    lake.resourceCountIs('AWS::Glue::Integration', 0);
    for (const service of ['SalesService', 'SupportService']) {
      const template = Template.fromStack(app.node.findChild(service) as Stack);
      template.resourceCountIs('AWS::Glue::Integration', 1);
      template.resourceCountIs('AWS::S3Tables::TableBucket', 0);
      template.resourceCountIs('AWS::Glue::IntegrationResourceProperty', 0);
      template.hasResourceProperties('AWS::Glue::Integration', {
        TargetArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:us-east-1:111122223333:catalog/s3tablescatalog/company-analytics']] },
      });
      expect(assembly.getStackByName(service).dependencies.map(d => d.id)).toContain('AnalyticsLake');
      expect(template.toJSON().Outputs).toBeUndefined();
    }
  });

  test('cdk-nag AwsSolutions raises only acknowledged findings', () => {
    expect(unacknowledged(nagFindings(buildSharedTargetApp(tempOutdir())))).toEqual([]);
  });
});

describe('the Glue database example', () => {
  function lakehouseStack(): Stack {
    return buildGlueDatabaseApp(tempOutdir()).node.findChild('OrdersLakehouse') as Stack;
  }

  test('one bucket, database, role and resource property; one integration per table into the database ARN', () => {
    const template = Template.fromStack(lakehouseStack());
    const expected: Record<string, number> = {
      'AWS::DynamoDB::GlobalTable': 2,
      'AWS::S3::Bucket': 1,
      'AWS::S3::BucketPolicy': 1,
      'AWS::Glue::Database': 1,
      'AWS::Glue::IntegrationResourceProperty': 1,
      'AWS::Glue::Integration': 2,
      'Custom::GlueCatalogResourcePolicy': 1,
    };
    for (const [type, count] of Object.entries(expected)) {
      template.resourceCountIs(type, count);
    }
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'orders_lakehouse' } });
    template.allResourcesProperties('AWS::Glue::Integration', {
      TargetArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:us-east-1:111122223333:database/orders_lakehouse']] },
    });
  });

  test('cdk-nag AwsSolutions raises only acknowledged findings', () => {
    expect(unacknowledged(nagFindings(buildGlueDatabaseApp(tempOutdir())))).toEqual([]);
  });
});

describe('the Redshift example', () => {
  function warehouseStack(): Stack {
    return buildRedshiftApp(tempOutdir()).node.findChild('OrdersWarehouse') as Stack;
  }

  test('one Serverless namespace and workgroup; one integration and one database per table', () => {
    const template = Template.fromStack(warehouseStack());
    const expected: Record<string, number> = {
      'AWS::DynamoDB::GlobalTable': 2,
      'AWS::RedshiftServerless::Namespace': 1,
      'AWS::RedshiftServerless::Workgroup': 1,
      'AWS::SecretsManager::Secret': 1,
      'AWS::Redshift::Integration': 2,
      'Custom::RedshiftZeroEtlDatabase': 2,
      'AWS::Lambda::Function': 1,
    };
    for (const [type, count] of Object.entries(expected)) {
      template.resourceCountIs(type, count);
    }
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', { BaseCapacity: 8 });
    template.hasResourceProperties('Custom::RedshiftZeroEtlDatabase', { DatabaseName: 'customers' });
  });

  test('cdk-nag AwsSolutions raises only acknowledged findings', () => {
    expect(unacknowledged(nagFindings(buildRedshiftApp(tempOutdir())))).toEqual([]);
  });
});

describe('the near-real-time example', () => {
  function streamStack(): Stack {
    return buildStreamApp(tempOutdir()).node.findChild('OrdersNearRealTime') as Stack;
  }

  test('one bucket shared by a zero-ETL integration and a delivery stream into its own namespace and table', () => {
    const template = Template.fromStack(streamStack());
    for (const [type, count] of Object.entries({
      'AWS::S3Tables::TableBucket': 1,
      'AWS::Glue::Integration': 1,
      'AWS::Kinesis::Stream': 1,
      'AWS::KinesisFirehose::DeliveryStream': 1,
      'AWS::S3Tables::Namespace': 1,
      'AWS::S3Tables::Table': 1,
    })) {
      template.resourceCountIs(type, count);
    }
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      IcebergDestinationConfiguration: {
        CatalogConfiguration: { CatalogArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:us-east-1:111122223333:catalog/s3tablescatalog/orders-near-real-time']] } },
        DestinationTableConfigurationList: [{ DestinationDatabaseName: 'near_real_time', DestinationTableName: 'orders', UniqueKeys: ['customer_id', 'order_id'] }],
      },
    });
  });

  test('cdk-nag AwsSolutions raises only acknowledged findings', () => {
    expect(unacknowledged(nagFindings(buildStreamApp(tempOutdir())))).toEqual([]);
  });
});

describe('the disposable example', () => {
  test('the bucket is destroyed with the stack, emptied first; the rule is on the stack\'s event bus', () => {
    const template = Template.fromStack(buildDisposableApp(tempOutdir()).node.findChild('OrdersSandbox') as Stack);
    template.hasResource('AWS::S3Tables::TableBucket', { DeletionPolicy: 'Delete' });
    template.resourceCountIs('Custom::ZeroEtlAutoDeleteReplicatedData', 1);
    const [bus] = Object.keys(template.findResources('AWS::Events::EventBus'));
    template.hasResourceProperties('AWS::Events::Rule', { EventBusName: { Ref: bus } });
    template.hasResourceProperties('AWS::Glue::IntegrationResourceProperty', { TargetProcessingProperties: { EventBusArn: { 'Fn::GetAtt': [bus, 'Arn'] } } });
  });

  test('cdk-nag AwsSolutions raises only acknowledged findings', () => {
    expect(unacknowledged(nagFindings(buildDisposableApp(tempOutdir())))).toEqual([]);
  });
});
