import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * The quick start of the README of dynamodb-zero-etl-s3tables 0.1.x (the earlier library of our
 * name), as one stack, for either library's `DynamoDbZeroEtlToS3Tables`: test/migration/synth-v01.ts
 * synthesizes it with the published 0.1.8, v01-switch.test.ts with ours.
 *
 * The two statements in the constructor are the README's, verbatim, except for `scope` (the stack
 * itself, as in the README, unless a variant nests the construct) and `...props` (a variant's own
 * props, and how the switch test passes `migrateFromV01: true`). The stack is env-agnostic, as the
 * README's is.
 */

/** Where scripts/v01/install.sh installs the published 0.1.8. */
export const V01_DIR = path.join(__dirname, '..', '..', '.tools', 'v01');
/** The published 0.1.8 package. */
export const V01_PACKAGE_DIR = path.join(V01_DIR, 'node_modules', 'dynamodb-zero-etl-s3tables');
/** The 0.1.8 quick start's templates, one per variant, as test/migration/synth-v01.ts writes them. */
export const V01_TEMPLATE = path.join(V01_DIR, 'quick-start.templates.json');
/** The stack's name: it names our catalog-policy Sid prefix and our derived integration names. */
export const QUICK_START_STACK = 'OrdersStack';

/** What a `DynamoDbZeroEtlToS3Tables` constructor of either library looks like from here. */
export type ZeroEtlConstructor = new (scope: Construct, id: string, props: any) => Construct;

/** One shape of the quick start: where the construct sits and which of 0.1.x's props it sets. */
export interface QuickStartVariant {
  /** Construct id of a plain construct, in the stack, that holds `DynamoDbZeroEtlToS3Tables`; by default the stack holds it. */
  readonly nestIn?: string;
  /** Props of 0.1.x's `DynamoDbZeroEtlToS3Tables` besides `table` and `tableBucketName`. */
  readonly props?: object;
}

/**
 * The README's quick start as it is, and one that nests the construct and names the integration
 * (0.1.x's only other prop), which moves every logical id and the name.
 */
export const QUICK_START_VARIANTS: Record<string, QuickStartVariant> = {
  'quick-start': {},
  'nested-named': { nestIn: 'Analytics', props: { integrationName: 'orders-to-lake' } },
};

export class QuickStartStack extends Stack {
  /** The `DynamoDbZeroEtlToS3Tables` of the quick start. */
  public readonly zeroEtl: Construct;

  constructor(scope: Construct, id: string, DynamoDbZeroEtlToS3Tables: ZeroEtlConstructor, variant: QuickStartVariant = {}, extraProps: object = {}) {
    super(scope, id);
    const parent = variant.nestIn ? new Construct(this, variant.nestIn) : this;

    const table = new dynamodb.Table(this, 'Table', {
      tableName: 'Orders',
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecovery: true,
    });

    this.zeroEtl = new DynamoDbZeroEtlToS3Tables(parent, 'ZeroEtl', {
      table,
      tableBucketName: 'orders-iceberg-bucket',
      ...variant.props,
      ...extraProps,
    });
  }
}

/**
 * Loads the published 0.1.8 from .tools/v01.
 *
 * @throws Error naming the install command when it is not installed
 */
export function loadV01(): { DynamoDbZeroEtlToS3Tables: ZeroEtlConstructor; version: string } {
  const manifest = path.join(V01_PACKAGE_DIR, 'package.json');
  if (!fs.existsSync(manifest)) {
    throw new Error(`${V01_PACKAGE_DIR} is missing: run 'npx projen v01:install' (bash scripts/v01/install.sh).`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const v01 = require(V01_PACKAGE_DIR);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { DynamoDbZeroEtlToS3Tables: v01.DynamoDbZeroEtlToS3Tables, version: require(manifest).version };
}

/**
 * Synthesizes a variant of the quick start with `construct` and returns the stack's template;
 * `customize` may change the construct first (escape hatches).
 */
export function synthQuickStart(outdir: string, construct: ZeroEtlConstructor, variant: QuickStartVariant = {}, extraProps: object = {},
  customize?: (zeroEtl: Construct) => void): any {
  const app = new App({ outdir });
  const stack = new QuickStartStack(app, QUICK_START_STACK, construct, variant, extraProps);
  customize?.(stack.zeroEtl);
  return app.synth().getStackArtifact(stack.artifactId).template;
}
