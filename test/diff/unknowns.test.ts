import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../helpers/tmp.js';
import { brief, diffFakes, hexId, type FakeHost } from './synthetic.js';

const dir = tempDir('docksnap-diff-unknown-');
const onDisk = { id: hexId('disk'), name: 'disk' };
const apiOnly = { id: hexId('api'), name: 'api-only', source: 'api' };
const full: FakeHost = { containers: [onDisk, apiOnly], networks: ['none', 'host'] };
const apiDown: FakeHost = {
  containers: [{ ...onDisk, source: 'docker-root' }],
  networks: [],
  dockerVersion: null,
  errors: [
    { phase: 'api', subject: 'daemon', path: '/version', code: 'ENOENT', message: 'connect ENOENT /var/run/docker.sock' },
    { phase: 'api', subject: 'daemon', path: 'unix:///var/run/docker.sock', code: 'skipped', message: 'API unavailable' },
  ],
};

test('what a snapshot with the API down could not read is unknown, never removed', async () => {
  const result = await diffFakes(dir, full, apiDown);
  assert.deepEqual(brief(result), []);
  assert.deepEqual(result.unknowns.map((u) => `${u.entity_kind} ${u.entity_key} ${u.path} ${u.side}`), [
    'container api-only  b',
    'daemon daemon /docker_version b',
    'daemon daemon /networks b',
  ]);
  assert.match(result.unknowns[0]?.reason ?? '', /^api daemon \/version: connect ENOENT/);
  assert.equal(result.summary.removed, 0);
});

test('the other way round the gap is on side A, and nothing is added', async () => {
  const result = await diffFakes(dir, apiDown, full);
  assert.deepEqual(brief(result), []);
  assert.deepEqual(result.unknowns.map((u) => `${u.entity_kind} ${u.entity_key} ${u.path} ${u.side}`), [
    'container api-only  a',
    'daemon daemon /docker_version a',
    'daemon daemon /networks a',
  ]);
});

test("a process whose fds could not be read has unknown fds, not removed ones; a container's unreadable hostconfig.json an unknown HostConfig", async () => {
  const web = { id: hexId('web'), name: 'web', pid: 4000, memory: 5 };
  const errors = [
    { phase: 'proc', subject: 'pid 4000', path: '/proc/4000/fd', code: 'EACCES', message: 'permission denied (EACCES)' },
    { phase: 'docker-root', subject: `container ${web.id}`, path: `/var/lib/docker/containers/${web.id}/hostconfig.json`, code: 'EACCES', message: 'permission denied (EACCES)' },
  ];
  const result = await diffFakes(dir, { containers: [web] }, { containers: [{ ...web, memory: 9, noFds: true }], errors });
  assert.deepEqual(brief(result), []);
  assert.deepEqual(result.unknowns.map((u) => `${u.entity_kind} ${u.entity_key} ${u.path} ${u.side} ${JSON.stringify(u.new)}`), [
    'container web /HostConfig b {"CapAdd":{"NET_ADMIN":true,"SYS_TIME":true},"Memory":9}',
    'process web: sleep 1000 (pid 4000) /fds b {}',
  ]);
  const without = await diffFakes(dir, { containers: [web] }, { containers: [{ ...web, noFds: true }] });
  assert.deepEqual(brief(without), ['config removed process web: sleep 1000 (pid 4000) /fds/1 {"flags":"01","kind":"pipe","mnt_id":12,"pos":0,"target":"pipe:[4000]"} → null'], 'without the capture error, a missing fd is a removal');
});
