/**
 * The repository stands alone: a fresh clone has no reference material beside it, so no
 * tracked file may name a path outside the checkout, and every relative link in the Markdown
 * files must reach a tracked file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const SELF = 'test/repository.test.ts'; // holds the pattern below
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
const trackedSet = new Set(tracked);
const trackedDirs = new Set(tracked.flatMap((file) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
const TEXT = /\.(ts|mjs|cjs|js|json|md|sql|sh|c|txt)$|^\.ci\/|^\.gitignore$/;
// A path into the reference material that sits beside the checkout, not in it.
const OUTSIDE = /\.\.\/shared\b|(?<![\w./-])shared\/(seed|data|docs|hooks)\//;

test('no tracked file reads or links outside the repository (the shared reference folder)', () => {
  const offenders = tracked
    .filter((file) => TEXT.test(file) && file !== 'package-lock.json' && file !== SELF)
    .flatMap((file) => readFileSync(join(ROOT, file), 'utf8').split('\n').map((line, i) => ({ file, line: i + 1, text: line })))
    .filter(({ text }) => OUTSIDE.test(text))
    .map(({ file, line }) => `${file}:${line}`);
  assert.deepEqual(offenders, []);
});

test('every relative link in a tracked Markdown file reaches a tracked file or directory', () => {
  const broken: string[] = [];
  for (const file of tracked.filter((f) => f.endsWith('.md'))) {
    for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!.split('#')[0]!;
      if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const resolved = normalize(join(dirname(file), target)).replace(/\/$/, '');
      if (!trackedSet.has(resolved) && !trackedDirs.has(resolved)) broken.push(`${file}: ${match[1]}`);
    }
  }
  assert.deepEqual(broken, []);
});
