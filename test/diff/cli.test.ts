import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { runCli } from '../../src/cli/run.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeSnapshot, hexId } from './synthetic.js';

const dir = tempDir('docksnap-diff-cli-');
const path = (name: string) => join(dir, name);
const web = { id: hexId('web'), name: 'web', env: { MODE: 'blue' }, labels: { 'com.example.tier': 'front' } };
await writeSnapshotFile(path('a.db'), fakeSnapshot({ containers: [web, { id: hexId('old'), name: 'old' }] }), { force: false });
await writeSnapshotFile(path('b.db'), fakeSnapshot({ containers: [{ ...web, env: { MODE: 'green' }, memory: 67108864 }, { id: hexId('cache'), name: 'cache' }] }), { force: false });
await writeSnapshotFile(path('other-host.db'), fakeSnapshot({ host: 'beta', boot: 'boot-2', root: '/srv/docker', containers: [{ ...web, id: hexId('web-on-beta') }, { id: hexId('old2'), name: 'old' }] }), { force: false });
writeFileSync(path('not.db'), 'not a snapshot');

test('a snapshot diffed with itself: exit 0 and only the summary line', async () => {
  const result = await runInProcess(['diff', path('a.db'), path('a.db')]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, '0 state changes; 0 added, 0 removed, 0 changed; 0 runtime changes; 0 suppressed; 0 unknown\n');
  assert.equal(result.stderr, '');
});

test('text: one line per change grouped by entity, and the summary; exit 1', async () => {
  const result = await runInProcess(['diff', path('a.db'), path('b.db')]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, [
    '+ container cache',
    '- container old',
    '~ container web  /HostConfig/Memory  0 → 67108864',
    '~ container web  /env/MODE  blue → green',
    '',
    '0 state changes; 1 added, 1 removed, 2 changed; 0 runtime changes; 4 suppressed; 0 unknown',
    '',
  ].join('\n'));
});

test('--show-suppressed lists each suppressed change with its rule', async () => {
  const result = await runInProcess(['diff', path('a.db'), path('b.db'), '--show-suppressed']);
  assert.match(result.stdout, /\nsuppressed \(4\)\n\+ process cache: sleep 1000 \(pid \d+\)  \[container-lifecycle\]\n- process old: sleep 1000 \(pid \d+\)  \[container-lifecycle\]\n\+ file cache\/hostname  \[container-lifecycle\]\n- file old\/hostname  \[container-lifecycle\]\n/);
});

test('json: one object per change, valid against schemas/diff.schema.json', async () => {
  const result = await runInProcess(['diff', path('a.db'), path('b.db'), '--format', 'json', '--show-suppressed']);
  assert.equal(result.code, 1);
  const entries = JSON.parse(result.stdout) as { path: string; kind: string; old: unknown; new: unknown; group: string }[];
  assertMatchesSchema('diff.schema.json', entries);
  assert.deepEqual(entries.find((e) => e.path === '/HostConfig/Memory'), {
    entity_kind: 'container', entity_key: 'web', container: 'web', path: '/HostConfig/Memory', kind: 'changed', old: 0, new: 67108864, group: 'config', rule: null, side: null, reason: null,
  });
  assert.equal(entries.filter((e) => e.group === 'suppressed').length, 4);
});

test('markdown: a summary paragraph (hosts, times, counts), then the configuration changes by entity kind', async () => {
  const result = await runInProcess(['diff', path('a.db'), path('b.db'), '--format', 'markdown']);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^# docksnap diff\n\nSnapshot A `[^`]*a\.db` \(host alpha, captured [^)]+\) compared with snapshot B `[^`]*b\.db` \(host alpha, captured [^)]+\) as one host \(inferred from the boot ids\): \*\*0 state changes\*\*, \*\*1 added, 1 removed, 2 changed\*\* in configuration, 0 runtime changes, 4 suppressed as noise, 0 unknown\.\n/);
  assert.match(result.stdout, /## Configuration changes\n\n### Containers\n\n\| \| entity \| path \| old \| new \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| \+ \| container cache \|  \|  \| `\{.*\}` \|\n/);
  assert.match(result.stdout, /\| ~ \| container web \| `\/env\/MODE` \| `blue` \| `green` \|/);
});

test('across hosts is inferred from different boot ids, said in one stderr line; --same-host overrides', async () => {
  const inferred = await runInProcess(['diff', path('a.db'), path('other-host.db')]);
  assert.equal(inferred.stderr, 'docksnap: comparing across hosts (A: alpha, boot boot-1; B: beta, boot boot-2); give --same-host to compare as one host\n');
  assert.equal(inferred.stdout, '0 state changes; 0 added, 0 removed, 0 changed; 0 runtime changes; 15 suppressed; 0 unknown\n');
  assert.equal(inferred.code, 0);
  const forced = await runInProcess(['diff', path('a.db'), path('other-host.db'), '--same-host', '--only', 'containers']);
  assert.equal(forced.stderr, '');
  assert.equal(forced.code, 0, 'runtime changes only: exit 0');
  assert.equal((await runInProcess(['diff', path('a.db'), path('other-host.db'), '--same-host', '--only', 'containers', '--fail-on', 'runtime'])).code, 1);
  assert.equal((await runInProcess(['diff', path('a.db'), path('b.db'), '--fail-on', 'never'])).code, 0);
  assert.match(forced.stdout, /^runtime changes \(6\); --show-runtime lists each\n~ container old  3 runtime changes \(restart\)\n~ container web  3 runtime changes \(restart\)\n/);
});

test('--only and --ignore narrow the comparison; the globs accept plural kinds', async () => {
  const only = await runInProcess(['diff', path('a.db'), path('b.db'), '--only', 'images,files']);
  assert.equal(only.code, 0);
  const ignored = await runInProcess(['diff', path('a.db'), path('b.db'), '--only', 'containers', '--ignore', 'containers/web/env/*', '--ignore', 'container/*/HostConfig/**', '--ignore', 'container/*']);
  assert.equal(ignored.stdout, '0 state changes; 0 added, 0 removed, 0 changed; 0 runtime changes; 4 suppressed; 0 unknown\n');
  assert.equal(ignored.code, 0);
});

test('colour only when stdout is a terminal and NO_COLOR is unset', async () => {
  const run = async (env: Record<string, string>) => {
    let stdout = '';
    await runCli(['diff', path('a.db'), path('b.db')], { stdout: { write: (t: string) => (stdout += t), isTTY: true }, stderr: { write: () => true }, env, cwd: dir });
    return stdout;
  };
  assert.match(await run({}), /\x1b\[32m\+ container cache\x1b\[0m/);
  assert.doesNotMatch(await run({ NO_COLOR: '1' }), /\x1b\[/);
  assert.doesNotMatch((await runInProcess(['diff', path('a.db'), path('b.db')])).stdout, /\x1b\[/);
});

test('errors exit 2: a file that is not a snapshot, an unknown --only, both mode flags', async () => {
  const bad = await runInProcess(['diff', path('a.db'), path('not.db')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not\.db — is not a SQLite database/);
  assert.equal((await runInProcess(['diff', path('a.db'), path('b.db'), '--only', 'volumes'])).code, 2);
  assert.equal((await runInProcess(['diff', path('a.db'), path('b.db'), '--same-host', '--across-hosts'])).code, 2);
});
