import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';

/** The examples' source tables, one per name (construct id `<name>Table`), each meeting the zero-ETL rules. */
export function sourceTables(stack: Stack, tableNames: string[]): dynamodb.TableV2[] {
  return tableNames.map(tableName => new dynamodb.TableV2(stack, `${tableName}Table`, {
    tableName,
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    // Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
    resourcePolicy: new iam.PolicyDocument(),
  }));
}
