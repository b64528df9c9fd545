/**
 * compare over generated hosts: five snapshots written with their own container ids, pids, host
 * names and Docker roots, made to differ in known ways. Every expected difference below comes
 * from how the hosts are built here, not from a run of the code under test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { compareSnapshots } from '../../src/compare/index.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeSnapshot, hexId, type FakeContainer, type FakeHost } from '../diff/synthetic.js';

const dir = tempDir('docksnap-compare-');
const fleet = join(dir, 'fleet');
mkdirSync(fleet);

/** The usual host: web (MODE=blue, no memory limit), job and cache running; each host's ids, pids, name and root its own. */
function host(name: string, n: number, change: (containers: FakeContainer[]) => FakeContainer[] = (c) => c): FakeHost {
  const containers: FakeContainer[] = [
    { id: hexId(`web-${name}`), name: 'web', pid: 1100 + n, env: { MODE: 'blue' }, labels: { 'com.example.tier': 'front' } },
    { id: hexId(`job-${name}`), name: 'job', pid: 1200 + n },
    { id: hexId(`cache-${name}`), name: 'cache', pid: 1300 + n },
  ];
  return { host: name, boot: `boot-${name}`, root: n === 4 ? '/srv/docker' : '/var/lib/docker', containers: change(containers), networks: ['none'] };
}

const HOSTS: Record<string, FakeHost> = {
  alpha: host('alpha', 1),
  bravo: host('bravo', 2),
  // charlie: a memory limit on web, job stopped, and a container no other host runs.
  charlie: host('charlie', 3, (cs) => [
    ...cs.map((c) => (c.name === 'web' ? { ...c, memory: 268435456 } : c.name === 'job' ? { ...c, state: 'exited' as const, exitCode: 137 } : c)),
    { id: hexId('debug-charlie'), name: 'debug', pid: 1999 },
  ]),
  // delta: web's MODE is green. echo: MODE green too, and no cache container.
  delta: host('delta', 4, (cs) => cs.map((c) => (c.name === 'web' ? { ...c, env: { MODE: 'green' } } : c))),
  echo: host('echo', 5, (cs) => cs.filter((c) => c.name !== 'cache').map((c) => (c.name === 'web' ? { ...c, env: { MODE: 'green' } } : c))),
};
for (const [name, h] of Object.entries(HOSTS)) await writeSnapshotFile(join(fleet, `${name}.db`), fakeSnapshot(h), { force: false });
writeFileSync(join(fleet, 'notes.txt'), 'not a snapshot');

test('five hosts: the odd ones first, each difference with the majority value; exit 1', async () => {
  const result = await runInProcess(['compare', fleet]);
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stdout.split('\n');
  assert.deepEqual(lines.slice(0, -2), [
    'charlie: 3 differences',
    '  + container debug  (on 1 of 5 hosts)',
    '  ~ container job  /state  "exited (137)"  (majority running on 4 of 5 hosts)',
    '  ~ container web  /HostConfig/Memory  268435456  (majority 0 on 4 of 5 hosts)',
    '',
    'echo: 2 differences',
    '  - container cache  (on 4 of 5 hosts)',
    '  ~ container web  /env/MODE  green  (majority blue on 3 of 5 hosts)',
    '',
    'delta: 1 difference',
    '  ~ container web  /env/MODE  green  (majority blue on 3 of 5 hosts)',
    '',
    'agree with the majority (2): alpha, bravo',
    '',
    `skipped (1): ${join(fleet, 'notes.txt')} (is not a SQLite database, so not a docksnap snapshot)`,
    '',
  ]);
  assert.match(result.stdout.split('\n').at(-2) as string, /^5 hosts compared: 3 differ from the majority, 2 agree; 6 differences in \d+ fields of \d+ entities; \d+ values suppressed as noise; 0 unknown$/);
});

test('JSON: matches schemas/compare.schema.json; hosts ranked by differences; the processes of the stopped and missing containers folded into them', async () => {
  const result = await runInProcess(['compare', fleet, '--format', 'json']);
  assert.equal(result.code, 1, result.stderr);
  const json = JSON.parse(result.stdout);
  assertMatchesSchema('compare.schema.json', json);
  assert.deepEqual(json.hosts.map((h: { name: string; differences: number }) => [h.name, h.differences]), [['charlie', 3], ['echo', 2], ['delta', 1], ['alpha', 0], ['bravo', 0]]);
  assert.deepEqual(json.entities.map((e: { entity_kind: string; entity_key: string; extra: string[]; missing: string[] }) => [e.entity_kind, e.entity_key, e.extra, e.missing]), [
    ['container', 'cache', [], ['echo']],
    ['container', 'debug', ['charlie'], []],
  ]);
  const memory = json.fields.find((f: { path: string }) => f.path === '/HostConfig/Memory');
  assert.deepEqual(memory.majority, { value: 0, absent: false, hosts: 4 });
  assert.deepEqual(memory.deviations, [{ host: 'charlie', value: 268435456, absent: false }]);
  // job's process is gone on charlie and cache's on echo: reported once, as the container.
  assert.ok(json.summary.suppressed['run-state'] >= 1, JSON.stringify(json.summary.suppressed));
  assert.ok(json.summary.suppressed['container-lifecycle'] >= 1, JSON.stringify(json.summary.suppressed));
  assert.equal(json.summary.deviating_hosts, 3);
  assert.deepEqual(json.skipped.map((s: { path: string }) => s.path), [join(fleet, 'notes.txt')]);
});

test('hosts that agree: exit 0, no differences listed', async () => {
  const same = join(dir, 'same');
  mkdirSync(same);
  for (const [i, name] of ['a', 'b', 'c'].entries()) await writeSnapshotFile(join(same, `${name}.db`), fakeSnapshot(host(name, i + 1)), { force: false });
  const result = await runInProcess(['compare', join(same, 'a.db'), join(same, 'b.db'), join(same, 'c.db')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^agree with the majority \(3\): a, b, c\n\n3 hosts compared: 0 differ from the majority, 3 agree; 0 differences in /);
});

test('two hosts that differ: a tie, the first host taken as the majority and the tie said', async () => {
  const result = await compareSnapshots([join(fleet, 'alpha.db'), join(fleet, 'delta.db')]);
  const mode = result.fields.find((f) => f.path === '/env/MODE');
  assert.deepEqual(mode && { majority: mode.majority, tie: mode.tie, deviations: mode.deviations }, { majority: { value: 'blue', absent: false, hosts: 1 }, tie: true, deviations: [{ host: 'delta', value: 'green', absent: false }] });
});

test('a host whose capture could not read a container\'s hostconfig: unknown there, not a difference', async () => {
  const gap = join(dir, 'gap');
  mkdirSync(gap);
  const hosts = { one: host('one', 1), two: host('two', 2), three: host('three', 3, (cs) => cs.map((c) => (c.name === 'web' ? { ...c, memory: 1 } : c))) };
  const webOfThree = hexId('web-three');
  for (const [name, h] of Object.entries(hosts)) {
    const errors = name === 'three' ? [{ phase: 'docker-root', subject: `container ${webOfThree}`, path: `/var/lib/docker/containers/${webOfThree}/hostconfig.json`, code: 'EACCES', message: 'permission denied' }] : [];
    await writeSnapshotFile(join(gap, `${name}.db`), fakeSnapshot({ ...h, errors }), { force: false });
  }
  const result = await compareSnapshots([gap]);
  assert.equal(result.summary.deviating_hosts, 0);
  const memory = result.fields.find((f) => f.path === '/HostConfig/Memory');
  assert.deepEqual(memory?.unknown.map((u) => u.host), ['three']);
  assert.deepEqual(memory?.deviations, []);
  assert.equal(result.hosts.find((h) => h.name === 'three')?.unknown, result.fields.reduce((n, f) => n + f.unknown.filter((u) => u.host === 'three').length, 0));
});

test('--only and --ignore narrow the comparison as in diff', async () => {
  const images = await compareSnapshots([fleet], { only: ['image'] });
  assert.equal(images.summary.deviating_hosts, 0);
  const ignored = await runInProcess(['compare', fleet, '--ignore', 'container/web/env/MODE', '--format', 'json']);
  const json = JSON.parse(ignored.stdout);
  assert.equal(json.fields.some((f: { path: string }) => f.path === '/env/MODE'), false);
  assert.deepEqual(json.hosts.filter((h: { differences: number }) => h.differences > 0).map((h: { name: string }) => h.name), ['charlie', 'echo']);
});

test('bad input: a named file that is not a snapshot, or fewer than two snapshots, is a one-line error with exit 2', async () => {
  const notSnapshot = await runInProcess(['compare', join(fleet, 'alpha.db'), join(fleet, 'notes.txt')]);
  assert.equal(notSnapshot.code, 2);
  assert.equal(notSnapshot.stdout, '');
  assert.equal(notSnapshot.stderr.trim().split('\n').length, 1, notSnapshot.stderr);
  const one = await runInProcess(['compare', join(fleet, 'alpha.db')]);
  assert.equal(one.code, 2);
  assert.match(one.stderr, /compare needs at least two snapshots or bundles; found 1/);
  const missing = await runInProcess(['compare', join(dir, 'nowhere.db'), join(fleet, 'alpha.db')]);
  assert.equal(missing.code, 2);
});
