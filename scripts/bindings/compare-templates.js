// Compares the template of the example stack synthesized by another language with the TypeScript one.
// Usage: node compare-templates.js REFERENCE_TEMPLATE OTHER_TEMPLATE LANGUAGE
// Asset hashes and CDK's own metadata (CDKMetadata resource, aws:cdk:* resource metadata) are masked;
// any other difference fails.
const fs = require('fs');

function normalize(file) {
  const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  delete template.Resources.CDKMetadata;
  delete template.Conditions?.CDKMetadataAvailable;
  if (template.Conditions && Object.keys(template.Conditions).length === 0) delete template.Conditions;
  for (const resource of Object.values(template.Resources)) {
    delete resource.Metadata;
  }
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

function differences(a, b, path = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return [`${path || '/'}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap(key => differences(a[key], b[key], `${path}/${key}`));
}

const [reference, other, language] = process.argv.slice(2);
const found = differences(normalize(reference), normalize(other));
if (found.length > 0) {
  console.error(`${language}: the template differs from TypeScript's in ${found.length} place(s):`);
  for (const line of found.slice(0, 20)) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`${language}: same template as TypeScript (${Object.keys(normalize(other).Resources).length} resources)`);
