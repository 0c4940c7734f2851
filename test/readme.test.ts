import * as fs from 'fs';
import * as path from 'path';

/**
 * The README's Python, Java and Go snippets are excerpts of the example apps, which the bindings
 * check runs: every line of each snippet must stand in its app.
 */
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
const EXAMPLES: Record<string, string> = {
  python: 'examples/python/app.py',
  java: 'examples/java/src/main/java/example/OrdersAnalyticsApp.java',
  go: 'examples/go/main.go',
};

test.each(Object.entries(EXAMPLES))('the README %s snippet is taken from %s', (language, file) => {
  const snippets = [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
  expect(snippets).toHaveLength(1);
  const app = fs.readFileSync(path.join(__dirname, '..', file), 'utf-8');
  const appLines = new Set(app.split('\n').map(line => line.trim()));
  const missing = snippets[0].split('\n').map(line => line.trim()).filter(line => line && !appLines.has(line));
  expect(missing).toEqual([]);
});
