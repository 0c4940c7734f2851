import * as fs from 'fs';
import * as path from 'path';

/**
 * Every `#anchor` link into the README, from the README itself and from the docstrings in src/
 * (`README.md#anchor`, which API.md and the package docs render), names a heading of the README,
 * as GitHub derives heading anchors.
 */
const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

const headings = new Set([...README.matchAll(/^#{1,6} (.*)$/gm)].map(match => anchorOf(match[1])));

test('README links to its own headings resolve', () => {
  const links = [...README.matchAll(/\]\(#([a-z0-9_-]+)\)/g)].map(match => match[1]);
  expect(links.length).toBeGreaterThan(10);
  expect(links.filter(link => !headings.has(link))).toEqual([]);
});

test('docstring links to README sections resolve', () => {
  const links = sourceFiles(path.join(ROOT, 'src')).flatMap(file =>
    [...fs.readFileSync(file, 'utf-8').matchAll(/README\.md#([a-z0-9_-]+)/g)].map(match => `${path.relative(ROOT, file)}: #${match[1]}`));
  expect(links.length).toBeGreaterThan(5);
  expect(links.filter(link => !headings.has(link.split('#')[1]))).toEqual([]);
});
