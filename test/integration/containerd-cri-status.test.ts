/**
 * Kubernetes containers on a private containerd, with the CRI plugin's status checkpoints written
 * as the plugin writes them (<root>/io.containerd.grpc.v1.cri/containers/<id>/status, the JSON of
 * its versionedStatus) — the plugin itself is off in these tests. One container runs; one was
 * OOM-killed (its task gone). Captured live and offline: containerd keeps no exit record, the
 * checkpoint does. Expected values are those the test wrote and ctr's task pid.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { capture } from '../../src/capture.js';
import { startContainerd, type PrivateContainerd } from '../helpers/containerd.js';
import { OPT_OUT_ENV } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private engines disabled by ${OPT_OUT_ENV}=1` : false;

const POD = { 'io.kubernetes.pod.name': 'shop', 'io.kubernetes.pod.namespace': 'team', 'io.kubernetes.pod.uid': '0b1f6c1e-7a51-4a8e-9d7e-3c2f1a0e9b77', 'io.cri-containerd.kind': 'container' };
const STARTED = { seconds: 1764496801, nanos: '123456789' };
const FINISHED = { seconds: 1764497100, nanos: '987654321' };
const nanos = (t: { seconds: number; nanos: string }) => `${t.seconds}${t.nanos}`;
const iso = (t: { seconds: number; nanos: string }) => `${new Date(t.seconds * 1000).toISOString().slice(0, 19)}.${t.nanos}Z`;

describe("Kubernetes containers' status from the CRI checkpoint", { skip }, () => {
  let c: PrivateContainerd;
  const dir = tempDir();
  let appPid = 0;
  const checkpoints = new Map<string, string>();

  const checkpoint = (id: string, text: string) => {
    const path = join(c.root, 'io.containerd.grpc.v1.cri', 'containers', id);
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'status'), text);
    checkpoints.set(id, join(path, 'status'));
  };
  const containers = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare('SELECT id, state, running, pid, exit_code, oom_killed, started_at, finished_at FROM containers ORDER BY id').all();
    } finally {
      db.close();
    }
  };

  before(async () => {
    c = await startContainerd(['k8s.io']);
    c.run('k8s.io', 'app', ['sleep', '1000'], { labels: { ...POD, 'io.kubernetes.container.name': 'cart' } });
    c.run('k8s.io', 'oom', ['sleep', '1000'], { labels: { ...POD, 'io.kubernetes.container.name': 'worker' } });
    await c.stopTask('k8s.io', 'oom');
    appPid = Number(c.ctr('k8s.io', ['task', 'ls']).split('\n').find((l) => l.startsWith('app '))?.split(/\s+/)[1]);
    checkpoint('app', `{"Version":"v1","Pid":${appPid},"CreatedAt":1764496800000000000,"StartedAt":${nanos(STARTED)},"FinishedAt":0,"ExitCode":0,"Reason":"","Message":"","Resources":null}`);
    checkpoint('oom', `{"Version":"v1","Pid":0,"CreatedAt":1764496800000000000,"StartedAt":${nanos(STARTED)},"FinishedAt":${nanos(FINISHED)},"ExitCode":137,"Reason":"OOMKilled","Message":"","Resources":null}`);
  });

  after(async () => {
    await c?.stop();
  });

  const expected = (runningPid: number | null) => [
    { id: 'k8s.io/app', state: 'running', running: 1, pid: runningPid, exit_code: null, oom_killed: null, started_at: iso(STARTED), finished_at: null },
    { id: 'k8s.io/oom', state: 'exited', running: 0, pid: null, exit_code: 137, oom_killed: 1, started_at: iso(STARTED), finished_at: iso(FINISHED) },
  ];

  test('live: the running one with its task pid and start; the OOM-killed one exited 137 with both times; each checkpoint kept as a file', async () => {
    const summary = await capture({ offline: false, force: false, containerdRoot: c.root, containerdState: c.state, logTailBytes: 4096, apiTimeoutMs: 5000, output: join(dir, 'live.db') });
    assert.deepEqual(containers(summary.path), expected(appPid));
    const db = new Database(summary.path, { readonly: true });
    try {
      const files = db.prepare("SELECT container_id, path, sha256 FROM files WHERE role = 'cri-status.json' ORDER BY container_id").all();
      assert.deepEqual(files, [...checkpoints].map(([id, path]) => ({ container_id: `k8s.io/${id}`, path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') })));
    } finally {
      db.close();
    }
  });

  test('offline from the root alone, no runtime state: the same, the running one by the pid the checkpoint recorded', async () => {
    await c.stopDaemon();
    const summary = await capture({ offline: true, force: false, containerdRoot: c.root, logTailBytes: 4096, apiTimeoutMs: 5000, output: join(dir, 'offline.db') });
    assert.deepEqual(containers(summary.path), expected(appPid));
  });
});
