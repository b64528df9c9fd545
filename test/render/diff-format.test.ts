import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeDetail } from '../../src/render/diff-format.js';
import type { Change } from '../../src/diff/types.js';

const base = { entity_kind: 'process', entity_key: 'dockerd (pid 473)', group: 'config', rule: null } as const;

test('a descriptor that appears or goes reads like ls -l /proc/PID/fd', () => {
  const log = '/var/lib/docker/containers/a86b/a86b-json.log';
  const added: Change = { ...base, path: '/fds/31', kind: 'added', old: null, new: { target: log, kind: 'file', flags: '02100002' } };
  const removed: Change = { ...base, path: '/fds/31', kind: 'removed', old: { target: log, kind: 'file' }, new: null };
  assert.equal(changeDetail(added), `fd 31 → ${log} (new)`);
  assert.equal(changeDetail(removed), `fd 31 → ${log} (gone)`);
});

test('other changes show their path and values', () => {
  const memory: Change = { ...base, entity_kind: 'container', entity_key: 'web', path: '/HostConfig/Memory', kind: 'changed', old: 0, new: 67108864 };
  assert.equal(changeDetail(memory), '/HostConfig/Memory  0 → 67108864');
  const target: Change = { ...base, path: '/fds/31/target', kind: 'changed', old: '/a', new: '/b' };
  assert.equal(changeDetail(target), '/fds/31/target  /a → /b');
});
