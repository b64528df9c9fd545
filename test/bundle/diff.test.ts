import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { openSnapshot } from '../../src/open.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { makeSecrets, secretSnapshot } from '../helpers/secret-snapshot.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-bundle-diff-');
const env = { XDG_CONFIG_HOME: join(dir, 'config') };
const before = makeSecrets('before-token-value-1');
const after = { ...before, apiToken: 'after-token-value-2' };

/** Exports a snapshot holding `secrets` with the user's key; returns the bundle path. */
async function bundleOf(name: string, secrets: typeof before): Promise<string> {
  await writeSnapshotFile(join(dir, `${name}.db`), secretSnapshot(secrets), { force: false });
  const result = await runInProcess(['export', join(dir, `${name}.db`), '-o', join(dir, `${name}.tar.gz`)], env);
  assert.equal(result.code, 0, result.stderr);
  return join(dir, `${name}.tar.gz`);
}

const a = await bundleOf('before', before);
const a2 = await bundleOf('before-again', before);
const b = await bundleOf('after', after);

async function apiToken(bundle: string): Promise<{ container: string; process: string }> {
  const db = await openSnapshot(bundle);
  try {
    const container = db.get<{ value: string }>("SELECT value FROM container_env WHERE name = 'API_TOKEN'")?.value ?? '';
    const process = db.get<{ value: string }>("SELECT value FROM process_environ WHERE name = 'API_TOKEN'")?.value ?? '';
    return { container, process };
  } finally {
    db.close();
  }
}

test('with the same key, a changed API_TOKEN gives a different redaction and an equal one the same, showing neither value', async () => {
  const [x, x2, y] = [await apiToken(a), await apiToken(a2), await apiToken(b)];
  assert.match(x.container, /^REDACTED:[0-9a-f]{12}$/);
  assert.equal(x.process, x.container, 'the container env and the process environ agree');
  assert.deepEqual(x2, x, 'equal values, equal redactions');
  assert.notEqual(y.container, x.container, 'a changed value shows as changed');
  for (const bundle of [a, b]) {
    const bytes = readFileSync(bundle);
    assert.ok(!bytes.includes(before.apiToken) && !bytes.includes(after.apiToken));
  }
});

const hasDiff = COMMANDS.some((c) => c.command.startsWith('diff '));

test('docksnap diff of two bundles reports that API_TOKEN changed and shows neither value', { todo: hasDiff ? false : 'diff has not landed on main yet' }, async () => {
  const result = await runInProcess(['diff', a, b, '--format', 'json']);
  assert.equal(result.code, 1, result.stderr);
  const changes = JSON.parse(result.stdout) as { entity_kind: string; path: string; kind: string; old: unknown; new: unknown }[];
  const token = changes.filter((c) => JSON.stringify(c).includes('API_TOKEN'));
  assert.ok(token.length > 0, 'API_TOKEN is reported');
  assert.ok(token.every((c) => c.kind === 'changed'));
  assert.ok(!result.stdout.includes(before.apiToken) && !result.stdout.includes(after.apiToken));
  const [tokenA, tokenB] = [(await apiToken(a)).container, (await apiToken(b)).container];
  assert.ok(token.some((c) => String(c.old).includes(tokenA) || String(c.new).includes(tokenB)));
});
