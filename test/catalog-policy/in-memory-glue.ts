import {
  ConditionCheckFailureException,
  DeleteResourcePolicyCommandInput,
  EntityNotFoundException,
  InvalidInputException,
  PutResourcePolicyCommandInput,
} from '@aws-sdk/client-glue';
import { CATALOG_POLICY_MAX_BYTES, PolicyDocument, PolicyStatement } from '../../src/catalog-policy/policy-document';

/**
 * An in-memory Glue Data Catalog resource policy that enforces what the real one promises:
 * `PolicyHashCondition`, `PolicyExistsCondition` and the 10,240-byte limit. Shared by the race test
 * (test/catalog-policy/race.test.ts) and the 0.1.x migration test (test/migration/v01-catalog-policy.test.ts),
 * which route the handlers' `GlueClient` calls here with aws-sdk-client-mock.
 */
/** Glue's Data Catalog resource policy, in memory, returned pretty-printed as Glue returns it. */
export class InMemoryGlue {
  public writes = 0;
  public conflicts = 0;
  private policy?: string;
  private version = 0;

  constructor(private readonly delay: () => Promise<void> = async () => {}) {}

  public async get() {
    await this.delay();
    if (this.policy === undefined) {
      throw new EntityNotFoundException({ message: 'Policy not found', $metadata: {} });
    }
    return { PolicyInJson: this.policy, PolicyHash: `hash-${this.version}` };
  }

  public async put(input: PutResourcePolicyCommandInput) {
    await this.delay();
    const exists = this.policy !== undefined;
    if ((input.PolicyExistsCondition === 'NOT_EXIST' && exists) || (input.PolicyExistsCondition === 'MUST_EXIST' && !exists)
      || (input.PolicyHashCondition !== undefined && input.PolicyHashCondition !== `hash-${this.version}`)) {
      this.conflicts++;
      throw new ConditionCheckFailureException({ message: 'condition failed', $metadata: {} });
    }
    if (Buffer.byteLength(input.PolicyInJson!) > CATALOG_POLICY_MAX_BYTES) {
      throw new InvalidInputException({ message: 'policy too large', $metadata: {} });
    }
    this.policy = JSON.stringify(JSON.parse(input.PolicyInJson!), null, 2);
    this.version++;
    this.writes++;
    return { PolicyHash: `hash-${this.version}` };
  }

  public async delete(input: DeleteResourcePolicyCommandInput) {
    await this.delay();
    if (this.policy === undefined) {
      throw new EntityNotFoundException({ message: 'Policy not found', $metadata: {} });
    }
    if (input.PolicyHashCondition !== undefined && input.PolicyHashCondition !== `hash-${this.version}`) {
      this.conflicts++;
      throw new ConditionCheckFailureException({ message: 'condition failed', $metadata: {} });
    }
    this.policy = undefined;
    this.version++;
    this.writes++;
    return {};
  }

  /** The whole document as stored, `{}` when there is no policy. */
  public document(): PolicyDocument {
    return this.policy === undefined ? {} : JSON.parse(this.policy);
  }

  public statements(): PolicyStatement[] {
    const statement = this.document().Statement ?? [];
    return Array.isArray(statement) ? statement : [statement];
  }
}

