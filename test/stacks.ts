import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { tempOutdir } from './nag';

/** The account the test stacks deploy to. */
export const ACCOUNT = '111122223333';

/** A stack in `ACCOUNT` and us-east-1, in a new app unless given one. */
export function newStack(app = new App({ outdir: tempOutdir() }), id = 'TestStack'): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region: 'us-east-1' } });
}

/** A source table that meets every zero-ETL rule, named `name`. */
export function table(stack: Stack, name: string): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, name, {
    tableName: name,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}
