import { IResource } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct, IDependable } from 'constructs';

/**
 * A Redshift zero-ETL integration, as its target sees it when the integration binds to it.
 * Implemented by `DynamoDbZeroEtlToRedshiftIntegration`.
 */
export interface IRedshiftZeroEtlIntegration extends IResource {
  /**
   * ARN of the integration: `arn:<partition>:redshift:<region>:<account>:integration:<uuid>`.
   *
   * @attribute
   */
  readonly integrationArn: string;

  /** ARN of the source DynamoDB table, the integration's `SourceArn`. */
  readonly sourceTableArn: string;

  /** Name of the source DynamoDB table. */
  readonly sourceTableName: string;
}

/**
 * How the construct runs SQL in a Redshift warehouse through the Redshift Data API
 * (`ExecuteStatement`): the workgroup or cluster, the database to connect to, and the credentials.
 * Give `secret` or `databaseUser` for a provisioned cluster; a Serverless workgroup takes `secret`.
 *
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ExecuteStatement.html
 */
export interface RedshiftDataApiConnection {
  /**
   * The Redshift Serverless workgroup, by name. Exactly one of `workgroupName` and `clusterIdentifier`.
   *
   * @default - none: a provisioned cluster
   */
  readonly workgroupName?: string;

  /**
   * ARN of that workgroup, `arn:<partition>:redshift-serverless:<region>:<account>:workgroup/<uuid>`,
   * on which the custom resource may run statements. With `workgroupName` only.
   *
   * @default - none: a provisioned cluster
   */
  readonly workgroupArn?: string;

  /**
   * The provisioned cluster's identifier. Exactly one of `workgroupName` and `clusterIdentifier`.
   *
   * @default - none: a Serverless workgroup
   */
  readonly clusterIdentifier?: string;

  /** The database to connect to when running `CREATE DATABASE`, such as `dev`. */
  readonly connectDatabaseName: string;

  /**
   * A Secrets Manager secret with `username` and `password` of a database user that may
   * `CREATE DATABASE`. Exactly one of `secret` and `databaseUser`.
   *
   * @default - none: `databaseUser`
   */
  readonly secret?: secretsmanager.ISecret;

  /**
   * A database user of the provisioned cluster that may `CREATE DATABASE`, used through temporary
   * credentials (`redshift:GetClusterCredentials`). Exactly one of `secret` and `databaseUser`.
   *
   * @default - none: `secret`
   */
  readonly databaseUser?: string;
}

/**
 * What a Redshift zero-ETL integration needs from its target, as `IRedshiftZeroEtlTarget.bind` returns it.
 */
export interface RedshiftZeroEtlTargetConfig {
  /**
   * What CloudFormation must create before the integration: the warehouse and its resource policy.
   */
  readonly dependencies: IDependable[];

  /** How to run `CREATE DATABASE ... FROM INTEGRATION` in the warehouse. */
  readonly connection: RedshiftDataApiConnection;
}

/**
 * A Redshift data warehouse that DynamoDB zero-ETL integrations replicate into: a Redshift
 * Serverless namespace or a provisioned RA3 cluster. Implemented by `RedshiftServerlessTarget`
 * and `RedshiftClusterTarget`, and by what their `from*` methods return.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/zero-etl.reqs-lims.html
 */
export interface IRedshiftZeroEtlTarget extends IConstruct {
  /**
   * The integrations' `TargetArn`, the warehouse's namespace: Serverless
   * `arn:<partition>:redshift-serverless:<region>:<account>:namespace/<uuid>`, provisioned
   * `arn:<partition>:redshift:<region>:<account>:namespace:<uuid>`.
   *
   * @attribute
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateIntegration.html
   */
  readonly namespaceArn: string;

  /**
   * Called once by each integration into this target, after the integration is created: the
   * target authorizes the integration's source table in its resource policy.
   *
   * @param integration the integration that writes into this target
   */
  bind(integration: IRedshiftZeroEtlIntegration): RedshiftZeroEtlTargetConfig;
}
