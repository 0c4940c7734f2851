import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/** Stand-ins, as long as the longest real value, for what is only known at deploy time. */
const UNKNOWN_ACCOUNT = '123456789012';
const UNKNOWN_REGION = 'ap-southeast-5';
const UNKNOWN_VALUE = 'x'.repeat(63);

/**
 * `value` (statements that may hold tokens) as CloudFormation will render it: the stack's
 * partition, account and region where synthesis knows them, and otherwise stand-ins as long as the
 * longest commercial and GovCloud values. Any other reference counts as 63 characters, as long as
 * a table bucket name: that is an upper bound for what this library renders (table names are
 * literals), not for any template.
 */
export function renderAsDeployed(stack: Stack, value: unknown): unknown {
  const known = (v: string, standIn: string) => (Token.isUnresolved(v) ? standIn : v);
  const region = known(stack.region, UNKNOWN_REGION);
  const pseudo: Record<string, string> = {
    'AWS::Partition': Token.isUnresolved(stack.region) ? 'aws-us-gov' : RegionInfo.get(region).partition ?? 'aws',
    'AWS::AccountId': known(stack.account, UNKNOWN_ACCOUNT),
    'AWS::Region': region,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const render = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      return v.map(render);
    }
    if (typeof v !== 'object' || v === null) {
      return v;
    }
    const entries = Object.entries(v);
    const [key, argument] = entries[0] ?? [];
    if (entries.length === 1 && key === 'Ref') {
      return pseudo[argument as string] ?? UNKNOWN_VALUE;
    }
    if (entries.length === 1 && key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map(part => String(render(part))).join(separator);
    }
    if (entries.length === 1 && (key.startsWith('Fn::') || key === 'Condition')) {
      return UNKNOWN_VALUE;
    }
    return Object.fromEntries(entries.map(([k, inner]) => [k, render(inner)]));
  };
  return render(stack.resolve(value));
}
