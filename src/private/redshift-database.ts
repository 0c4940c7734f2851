import { ArnFormat, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { stackProvider } from './handler-provider';
import { RedshiftDataApiConnection } from '../redshift-target';

/** The stack's one provider for the integration databases, `<id>CustomResourceProvider` at the stack's root. */
const PROVIDER_ID = 'DynamoDbZeroEtlRedshiftDatabase';

/** What `redshiftIntegrationDatabase` creates a database from. */
export interface RedshiftIntegrationDatabaseOptions {
  readonly integrationArn: string;
  readonly databaseName: string;
  readonly connection: RedshiftDataApiConnection;
  readonly dropDatabaseOnDelete: boolean;
}

/**
 * The custom resource (`Custom::RedshiftZeroEtlDatabase`, construct id `id`) that runs
 * `CREATE DATABASE "<name>" FROM INTEGRATION '<id>'` in the warehouse once the integration is
 * active, on the stack's one core `CustomResourceProvider`, whose role gets what this connection
 * needs: the Data API on the workgroup or cluster, the credentials, and `DescribeIntegrations`.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl-using.creating-db.html
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html
 */
export function redshiftIntegrationDatabase(scope: Construct, id: string, options: RedshiftIntegrationDatabaseOptions): CustomResource {
  const stack = Stack.of(scope);
  const { provider } = stackProvider(stack, {
    id: PROVIDER_ID,
    handler: 'redshift-database',
    description: 'Creates the Redshift databases of DynamoDB zero-ETL integrations (CREATE DATABASE ... FROM INTEGRATION)',
    // Waits up to 12 minutes for the integration to become active, then for the statement.
    timeout: Duration.minutes(15),
  });
  for (const statement of handlerStatements(stack, options)) {
    provider.addToRolePolicy(statement.toStatementJson());
  }
  const connection = options.connection;
  return new CustomResource(scope, id, {
    serviceToken: provider.serviceToken,
    resourceType: 'Custom::RedshiftZeroEtlDatabase',
    properties: {
      IntegrationArn: options.integrationArn,
      DatabaseName: options.databaseName,
      WorkgroupName: connection.workgroupName,
      ClusterIdentifier: connection.clusterIdentifier,
      ConnectDatabaseName: connection.connectDatabaseName,
      SecretArn: connection.secret?.secretArn,
      DbUser: connection.databaseUser,
      DropDatabaseOnDelete: String(options.dropDatabaseOnDelete),
    },
  });
}

/**
 * Least privilege for one database: `redshift:DescribeIntegrations` on the integration; the Data
 * API's `ExecuteStatement` on the workgroup or cluster; `DescribeStatement`, which has no resource
 * type, on `*` (the Data API returns only the caller's own statements); and the credentials: the
 * secret, or `GetClusterCredentials` for the database user on the connect database.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshift.html
 */
export function handlerStatements(stack: Stack, options: RedshiftIntegrationDatabaseOptions): iam.PolicyStatement[] {
  const connection = options.connection;
  const warehouseArn = connection.workgroupArn ?? clusterResourceArn(stack, 'cluster', connection.clusterIdentifier!);
  const statements = [
    new iam.PolicyStatement({ actions: ['redshift:DescribeIntegrations'], resources: [options.integrationArn] }),
    new iam.PolicyStatement({ actions: ['redshift-data:ExecuteStatement'], resources: [warehouseArn] }),
    new iam.PolicyStatement({ actions: ['redshift-data:DescribeStatement'], resources: ['*'] }),
  ];
  if (connection.secret) {
    // A secret imported by name has a partial ARN; the six characters Secrets Manager appends follow it.
    const secretArn = connection.secret.secretFullArn ?? `${connection.secret.secretArn}-??????`;
    statements.push(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
    if (connection.secret.encryptionKey) {
      statements.push(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [connection.secret.encryptionKey.keyArn] }));
    }
  }
  if (connection.databaseUser) {
    statements.push(new iam.PolicyStatement({
      actions: ['redshift:GetClusterCredentials'],
      resources: [
        clusterResourceArn(stack, 'dbuser', `${connection.clusterIdentifier}/${connection.databaseUser}`),
        clusterResourceArn(stack, 'dbname', `${connection.clusterIdentifier}/${connection.connectDatabaseName}`),
      ],
    }));
  }
  return statements;
}

/** `arn:<partition>:redshift:<region>:<account>:<resource>:<name>`. */
function clusterResourceArn(stack: Stack, resource: string, resourceName: string): string {
  return stack.formatArn({ service: 'redshift', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
