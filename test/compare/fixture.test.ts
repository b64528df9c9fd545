/**
 * compare over real captures: the committed overlay2-20.10 Docker root (snapshots/) copied three
 * times and captured offline, the third copy edited first: web's memory limit set, worker stopped
 * (its config.v2.json State as Docker writes it for an exited container) and the created-only
 * container spare removed. The expected differences are those three edits, nothing else: the
 * copies live under different directories, which the root-paths rule reads relative to the root.
 * Then the same three snapshots exported as redacted bundles in <dir>/<host>/, the layout
 * `docksnap fleet capture` writes: the same three differences, from the bundles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportBundle } from '../../src/index.js';
import { runInProcess } from '../helpers/cli.js';
import { copyFixture } from '../helpers/copy-fixture.js';
import { SNAPSHOTS } from '../helpers/offline-capture.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-compare-fixture-');
const containersDir = (tree: string) => join(tree, 'docker-root', 'containers');
const byName = (tree: string, name: string) =>
  readdirSync(containersDir(tree)).find((id) => (JSON.parse(readFileSync(join(containersDir(tree), id, 'config.v2.json'), 'utf8')) as { Name: string }).Name === `/${name}`) as string;
const editJson = (path: string, edit: (doc: Record<string, unknown>) => void) => {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(doc);
  writeFileSync(path, JSON.stringify(doc));
};

const snapshots: string[] = [];
for (const host of ['one', 'two', 'three']) {
  mkdirSync(join(dir, host));
  const tree = copyFixture(join(SNAPSHOTS, 'overlay2-20.10'), join(dir, host));
  if (host === 'three') {
    editJson(join(containersDir(tree), byName(tree, 'web'), 'hostconfig.json'), (h) => (h['Memory'] = 134217728));
    editJson(join(containersDir(tree), byName(tree, 'worker'), 'config.v2.json'), (c) => {
      c['State'] = { ...(c['State'] as object), Running: false, Pid: 0, ExitCode: 143, FinishedAt: '2026-11-28T19:00:00.000000000Z' };
    });
    rmSync(join(containersDir(tree), byName(tree, 'spare')), { recursive: true });
  }
  const snapshot = join(dir, `${host}.db`);
  const result = await runInProcess(['capture', '--offline', '--docker-root', join(tree, 'docker-root'), '-o', snapshot, '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  snapshots.push(snapshot);
}

const EXPECTED = [
  'three: 3 differences',
  '  - container spare  (on 2 of 3 hosts)',
  '  ~ container web  /HostConfig/Memory  134217728  (majority 0 on 2 of 3 hosts)',
  '  ~ container worker  /state  "exited (143)"  (majority running on 2 of 3 hosts)',
  '',
  'agree with the majority (2): one, two',
  '',
];

test('three captures of the overlay2-20.10 root, one edited: exactly its three edits, as text and JSON', async () => {
  const text = await runInProcess(['compare', ...snapshots]);
  assert.equal(text.code, 1, text.stderr);
  assert.deepEqual(text.stdout.split('\n').slice(0, -2), EXPECTED);
  // README's example is this run's output, verbatim (with the paths README names).
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(`\`\`\`\n$ docksnap compare one.db two.db three.db\n${text.stdout}\`\`\``), `README lacks the example output:\n${text.stdout}`);
  const json = await runInProcess(['compare', ...snapshots, '--format', 'json']);
  const report = JSON.parse(json.stdout);
  assertMatchesSchema('compare.schema.json', report);
  assert.deepEqual(report.hosts.map((h: { name: string; differences: number; unknown: number }) => [h.name, h.differences, h.unknown]), [['three', 3, 0], ['one', 0, 0], ['two', 0, 0]]);
});

test('the same hosts as redacted bundles in <dir>/<host>/: the same three differences', async () => {
  const fleet = join(dir, 'fleet');
  const env = { XDG_CONFIG_HOME: join(dir, 'config') };
  for (const [i, host] of ['one', 'two', 'three'].entries()) {
    mkdirSync(join(fleet, host), { recursive: true });
    await exportBundle(snapshots[i] as string, { output: join(fleet, host, 'bundle.tar.gz'), force: false, env });
  }
  const result = await runInProcess(['compare', fleet]);
  assert.equal(result.code, 1, result.stderr);
  assert.deepEqual(result.stdout.split('\n').slice(0, -2), EXPECTED);
});
