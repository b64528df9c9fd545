import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeDetail, detailLines, execDetail, readablePath } from '../../src/render/diff-format.js';
import type { Change } from '../../src/diff/types.js';

const base = { entity_kind: 'process', entity_key: 'dockerd (pid 473)', container: null, group: 'config', rule: null } as const;

test('a descriptor opened or closed reads like ls -l /proc/PID/fd, with its number from the value when keyed by target', () => {
  const log = '/var/lib/docker/containers/a86b/a86b-json.log';
  const added: Change = { ...base, path: `/fds/${log.replace(/\//g, '~1')}`, kind: 'added', old: null, new: { fd: 31, target: log, kind: 'file', flags: '02100002' } };
  const removed: Change = { ...base, path: '/fds/31', kind: 'removed', old: { target: log, kind: 'file' }, new: null };
  assert.equal(changeDetail(added), `fd 31 → ${log} (opened)`);
  assert.equal(changeDetail(removed), `fd 31 → ${log} (closed)`);
  assert.deepEqual(detailLines(added), []);
});

test('text paths have no JSON Pointer escapes; a key holding a slash is bracketed', () => {
  assert.equal(readablePath('/fds/<exec-root>~1containerd~1daemon~1log#2/flags'), '/fds/[<exec-root>/containerd/daemon/log#2]/flags');
  assert.equal(readablePath('/labels/a~0b'), '/labels/a~b');
});

test('a change of a large object lists the leaves that differ, never two cut blobs', () => {
  const old = { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3', compress: 'true', labels: 'com.example.tier,com.example.version' } };
  const now = { ...old, Config: { ...old.Config, 'max-size': '20m' } };
  const change: Change = { ...base, entity_kind: 'container', entity_key: 'web', path: '/HostConfig/LogConfig', kind: 'changed', old, new: now };
  assert.equal(changeDetail(change), '/HostConfig/LogConfig');
  assert.deepEqual(detailLines(change), ['/Config/max-size  10m → 20m']);
  const added: Change = { ...change, kind: 'added', old: null };
  assert.deepEqual(detailLines(added), ['/Type  json-file', '/Config/max-size  20m', '/Config/max-file  "3"', '/Config/compress  "true"', '/Config/labels  com.example.tier,com.example.version']);
});

test('a status change reads old → new with its time, or the capture window when Docker records none', () => {
  const status = (state: string, exit_code: number | null, oom_killed: boolean, at: string | null) => ({ state, exit_code, oom_killed, at });
  const stopped: Change = { ...base, entity_kind: 'container', entity_key: 'worker', group: 'state', path: '/state', kind: 'changed', old: status('running', null, false, 'T0'), new: status('exited', 137, true, 'T1') };
  assert.equal(changeDetail(stopped), 'running → exited (137, OOM-killed)  at T1');
  const paused: Change = { ...stopped, new: status('paused', null, false, null) };
  assert.equal(changeDetail(paused, { from: 'A', to: 'B' }), 'running → paused  between A and B');
  const exec: Change = { ...stopped, path: '/execs/9:99', kind: 'added', old: null, new: { argv: ['sh', '-c', 'sleep 1000'], pid: 9 } };
  assert.equal(execDetail(exec), "exec in worker: sh -c 'sleep 1000' (pid 9)");
});

test('other changes show their path and values', () => {
  const memory: Change = { ...base, entity_kind: 'container', entity_key: 'web', path: '/HostConfig/Memory', kind: 'changed', old: 0, new: 67108864 };
  assert.equal(changeDetail(memory), '/HostConfig/Memory  0 → 67108864');
  const target: Change = { ...base, path: '/fds/31/target', kind: 'changed', old: '/a', new: '/b' };
  assert.equal(changeDetail(target), '/fds/31/target  /a → /b');
});
