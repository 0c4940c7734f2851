// Runs the built transform bundle (assets/stream-transform/transform.lambda/index.js) as Lambda would:
// reads {settings, events: [FirehoseTransformationEvent...]} as JSON on stdin, calls the handler once
// per event and writes the responses, in order, as one JSON array on stdout.
const fs = require('fs');
const path = require('path');

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'stream-transform', 'transform.lambda', 'index.js');

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf-8'));
  process.env.TRANSFORM_SETTINGS = JSON.stringify(input.settings);
  const { handler } = require(BUNDLE);
  const responses = [];
  for (const event of input.events) responses.push(await handler(event));
  process.stdout.write(JSON.stringify(responses));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
