import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { readCriStatus } from '../../../src/collect/containerd/cri-status.js';
import { tempDir } from '../../helpers/tmp.js';

/** A containerd root holding one CRI status checkpoint with `text` for container `id`. */
function rootWith(id: string, text: string): string {
  const root = tempDir('docksnap-cri-');
  mkdirSync(join(root, 'io.containerd.grpc.v1.cri', 'containers', id), { recursive: true });
  writeFileSync(join(root, 'io.containerd.grpc.v1.cri', 'containers', id, 'status'), text);
  return root;
}

test('a version-1 checkpoint gives the times to the nanosecond, the exit code and the reason', () => {
  // As the CRI plugin's json.Marshal writes it: Version, then Status's fields in declaration order.
  const text = '{"Version":"v1","Pid":4242,"CreatedAt":1764496800000000001,"StartedAt":1764496801123456789,"FinishedAt":1764497100987654321,"ExitCode":137,"Reason":"OOMKilled","Message":"","Resources":null}';
  const reader = createRootReader(rootWith('abc', text), 'containerd-root');
  const read = readCriStatus(reader, 'abc');
  assert.deepEqual(read.status, { pid: 4242, startedAt: '2025-11-30T10:00:01.123456789Z', finishedAt: '2025-11-30T10:05:00.987654321Z', exitCode: 137, reason: 'OOMKilled' });
  assert.deepEqual(read.files.map((f) => [f.container_id, f.role, f.parsed]), [['k8s.io/abc', 'cri-status.json', text]]);
  assert.deepEqual(reader.errors, []);
});

test('a running container has no finish time and so no exit code', () => {
  const reader = createRootReader(rootWith('run', '{"Version":"v1","Pid":7,"CreatedAt":1,"StartedAt":1764496801000000000,"FinishedAt":0,"ExitCode":0,"Reason":"","Message":""}'), 'containerd-root');
  assert.deepEqual(readCriStatus(reader, 'run').status, { pid: 7, startedAt: '2025-11-30T10:00:01.000000000Z', finishedAt: null, exitCode: null, reason: null });
});

test('a checkpoint of another version is kept as a file, its status not trusted, and said so', () => {
  const reader = createRootReader(rootWith('v2', '{"Version":"v2","StartedAt":1764496801000000000}'), 'containerd-root');
  const read = readCriStatus(reader, 'v2');
  assert.equal(read.status, undefined);
  assert.equal(read.files.length, 1);
  assert.deepEqual(reader.errors.map((e) => e.code), ['bad-cri-status']);
});

test('times are the top-level fields: a decoy inside a string or a nested object, or digits past the value, give nothing else', () => {
  const decoy = '{"Version":"v1","Message":"\\"StartedAt\\":1,","Resources":{"StartedAt":5},"StartedAt":1764496801000000007,"FinishedAt":99999999999999999999999}';
  const read = readCriStatus(createRootReader(rootWith('decoy', decoy), 'containerd-root'), 'decoy');
  assert.equal(read.status?.startedAt, null, 'the nested StartedAt comes first in the text and is not the parsed value');
  assert.equal(read.status?.finishedAt, null, 'more digits than an int64 has');
  const plain = readCriStatus(createRootReader(rootWith('plain', '{"Version":"v1","Message":"\\"StartedAt\\":1,","StartedAt":1764496801000000007}'), 'containerd-root'), 'plain');
  assert.equal(plain.status?.startedAt, '2025-11-30T10:00:01.000000007Z', 'a quoted decoy inside a string is never matched');
});

test('no checkpoint, or an id that is not a plain name: nothing read', () => {
  const reader = createRootReader(tempDir('docksnap-cri-'), 'containerd-root');
  assert.deepEqual(readCriStatus(reader, 'absent'), { status: undefined, files: [] });
  assert.deepEqual(readCriStatus(reader, '../../etc'), { status: undefined, files: [] });
  assert.deepEqual(reader.errors, []);
});

test('hostile checkpoints: a link out of the root, a FIFO, a file past the read cap are not read, and say why', () => {
  const root = tempDir('docksnap-cri-');
  const dir = (id: string) => {
    const path = join(root, 'io.containerd.grpc.v1.cri', 'containers', id);
    mkdirSync(path, { recursive: true });
    return join(path, 'status');
  };
  const outside = join(tempDir('docksnap-cri-outside-'), 'status');
  writeFileSync(outside, '{"Version":"v1","StartedAt":1764496801000000000}');
  symlinkSync(outside, dir('escape'));
  execFileSync('mkfifo', [dir('fifo')]);
  writeFileSync(dir('huge'), '{"Version":"v1",');
  truncateSync(dir('huge'), 65 * 1024 * 1024);
  const reader = createRootReader(root, 'containerd-root');
  for (const id of ['escape', 'fifo']) assert.deepEqual(readCriStatus(reader, id), { status: undefined, files: [] }, id);
  const huge = readCriStatus(reader, 'huge');
  assert.equal(huge.status, undefined);
  assert.deepEqual(huge.files.map((f) => [f.role, f.size, f.content]), [['cri-status.json', 65 * 1024 * 1024, null]], 'its size and hash kept, as the error says');
  assert.equal(reader.errors.length, 3, JSON.stringify(reader.errors));
  assert.deepEqual(reader.errors.map((e) => e.subject), ['container k8s.io/escape', 'container k8s.io/fifo', 'container k8s.io/huge']);
  assert.deepEqual(reader.errors.map((e) => e.code), ['dangling-link', 'not-regular-file', 'oversized']);
});
