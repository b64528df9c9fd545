import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_IGNORES } from '../../src/diff/ignore.js';
import { NOISE_RULES } from '../../src/diff/normalize.js';
import { runInProcess } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('README lists every noise rule with its effects and description', () => {
  for (const rule of NOISE_RULES) {
    const row = `| \`${rule.id}\` | ${rule.effect['same-host'] ?? '—'} | ${rule.effect['across-hosts'] ?? '—'} | ${rule.description.replace(/\|/g, '\\|')} |`;
    assert.ok(readme.includes(row), `README lacks: ${row}`);
  }
});

test('the default ignore globs are listed in README and in docksnap diff --help', async () => {
  const help = (await runInProcess(['diff', '--help'])).stdout.replace(/\s+/g, ' ');
  for (const glob of DEFAULT_IGNORES) {
    assert.ok(readme.includes(`\`${glob}\``), `README lacks ${glob}`);
    assert.ok(help.includes(glob), `--help lacks ${glob}`);
  }
});
