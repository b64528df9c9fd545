import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDockerRoot } from '../../../src/collect/docker-root/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { write } from '../../helpers/v2-root.js';

const ID = 'd'.repeat(64);
const OTHER = 'e'.repeat(64);

test('a config whose ID is not its directory: the directory id is kept and the mismatch reported', () => {
  const root = tempDir();
  write(root, `containers/${ID}/config.json`, JSON.stringify({ ID: OTHER, State: { Running: false }, Driver: 'vfs' }));
  const capture = readDockerRoot(root, { logTailBytes: 16 });
  assert.deepEqual(capture.containers.map((c) => [c.id, c.config_format, c.storage_driver, c.mount_id]), [[ID, 'v1', 'vfs', ID]]);
  assert.deepEqual(capture.errors.map((e) => e.code), ['id-mismatch', 'ENOENT']);
  assert.match(capture.errors[1]!.message, /layer directory is missing/);
});

test('before LogPath (1.6) the log path is derived under the recorded root, and the log read from the container directory', () => {
  const root = tempDir();
  write(root, `containers/${ID}/config.json`, JSON.stringify({ ID, Name: '/old', HostnamePath: `/srv/docker/containers/${ID}/hostname`, Driver: 'vfs' }));
  write(root, `containers/${ID}/hostname`, 'old\n');
  write(root, `containers/${ID}/${ID}-json.log`, '{"log":"0123456789abcdef"}\n');
  write(root, `vfs/dir/${ID}/x`, '');
  const capture = readDockerRoot(root, { logTailBytes: 16 });
  assert.equal(capture.containers[0]?.log_path, `/srv/docker/containers/${ID}/${ID}-json.log`);
  assert.equal(capture.container_logs[0]?.tail.toString(), '3456789abcdef"}\n');
  assert.equal(capture.container_logs[0]?.tail_offset, 11);
  assert.deepEqual(capture.files.map((f) => f.role), ['config.json', 'hostname']);
  assert.deepEqual(capture.errors, []);
});

test('an empty LogPath (a container never started, a non-json log driver) gives no log path and no log', () => {
  const root = tempDir();
  write(root, `containers/${ID}/config.v2.json`, JSON.stringify({ ID, LogPath: '', Driver: 'overlay2', State: {} }));
  const capture = readDockerRoot(root, { logTailBytes: 16 });
  assert.equal(capture.containers[0]?.log_path, null);
  assert.deepEqual(capture.container_logs, []);
});
