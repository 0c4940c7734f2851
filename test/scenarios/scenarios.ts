import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  CatalogAccessMode, CatalogPolicyScope, DynamoDbStreamToS3Tables, DynamoDbZeroEtlIntegration, DynamoDbZeroEtlToGlueDatabase,
  DynamoDbZeroEtlToRedshift, DynamoDbZeroEtlToRedshiftIntegration, DynamoDbZeroEtlToS3Tables, GlueDatabaseTarget, PartitionFunction,
  RedshiftClusterTarget, S3TablesTarget, TimestampConversion, UnnestSpec,
} from '../../src';

/**
 * The apps whose templates are checked by cfn-lint, checkov, the IAM action check and cdk-nag:
 * one per way users combine the construct. Each builds its stacks into `app`.
 */
export const SCENARIOS: Record<string, (app: App) => void> = {
  'defaults': app => {
    const stack = newStack(app, 'Defaults');
    // A Table (v1) with a customer managed key, as checkov asks of the source table (CKV_AWS_119).
    const table = new dynamodb.Table(stack, 'Orders', {
      tableName: 'Orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: new kms.Key(stack, 'TableKey', { enableKeyRotation: true }),
    });
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table, tableBucketName: 'orders-defaults' });
  },
  'table-v2': app => {
    const stack = newStack(app, 'TableV2');
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: tableV2(stack, 'Orders'), tableBucketName: 'orders-v2' });
  },
  'imported-table': app => {
    const stack = newStack(app, 'ImportedTable');
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: dynamodb.Table.fromTableName(stack, 'Orders', 'Orders'),
      tableBucketName: 'orders-imported',
    });
  },
  'two-tables-one-bucket': app => {
    const stack = newStack(app, 'TwoTables');
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: tableV2(stack, 'Orders'), tableBucketName: 'orders-and-customers' })
      .addTable(tableV2(stack, 'Customers'));
  },
  'kms-everywhere': app => {
    const stack = newStack(app, 'KmsEverywhere');
    const key = (id: string) => new kms.Key(stack, id, { enableKeyRotation: true });
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: tableV2(stack, 'Orders', { encryption: dynamodb.TableEncryptionV2.customerManagedKey(key('TableKey')) }),
      tableBucketName: 'orders-encrypted',
      encryptionKey: key('BucketKey'),
      integrationEncryptionKey: key('IntegrationKey'),
      additionalEncryptionContext: { team: 'analytics' },
    });
  },
  'table-properties': app => {
    const stack = newStack(app, 'TableProperties');
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: tableV2(stack, 'Orders'),
      tableBucketName: 'orders-partitioned',
      targetTableProperties: {
        unnestSpec: UnnestSpec.TOPLEVEL,
        partitionSpec: [{ fieldName: 'createdAt', function: PartitionFunction.DAY, conversion: TimestampConversion.EPOCH_MILLISECONDS }],
        targetTableName: 'orders',
      },
      createS3TablesCatalog: true,
    });
  },
  'refresh-interval': app => {
    const stack = newStack(app, 'RefreshInterval');
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: tableV2(stack, 'Orders'),
      tableBucketName: 'orders-hourly',
      refreshInterval: Duration.hours(1),
    });
  },
  'bring-your-own': app => {
    const stack = newStack(app, 'BringYourOwn');
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', {
      table: tableV2(stack, 'Orders'),
      existingTableBucketArn: `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/shared-lake`,
      targetRole: new iam.Role(stack, 'LakeRole', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') }),
    });
  },
  'monitoring': app => {
    const stack = newStack(app, 'Monitoring');
    const topic = new sns.Topic(stack, 'Alerts', {
      enforceSSL: true,
      masterKey: new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true }),
    });
    const replication = new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: tableV2(stack, 'Orders'), tableBucketName: 'orders-monitored' });
    const notify = new cloudwatchActions.SnsAction(topic);
    replication.addIngestionFailedAlarm('IngestionFailed', { actions: [notify] });
    replication.addReplicationLagAlarm('ReplicationLag', { actions: [notify] });
    replication.addDashboard('Dashboard', { dashboardName: 'orders-monitored' });
    replication.onFailureOrNeedsAttention('IntegrationEvents', {
      target: new eventsTargets.SnsTopic(topic),
      description: 'Zero-ETL integration needs attention or failed',
    });
    // Added after the alarms, the dashboard and the rule: it gets its own alarms and row, and is in the rule.
    replication.addTable(tableV2(stack, 'Customers'), { refreshInterval: Duration.hours(1) });
    // The integration-level helpers, on an integration into another bucket.
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'invoices-monitored' });
    const invoices = new DynamoDbZeroEtlIntegration(stack, 'InvoicesToLake', { table: tableV2(stack, 'Invoices'), target: lake });
    invoices.addIngestionFailedAlarm('IngestionFailed', { actions: [notify] });
    invoices.addReplicationLagAlarm('ReplicationLag', { actions: [notify] });
    invoices.onEvent('Events', { target: new eventsTargets.SnsTopic(topic) });
  },
  'aws-cn': app => {
    const stack = newStack(app, 'China', 'cn-north-1');
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: tableV2(stack, 'Orders'), tableBucketName: 'orders-cn' });
  },
  'aws-us-gov': app => {
    const stack = newStack(app, 'GovCloud', 'us-gov-west-1');
    new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: tableV2(stack, 'Orders'), tableBucketName: 'orders-gov' });
  },
  'shared-target-across-stacks': app => {
    const lake = new S3TablesTarget(newStack(app, 'SharedLake'), 'Lake', { tableBucketName: 'shared-lake' });
    for (const name of ['Orders', 'Customers']) {
      const stack = newStack(app, `${name}Replication`);
      new DynamoDbZeroEtlIntegration(stack, 'ToLake', { table: tableV2(stack, name), target: lake });
    }
  },
  'fourteen-tables-account-wide': app => {
    const stack = newStack(app, 'FourteenTables');
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'fourteen-tables' });
    for (let i = 0; i < 14; i++) {
      new DynamoDbZeroEtlIntegration(stack, `Table${i}ToLake`, {
        table: tableV2(stack, `Table${i}`),
        target: lake,
        catalogPolicyScope: CatalogPolicyScope.ACCOUNT_WIDE,
      });
    }
  },
  'existing-resource-property': app => {
    const stack = newStack(app, 'ExistingResourceProperty');
    const lake = new S3TablesTarget(stack, 'Lake', {
      existingTableBucketArn: `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/managed-elsewhere`,
      createIntegrationResourceProperty: false,
    });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: tableV2(stack, 'Orders'), target: lake });
  },
  'two-stacks': app => {
    for (const id of ['First', 'Second']) {
      const stack = newStack(app, `TwoStacks${id}`);
      new DynamoDbZeroEtlToS3Tables(stack, 'Replication', { table: tableV2(stack, `${id}Orders`), tableBucketName: `${id.toLowerCase()}-orders` });
    }
  },
  'glue-database-new-bucket': app => {
    const stack = newStack(app, 'GlueDatabaseNewBucket');
    new DynamoDbZeroEtlToGlueDatabase(stack, 'Replication', { table: tableV2(stack, 'Orders'), databaseName: 'orders_lakehouse' })
      .addTable(tableV2(stack, 'Customers'), { targetTableProperties: { unnestSpec: UnnestSpec.TOPLEVEL } });
  },
  'glue-database-existing': app => {
    const stack = newStack(app, 'GlueDatabaseExisting');
    const lakehouse = new GlueDatabaseTarget(stack, 'Lakehouse', {
      existingDatabaseName: 'company_lakehouse',
      bucket: s3.Bucket.fromBucketName(stack, 'LakehouseBucket', 'company-lakehouse'),
      prefix: 'zero-etl/company_lakehouse',
    });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLakehouse', { table: tableV2(stack, 'Orders'), target: lakehouse });
  },
  'lake-formation': app => {
    const stack = newStack(app, 'LakeFormation');
    const lake = new S3TablesTarget(stack, 'Lake', {
      tableBucketName: 'orders-governed',
      accessMode: CatalogAccessMode.LAKE_FORMATION,
      encryptionKey: new kms.Key(stack, 'BucketKey', { enableKeyRotation: true }),
      lakeFormationRole: iam.Role.fromRoleArn(stack, 'LakeFormationRole', `arn:aws:iam::${ACCOUNT}:role/service-role/S3TablesRoleForLakeFormation`),
    });
    new DynamoDbZeroEtlIntegration(stack, 'OrdersToLake', { table: tableV2(stack, 'Orders'), target: lake });
    const analysts = new iam.Role(stack, 'Analysts', { assumedBy: new iam.AccountRootPrincipal() });
    lake.grantRead(analysts, 'zetl_orders');
  },
  'redshift-serverless': app => {
    const stack = newStack(app, 'RedshiftServerless');
    const replication = new DynamoDbZeroEtlToRedshift(stack, 'ToRedshift', { table: tableV2(stack, 'Orders'), databaseName: 'orders' });
    replication.addTable(tableV2(stack, 'Customers'));
    const alerts = new sns.Topic(stack, 'Alerts', { enforceSSL: true, masterKey: new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true }) });
    replication.onFailureOrNeedsAttention('Problems', { target: new eventsTargets.SnsTopic(alerts) });
  },
  'redshift-existing-cluster': app => {
    const stack = newStack(app, 'RedshiftExistingCluster');
    const warehouse = RedshiftClusterTarget.fromClusterAttributes(stack, 'Warehouse', {
      namespaceArn: `arn:aws:redshift:us-east-1:${ACCOUNT}:namespace:12345678-1234-1234-1234-123456789012`,
      clusterIdentifier: 'analytics',
      databaseUser: 'etl',
    });
    new DynamoDbZeroEtlToRedshiftIntegration(stack, 'OrdersToWarehouse', { table: tableV2(stack, 'Orders'), target: warehouse, databaseName: 'orders' });
  },
  'near-real-time': app => {
    const stack = newStack(app, 'NearRealTime');
    // A Table (v1) without a Kinesis stream: the construct creates one and attaches it.
    const table = new dynamodb.Table(stack, 'Orders', {
      tableName: 'Orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.NUMBER },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: new kms.Key(stack, 'TableKey', { enableKeyRotation: true }),
    });
    const nearRealTime = new DynamoDbStreamToS3Tables(stack, 'NearRealTime', {
      table,
      tableBucketName: 'orders-near-real-time',
      namespaceName: 'sales',
      columns: NEAR_REAL_TIME_COLUMNS,
      bufferingInterval: Duration.seconds(60),
      bufferingSize: Size.mebibytes(64),
    });
    const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true, masterKey: new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true }) });
    const actions = [new cloudwatchActions.SnsAction(topic)];
    nearRealTime.addIngestionFailedAlarm('RowsFailed', { actions });
    nearRealTime.addReplicationLagAlarm('Lag', { actions });
    nearRealTime.addTransformErrorsAlarm('TransformErrors', { actions });
    nearRealTime.addIteratorAgeAlarm('IteratorAge', { actions });
    nearRealTime.addKinesisReplicationAlarm('KinesisReplication', { actions });
  },
  'near-real-time-beside-zero-etl': app => {
    const stack = newStack(app, 'NearRealTimeBesideZeroEtl');
    const lake = new S3TablesTarget(stack, 'Lake', { tableBucketName: 'orders-mixed', accessMode: CatalogAccessMode.LAKE_FORMATION });
    new DynamoDbZeroEtlIntegration(stack, 'CustomersToLake', { table: tableV2(stack, 'Customers'), target: lake });
    const changes = new kinesis.Stream(stack, 'OrderChanges', { streamMode: kinesis.StreamMode.ON_DEMAND, encryption: kinesis.StreamEncryption.MANAGED });
    new DynamoDbStreamToS3Tables(stack, 'OrdersNearRealTime', {
      table: tableV2(stack, 'Orders', { kinesisStream: changes }),
      kinesisStream: changes,
      target: lake,
      namespaceName: 'near_real_time',
      tableName: 'orders',
      columns: [...NEAR_REAL_TIME_COLUMNS.filter(column => column.name !== 'sk'), { name: 'rest', type: 'string' }],
      otherAttributesColumn: 'rest',
    });
  },
  'glue-database-lake-formation': app => {
    const stack = newStack(app, 'GlueDatabaseLakeFormation');
    const lakehouse = new DynamoDbZeroEtlToGlueDatabase(stack, 'ToLakehouse', {
      table: tableV2(stack, 'Orders'),
      databaseName: 'orders_governed',
      accessMode: CatalogAccessMode.LAKE_FORMATION,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteReplicatedData: true,
    });
    lakehouse.grantRead(new iam.Role(stack, 'Analysts', { assumedBy: new iam.AccountRootPrincipal() }));
  },
  'auto-delete': app => {
    const stack = newStack(app, 'AutoDelete');
    const bus = new events.EventBus(stack, 'StatusBus');
    new DynamoDbZeroEtlToS3Tables(stack, 'ToS3Tables', {
      table: tableV2(stack, 'Orders'),
      tableBucketName: 'orders-disposable',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteReplicatedData: true,
      eventBus: bus,
    }).addTable(tableV2(stack, 'Customers'));
    new DynamoDbZeroEtlToGlueDatabase(stack, 'ToGlueDatabase', {
      table: tableV2(stack, 'Invoices'),
      databaseName: 'invoices_disposable',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteReplicatedData: true,
      eventBus: bus,
    }).onFailureOrNeedsAttention('Problems', {
      target: new eventsTargets.SnsTopic(new sns.Topic(stack, 'Alerts', {
        enforceSSL: true,
        masterKey: new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true }),
      })),
    });
  },
};

/** Every kind of column the transform converts to. */
const NEAR_REAL_TIME_COLUMNS = [
  { name: 'pk', type: 'string' },
  { name: 'sk', type: 'long' },
  { name: 'total', type: 'decimal(12,2)' },
  { name: 'score', type: 'double' },
  { name: 'paid', type: 'boolean' },
  { name: 'receipt', type: 'binary' },
  { name: 'placed_at', type: 'timestamp' },
  { name: 'address', type: 'struct<city:string,zip:int>' },
  { name: 'lines', type: 'list<struct<sku:string,quantity:int>>' },
  { name: 'attributes', type: 'map<string,string>' },
];

export const ACCOUNT = '111122223333';

function newStack(app: App, id: string, region = 'us-east-1'): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region } });
}

function tableV2(stack: Stack, name: string, props: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, name, {
    tableName: name,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    ...props,
  });
}
