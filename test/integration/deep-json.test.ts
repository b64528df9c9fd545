import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildHostileTrees } from '../fixtures/hostile/trees.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { DEEP_JSON_MARKER } from '../../src/util/json-depth.js';

const base = tempDir();
const trees = buildHostileTrees(base);
const env = { XDG_CONFIG_HOME: join(base, 'config') };
const NESTED = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

async function captured(name: string): Promise<string> {
  const output = join(base, name);
  const result = await runInProcess(['capture', '--offline', '--docker-root', trees.dockerRoot, '-o', output, '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  return output;
}

test('item 9: a config nested 100,000 levels is captured to the depth limit; diff and export then succeed', async () => {
  const a = await captured('a.db');
  const b = await captured('b.db');
  const db = new Database(a, { readonly: true });
  const parsed = db.prepare("SELECT parsed FROM files WHERE container_id = ? AND role = 'config.v2.json'").pluck().get(trees.deep) as string;
  db.close();
  assert.ok(parsed.includes(DEEP_JSON_MARKER));
  const diff = await runInProcess(['diff', a, b]);
  assert.equal(diff.code, 0, diff.stderr);
  const exported = await runInProcess(['export', a, '-o', join(base, 'a.tar.gz')], env);
  assert.equal(exported.code, 0, exported.stderr);
});

test('item 9: deep JSON written into a snapshot after the capture is walked to the limit by diff, show and export', async () => {
  const a = await captured('crafted-a.db');
  const b = await captured('crafted-b.db');
  const db = new Database(b);
  db.prepare("UPDATE files SET parsed = ? WHERE container_id = ? AND role = 'config.v2.json'").run(`{"Config":{"Healthcheck":{"x":${NESTED},"y":"added"}}}`, trees.victim);
  db.prepare('UPDATE api_responses SET body = ?').run(NESTED);
  db.close();
  const diff = await runInProcess(['diff', a, b, '--format', 'json']);
  assert.equal(diff.code, 1, diff.stderr);
  assert.match(diff.stdout, /"path": "\/Config\/Healthcheck"/);
  assert.ok(diff.stdout.includes(DEEP_JSON_MARKER));
  const show = await runInProcess(['show', b, '--json']);
  assert.equal(show.code, 0, show.stderr);
  const exported = await runInProcess(['export', b, '-o', join(base, 'b.tar.gz')], env);
  assert.equal(exported.code, 0, exported.stderr);
});

test('an oversized file keeps its size and sha256: show --container and the report carry no content, cat says it was not kept (exit 2)', async () => {
  const snapshot = await captured('oversized.db');
  const db = new Database(snapshot, { readonly: true });
  const stored = db.prepare("SELECT size, sha256, content FROM files WHERE container_id = ? AND role = 'hostconfig.json'").get(trees.victim) as { size: number; sha256: string; content: Buffer | null };
  db.close();
  assert.equal(stored.content, null);
  const shown = await runInProcess(['show', snapshot, '--container', trees.victim, '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const file = (JSON.parse(shown.stdout) as { files: { role: string; content: string | null; encoding: string | null; size: number }[] }).files.find((f) => f.role === 'hostconfig.json');
  assert.deepEqual([file?.content, file?.encoding, file?.size], [null, null, stored.size]);
  const cat = await runInProcess(['cat', snapshot, trees.victim, 'hostconfig.json']);
  assert.equal(cat.code, 2);
  assert.match(cat.stderr, new RegExp(`was not kept: ${stored.size} bytes is over its size cap.*its sha256 is ${stored.sha256}`));
  const report = await runInProcess(['report', snapshot, '-o', join(base, 'oversized.html')]);
  assert.equal(report.code, 0, report.stderr);
});
