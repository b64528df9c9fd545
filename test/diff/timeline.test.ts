import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeSnapshot, hexId, type FakeHost } from './synthetic.js';

const dir = tempDir('docksnap-diff-timeline-');
const series = join(dir, 'series');
mkdirSync(series);
const web = { id: hexId('web'), name: 'web' };
const worker = { id: hexId('worker'), name: 'worker' };
/** Three captures of one host, written in a name order that is not their time order. */
const hosts: [string, FakeHost, string][] = [
  ['c-first.db', { containers: [web, worker] }, '2026-01-01T10:00:00Z'],
  ['a-second.db', { containers: [{ ...web, memory: 67108864 }, worker] }, '2026-01-01T11:00:00Z'],
  ['b-third.db', { containers: [{ ...web, memory: 67108864 }, { ...worker, state: 'exited', exitCode: 137, oomKilled: true }] }, '2026-01-01T12:00:00Z'],
];
for (const [name, host, time] of hosts) {
  const content = fakeSnapshot(host);
  await writeSnapshotFile(join(series, name), { ...content, snapshot: { ...content.snapshot, started_at: time } }, { force: false });
}
writeFileSync(join(series, 'notes.txt'), 'not a snapshot');

test('a directory of snapshots: each entity in time order, when the memory limit changed and when the worker died', async () => {
  const result = await runInProcess(['diff', series]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, [
    'snapshots, in capture order:',
    `  #1  2026-01-01T10:00:00Z  alpha  ${join(series, 'c-first.db')}`,
    `  #2  2026-01-01T11:00:00Z  alpha  ${join(series, 'a-second.db')}`,
    `  #3  2026-01-01T12:00:00Z  alpha  ${join(series, 'b-third.db')}`,
    '',
    'container web',
    '  #1 → #2  ~ /HostConfig/Memory  0 → 67108864',
    '',
    'container worker',
    '  #2 → #3  ~ running → exited (137, OOM-killed)  at 2026-01-01T00:00:09Z',
    '',
    '#1 → #2: 0 state changes; 0 added, 0 removed, 1 changed; 0 runtime changes (--show-runtime lists them); 0 suppressed; 0 unknown',
    // The worker's six run-state fields (state, running, pid, exit code, OOM flag, finish time) and its process, gone with it.
    '#2 → #3: 1 state changes; 0 added, 0 removed, 0 changed; 7 runtime changes (--show-runtime lists them); 0 suppressed; 0 unknown',
    '',
  ].join('\n'));
});

test('the same series as JSON (valid against its schema) and Markdown; files named in any order', async () => {
  const files = hosts.map(([name]) => join(series, name));
  const json = await runInProcess(['diff', ...files, '--format', 'json']);
  const parsed = JSON.parse(json.stdout) as { snapshots: { started_at: string }[]; steps: unknown[]; changes: { step: number; entity_key: string; path: string; group: string; new: unknown }[] };
  assertMatchesSchema('diff-timeline.schema.json', parsed);
  assert.deepEqual(parsed.snapshots.map((s) => s.started_at), ['2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z', '2026-01-01T12:00:00Z']);
  assert.deepEqual(parsed.changes.filter((c) => c.group !== 'runtime').map((c) => [c.step, c.entity_key, c.path, c.group, c.new]), [
    [0, 'web', '/HostConfig/Memory', 'config', 67108864],
    [1, 'worker', '/state', 'state', { at: '2026-01-01T00:00:09Z', exit_code: 137, oom_killed: true, state: 'exited' }],
  ]);
  const markdown = (await runInProcess(['diff', ...files, '--format', 'markdown'])).stdout;
  assert.match(markdown, /^# docksnap diff over time\n\n3 snapshots of alpha from 2026-01-01T10:00:00Z to 2026-01-01T12:00:00Z, each compared with the next: \*\*1 state changes\*\*, \*\*0 added, 0 removed, 1 changed\*\* in configuration, 7 runtime changes, 0 suppressed as noise, 0 unknown\.\n/);
  assert.match(markdown, /\n## State changes\n\n\| when \| \| entity \| change \|\n\| --- \| --- \| --- \| --- \|\n\| #2 → #3 \| ~ \| container worker \| running → exited \(137, OOM-killed\) {2}at 2026-01-01T00:00:09Z \|\n/);
  assert.match(markdown, /\n<details>\n<summary>7 runtime changes<\/summary>\n/);
});

test('a series needs two snapshots: one file alone, or a directory with one, is a usage error', async () => {
  const lonely = join(dir, 'lonely');
  mkdirSync(lonely);
  const result = await runInProcess(['diff', lonely]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^docksnap: diff — needs at least two snapshots; found 0 in /);
  assert.equal((await runInProcess(['diff', join(series, 'a-second.db')])).code, 2);
});
