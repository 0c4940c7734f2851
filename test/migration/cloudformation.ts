import * as fs from 'fs';
import { V01_TEMPLATE } from './v01-quick-start';

/** The account and region the migration tests deploy into, as CloudFormation would see them. */
export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * `value` from a template as CloudFormation resolves it for a custom resource: pseudo parameters
 * and `Fn::Join`, every other scalar as a string (CloudFormation passes custom resource properties
 * as strings).
 *
 * @throws Error on any other intrinsic, so that a test never compares an unresolved reference
 */
export function resolveLikeCloudFormation(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(resolveLikeCloudFormation);
  }
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' ? value : String(value);
  }
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === 'Ref' && PSEUDO[entries[0][1] as string] !== undefined) {
    return PSEUDO[entries[0][1] as string];
  }
  if (entries.length === 1 && entries[0][0] === 'Fn::Join') {
    const [separator, parts] = entries[0][1] as [string, unknown[]];
    return parts.map(part => resolveLikeCloudFormation(part)).join(separator);
  }
  if (entries.length === 1 && (entries[0][0].startsWith('Fn::') || entries[0][0] === 'Ref')) {
    throw new Error(`cannot resolve ${JSON.stringify(value)} here`);
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, resolveLikeCloudFormation(inner)]));
}

/** The templates of the 0.1.x quick start's variants (by variant name) that `npx projen v01:synth` wrote. */
export function v01Templates(): { v01Version: string; templates: Record<string, any> } {
  if (!fs.existsSync(V01_TEMPLATE)) {
    throw new Error(`${V01_TEMPLATE} is missing: run 'npx projen v01:synth' (it installs 0.1.8 first).`);
  }
  return JSON.parse(fs.readFileSync(V01_TEMPLATE, 'utf-8'));
}

/** The one resource of `type` in `template`, with its logical id. */
export function onlyResource(template: any, type: string): { logicalId: string; resource: any } {
  const found = Object.entries(template.Resources).filter(([, resource]: [string, any]) => resource.Type === type);
  if (found.length !== 1) {
    throw new Error(`expected one ${type}, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  }
  return { logicalId: found[0][0], resource: found[0][1] };
}
