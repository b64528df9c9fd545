/**
 * A host running a Docker engine and a Podman engine at once: one capture holds both, each
 * container and process attributed to its engine; --engine narrows it; and a Docker endpoint
 * that does not answer no longer sweeps any engine's container processes into the wrong view.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { capture, type CaptureFileOptions, type CaptureSummary } from '../../src/capture.js';
import { openSnapshot } from '../../src/open.js';
import { diffSnapshots, type Change } from '../../src/diff/index.js';
import { Engine, uniqueName, useEngine } from '../helpers/engine.js';
import { startPodman, type PrivatePodman } from '../helpers/podman.js';
import { tempDir } from '../helpers/tmp.js';

const engine = await useEngine();

describe('Docker and Podman on one host', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  let podman: PrivatePodman;
  const dir = tempDir();
  const dockerName = uniqueName('multi');
  let dockerId = '';
  let dockerPid = 0;
  let podmanId = '';
  let podmanPid = 0;

  const options = (extra: Partial<CaptureFileOptions>): CaptureFileOptions => ({
    offline: false, force: false, logTailBytes: 4096, apiTimeoutMs: 5000, output: join(dir, `${uniqueName('snap')}.db`), ...extra,
  });
  const rows = async (summary: CaptureSummary) => {
    const db = await openSnapshot(summary.path);
    try {
      return {
        engines: db.all<{ id: string; kind: string; container_count: number }>('SELECT id, kind, container_count FROM engines ORDER BY kind'),
        containers: new Map(db.all<{ id: string; engine_id: string }>('SELECT id, engine_id FROM containers').map((c) => [c.id, c.engine_id])),
        processes: new Map(db.all<{ pid: number; role: string; container_id: string | null; engine_id: string | null }>('SELECT pid, role, container_id, engine_id FROM processes').map((p) => [p.pid, p])),
      };
    } finally {
      db.close();
    }
  };

  before(async () => {
    podman = await startPodman();
    dockerId = docker.run(dockerName, ['sleep', '1000']);
    dockerPid = docker.inspect<{ State: { Pid: number } }>(dockerId).State.Pid;
    podmanId = podman.run('pod-sleeper', ['sleep', '1000']);
    podmanPid = Number(podman.podman(['inspect', '--format', '{{.State.Pid}}', podmanId]));
  });

  after(async () => {
    docker.remove(dockerName);
    await podman?.stop();
    await docker.stop();
  });

  test('one capture holds both engines, each container and process attributed to its own', async () => {
    const summary = await capture(options({ dockerHost: docker.info.host, podmanRoot: podman.root, podmanRunroot: podman.runRoot }));
    const { engines, containers, processes } = await rows(summary);
    const dockerEngineId = `docker:${docker.info.dataRoot}`;
    const podmanEngineId = `podman:${podman.root}`;
    assert.deepEqual(engines.map((e) => [e.id, e.kind]), [[dockerEngineId, 'docker'], [podmanEngineId, 'podman']]);
    assert.equal(containers.get(dockerId), dockerEngineId);
    assert.equal(containers.get(podmanId), podmanEngineId);
    assert.deepEqual(processes.get(dockerPid), { pid: dockerPid, role: 'container', container_id: dockerId, engine_id: dockerEngineId });
    assert.deepEqual(processes.get(podmanPid), { pid: podmanPid, role: 'container', container_id: podmanId, engine_id: podmanEngineId });
    assert.equal(processes.get(docker.info.pid)?.role, 'dockerd', await whyNoDaemon(summary.path, docker.info.pid));
    assert.ok([...processes.values()].some((p) => p.role === 'conmon' && p.container_id === podmanId && p.engine_id === podmanEngineId));
    assert.equal(summary.unattributed[dockerId], undefined);
    assert.equal(summary.unattributed[podmanId], undefined);
  });

  test('--engine podman narrows the capture; the Docker container processes seen are kept as unattributed', async () => {
    const summary = await capture(options({ dockerHost: docker.info.host, podmanRoot: podman.root, podmanRunroot: podman.runRoot, engine: 'podman' }));
    const { engines, containers, processes } = await rows(summary);
    assert.deepEqual(engines.map((e) => e.kind), ['podman']);
    assert.equal(containers.has(dockerId), false);
    assert.deepEqual(processes.get(dockerPid), { pid: dockerPid, role: 'unattributed', container_id: dockerId, engine_id: null });
    assert.equal(processes.has(docker.info.pid), false);
    assert.equal(summary.unattributed[dockerId], 1);
  });

  test('--engine with an engine id selects that engine only', async () => {
    const summary = await capture(options({ dockerHost: docker.info.host, podmanRoot: podman.root, engine: `docker:${docker.info.dataRoot}` }));
    const { engines, processes } = await rows(summary);
    assert.deepEqual(engines.map((e) => e.kind), ['docker']);
    assert.deepEqual(processes.get(podmanPid), { pid: podmanPid, role: 'unattributed', container_id: podmanId, engine_id: null });
  });

  test('diff matches containers within their engine; --across-engines pairs them by name (a Docker-to-Podman move)', async () => {
    const twinId = podman.run(dockerName, ['sleep', '1000']);
    try {
      const onDocker = await capture(options({ dockerHost: docker.info.host }));
      const onPodman = await capture(options({ podmanRoot: podman.root, podmanRunroot: podman.runRoot }));
      const [a, b] = [await openSnapshot(onDocker.path), await openSnapshot(onPodman.path)];
      try {
        const named = (changes: readonly Change[]) => changes.filter((c) => c.entity_kind === 'container' && c.entity_key === dockerName);
        const within = named(diffSnapshots(a, b, { mode: 'across-hosts' }).changes);
        assert.deepEqual(within.map((c) => `${c.kind} ${c.path}`).sort(), ['added ', 'removed ']);
        const across = named(diffSnapshots(a, b, { mode: 'across-hosts', acrossEngines: true }).changes);
        // One pair: its differences are inside it (engine, storage, log…), never the container itself added or removed.
        assert.deepEqual(across.filter((c) => c.path === ''), []);
        const engine = across.find((c) => c.path === '/engine');
        assert.deepEqual([engine?.old, engine?.new], ['docker', 'podman']);
        assert.equal(twinId.length, 64);
      } finally {
        a.close();
        b.close();
      }
    } finally {
      podman.podman(['rm', '-f', '-t', '0', twinId]);
    }
  });

  test('a Docker endpoint that does not answer sweeps no container process into the wrong engine', async () => {
    const dead = `unix://${join(dir, 'no-such-docker.sock')}`;
    const summary = await capture(options({ dockerHost: dead, dockerRoot: join(dir, 'no-docker-root'), podmanRoot: podman.root, podmanRunroot: podman.runRoot }));
    const { processes } = await rows(summary);
    assert.deepEqual(processes.get(podmanPid), { pid: podmanPid, role: 'container', container_id: podmanId, engine_id: `podman:${podman.root}` });
    assert.deepEqual(processes.get(dockerPid), { pid: dockerPid, role: 'unattributed', container_id: dockerId, engine_id: null });
    assert.equal(summary.unattributed[dockerId], 1);
  });
});

/** What the snapshot says of the dockerd it should hold: its daemons rows and capture errors (a failure's message). */
async function whyNoDaemon(path: string, pid: number): Promise<string> {
  const db = await openSnapshot(path);
  try {
    return JSON.stringify({ pid, daemons: db.all('SELECT pid, captured, hosts FROM daemons'), errors: db.all('SELECT phase, subject, code, message FROM capture_error LIMIT 20') });
  } finally {
    db.close();
  }
}
