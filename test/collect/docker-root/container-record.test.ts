import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerRow } from '../../../src/collect/docker-root/container-record.js';
import type { JsonObject } from '../../../src/collect/container-rows.js';

const ID = 'a'.repeat(64);
const CONTEXT = { configFormat: 'v2', mountId: 'm1', logPath: '/var/lib/docker/containers/x/x-json.log', storageDriver: 'overlay2' };

test('a stopped v2 container: state, times, command, hostconfig fields, the name without its slash', () => {
  const config = JSON.parse(`{"State":{"Running":false,"Pid":0,"ExitCode":137,"StartedAt":"2024-01-01T00:00:00Z","FinishedAt":"2024-01-01T01:00:00Z"},
    "Created":"2023-12-31T00:00:00.5Z","Path":"/bin/httpd","Args":["-f","-p","8000"],"Config":{"Hostname":"web","Image":"busybox:latest"},
    "Image":"sha256:abc","Name":"/web","Driver":"overlay2","RestartCount":2}`) as JsonObject;
  const hostConfig = { RestartPolicy: { Name: 'always', MaximumRetryCount: 0 }, NetworkMode: 'host', LogConfig: { Type: 'json-file' } } as JsonObject;
  assert.deepEqual(containerRow(ID, config, hostConfig, CONTEXT), {
    id: ID,
    name: 'web',
    image_id: 'sha256:abc',
    image_name: 'busybox:latest',
    state: 'exited',
    running: 0,
    pid: 0,
    exit_code: 137,
    created_at: '2023-12-31T00:00:00.5Z',
    started_at: '2024-01-01T00:00:00Z',
    finished_at: '2024-01-01T01:00:00Z',
    restart_count: 2,
    oom_killed: null, // the config's State has no OOMKilled
    path: '/bin/httpd',
    args: '["-f","-p","8000"]',
    hostname: 'web',
    restart_policy: 'always',
    network_mode: 'host',
    storage_driver: 'overlay2',
    mount_id: 'm1',
    log_path: '/var/lib/docker/containers/x/x-json.log',
    log_driver: 'json-file',
    config_format: 'v2',
    source: 'docker-root',
    engine_id: null,
    pod_id: null,
    namespace: null,
    runtime: null,
    snapshotter: null,
    pod_name: null,
    pod_namespace: null,
    cri_kind: null,
  });
});

test('without a config the row is still there, state unknown, with what the context knows', () => {
  const row = containerRow(ID, undefined, undefined, { ...CONTEXT, storageDriver: 'aufs' });
  assert.equal(row.state, 'unknown');
  assert.equal(row.running, 0);
  assert.equal(row.args, '[]');
  assert.equal(row.storage_driver, 'aufs');
  assert.equal(row.restart_policy, null);
});
