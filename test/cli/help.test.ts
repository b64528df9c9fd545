import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runInProcess } from '../helpers/cli.js';
import { renderUsage } from '../scripts/gen-readme.js';

test('every command has a description, an example and a --help that shows both', async () => {
  for (const command of COMMANDS) {
    const name = command.command.split(' ')[0] ?? '';
    assert.ok(command.describe.length > 10, name);
    assert.ok(command.examples.length > 0, `${name} needs an example`);
    const { code, stdout } = await runInProcess([name, '--help']);
    assert.equal(code, 0);
    assert.ok(stdout.includes(command.describe), `${name} --help shows its description`);
    assert.match(stdout, /Examples:\n {2}docksnap /, `${name} --help shows its examples`);
  }
});

test("README's usage section is exactly what --help prints", async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(await renderUsage()), 'README.md usage is stale: run npm run gen');
});
