import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capture, type CaptureFileOptions } from '../../src/capture.js';
import { openSnapshot } from '../../src/open.js';
import type { SnapshotDb } from '../../src/store/open.js';
import { Engine, uniqueName, useEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';

const engine = await useEngine();

interface Inspect {
  Id: string;
  State: { Pid: number; Status: string };
  LogPath: string;
}

describe('live capture of a private engine with 12 containers of different shapes', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  const prefix = uniqueName('live');
  const name = (role: string) => `${prefix}-${role}`;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const token = createHash('sha256').update(prefix).digest('hex').slice(0, 20);
  const bindDir = tempDir('docksnap-bind-');
  const dir = tempDir();
  const snapshotPath = join(dir, 'twelve.db');
  const ids = new Map<string, string>();
  let db: SnapshotDb;

  before(async () => {
    writeFileSync(join(bindDir, 'data.txt'), 'bound\n');
    const shapes: [string, string[], { network?: 'none' | 'host'; flags?: string[] }][] = [
      ['web', ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'], { network: 'host' }],
      ['token', ['sleep', '1000'], { flags: ['-e', `API_TOKEN=${token}`] }],
      ['memory', ['sleep', '1000'], { flags: ['--memory', '64m'] }],
      ['bind', ['sleep', '1000'], { flags: ['-v', `${bindDir}:/data:ro`] }],
      ['stopped', ['sleep', '1000'], {}],
      ['three', ['sh', '-c', 'sleep 1000 & sleep 1000 & wait'], {}],
      ...Array.from({ length: 6 }, (_, i) => [`sleeper${i}`, ['sleep', '1000'], {}] as [string, string[], object]),
    ];
    for (const [role, command, options] of shapes) ids.set(role, docker.run(name(role), command, options));
    docker.docker(['stop', '-t', '0', name('stopped')]);
    await waitFor(() => processesInCgroup(ids.get('three')!).length === 3);
    await capture({ ...liveOptions(docker), output: snapshotPath });
    db = await openSnapshot(snapshotPath);
  });

  after(async () => {
    db?.close();
    docker.remove(...[...ids.keys()].map(name));
    await docker.stop();
  });

  test('all 12 containers are there with their names, states and init pids', () => {
    const rows = db.all<{ id: string; name: string; state: string; pid: number }>('SELECT id, name, state, pid FROM containers WHERE name LIKE ?', `${prefix}-%`);
    assert.equal(rows.length, 12);
    for (const [role, id] of ids) {
      const inspected = docker.inspect<Inspect>(id);
      const row = rows.find((r) => r.id === id);
      assert.deepEqual(row, { id, name: name(role), state: inspected.State.Status, pid: inspected.State.Pid }, role);
    }
    assert.equal(rows.find((r) => r.id === ids.get('stopped'))?.state, 'exited');
  });

  test('every process of the three-process container is captured, with its pid and start time', () => {
    const id = ids.get('three')!;
    const captured = db.all<{ pid: number; comm: string; start_time: number }>("SELECT pid, comm, start_time FROM processes WHERE container_id = ? AND role = 'container' ORDER BY pid", id);
    const live = processesInCgroup(id);
    assert.deepEqual(captured.map((p) => p.pid), live);
    assert.deepEqual(captured.map((p) => p.comm).sort(), ['sh', 'sleep', 'sleep']);
    for (const p of captured) assert.equal(p.start_time, Number(readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19]));
  });

  test('show --ports --json answers who listens on the httpd port, with pid and container name', async () => {
    const { stdout, code } = await runInProcess(['show', snapshotPath, '--ports', '--json']);
    assert.equal(code, 0);
    const ports = JSON.parse(stdout) as { local_address: string; local_port: number; state: string; pid: number; process: string; container: string }[];
    assertMatchesSchema('ports.schema.json', ports);
    const web = ports.find((p) => p.local_port === port && p.state === 'LISTEN');
    assert.deepEqual(web && { address: web.local_address, pid: web.pid, process: web.process, container: web.container }, {
      address: '127.0.0.1',
      pid: docker.inspect<Inspect>(ids.get('web')!).State.Pid,
      process: 'httpd',
      container: name('web'),
    });
  });

  test("each container's config.v2.json and hostconfig.json are stored with the sha256 of the file on disk", () => {
    for (const id of ids.values()) {
      for (const role of ['config.v2.json', 'hostconfig.json']) {
        const row = db.get<{ sha256: string; path: string }>('SELECT sha256, path FROM files WHERE container_id = ? AND role = ?', id, role);
        const onDisk = createHash('sha256').update(readFileSync(join(docker.info.dataRoot, 'containers', id, role))).digest('hex');
        assert.equal(row?.sha256, onDisk, `${id} ${role}`);
      }
    }
  });

  test("dockerd's fds include each running container's json log, as in the walkthrough", () => {
    const dockerdFds = new Set(db.all<{ target: string }>("SELECT f.target FROM process_fds f JOIN processes p USING (pid) WHERE p.role = 'dockerd'").map((f) => f.target));
    const running = [...ids.entries()].filter(([role]) => role !== 'stopped');
    for (const [role, id] of running) assert.ok(dockerdFds.has(docker.inspect<Inspect>(id).LogPath), `${role}: log held by dockerd`);
  });

  test("the httpd's cgroup lines name its container, and its mountinfo has the overlay root on its mount id", () => {
    const id = ids.get('web')!;
    const pid = docker.inspect<Inspect>(id).State.Pid;
    const cgroups = db.all<{ path: string }>('SELECT path FROM process_cgroups WHERE pid = ?', pid);
    assert.ok(cgroups.length > 0 && cgroups.every((c) => c.path.includes(id)), JSON.stringify(cgroups));
    const root = db.get<{ fs_type: string; super_options: string }>(
      "SELECT m.fs_type, m.super_options FROM mounts m JOIN processes p ON p.mnt_ns = m.mnt_ns WHERE p.pid = ? AND m.mount_point = '/'",
      pid,
    );
    const mountId = db.get<{ mount_id: string }>('SELECT mount_id FROM containers WHERE id = ?', id)?.mount_id;
    assert.equal(root?.fs_type, 'overlay');
    assert.ok(mountId && root?.super_options.includes(`upperdir=${docker.info.dataRoot}/overlay2/${mountId}/diff`), root?.super_options);
  });

  test('the token container keeps API_TOKEN in its config and in its process environ (redaction is for bundles)', () => {
    const id = ids.get('token')!;
    assert.equal(db.get<{ value: string }>("SELECT value FROM container_env WHERE container_id = ? AND name = 'API_TOKEN'", id)?.value, token);
    const pid = docker.inspect<Inspect>(id).State.Pid;
    assert.equal(db.get<{ value: string }>("SELECT value FROM process_environ WHERE pid = ? AND name = 'API_TOKEN'", pid)?.value, token);
  });

  test('show, show --container and query outputs match their schemas', async () => {
    const show = await runInProcess(['show', snapshotPath, '--json']);
    assertMatchesSchema('show.schema.json', JSON.parse(show.stdout));
    const detail = await runInProcess(['show', snapshotPath, '--container', name('bind'), '--json']);
    const parsed = JSON.parse(detail.stdout) as { config: { mounts: { destination: string; source: string; rw: number }[] }; processes: unknown[] };
    assertMatchesSchema('container.schema.json', parsed);
    assert.deepEqual(parsed.config.mounts.map((m) => [m.destination, m.source, m.rw]), [['/data', bindDir, 0]]);
    assert.equal(parsed.processes.length, 1);
    const query = await runInProcess(['query', snapshotPath, 'SELECT count(*) AS n FROM containers WHERE name LIKE ?'.replace('?', `'${prefix}-%'`), '--json']);
    assertMatchesSchema('query.schema.json', JSON.parse(query.stdout));
    assert.deepEqual(JSON.parse(query.stdout), { columns: ['n'], rows: [[12]] });
  });
});

describe('a capture that loses its subjects or its daemon still completes', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  const prefix = uniqueName('vanish');

  after(async () => {
    docker.remove(`${prefix}-a`, `${prefix}-b`);
    await docker.stop();
  });

  test('a container removed while the capture runs does not fail the capture', async () => {
    const first = docker.run(`${prefix}-a`, ['sleep', '1000']);
    const second = docker.run(`${prefix}-b`, ['sleep', '1000']);
    // Processes are read container by container in id order, so the larger id is read after the
    // first progress report: removing it then makes its processes vanish mid-capture.
    const [survivor, doomed] = first < second ? [first, second] : [second, first];
    const doomedName = doomed === first ? `${prefix}-a` : `${prefix}-b`;
    const doomedPid = docker.inspect<Inspect>(doomed).State.Pid;
    let removed = false;
    const path = join(tempDir(), 'vanish.db');
    await capture({
      ...liveOptions(docker),
      output: path,
      onProgress: () => {
        if (removed) return;
        removed = true;
        docker.remove(doomedName);
      },
    });
    assert.ok(removed);
    const db = await openSnapshot(path);
    try {
      assert.ok(db.get('SELECT 1 FROM containers WHERE id = ?', doomed), 'listed before it went');
      const vanished = db.all<{ code: string }>('SELECT code FROM capture_error WHERE subject = ?', `pid ${doomedPid}`);
      assert.ok(vanished.length > 0 && vanished.every((e) => e.code === 'ENOENT'), JSON.stringify(vanished));
      const survivorPid = docker.inspect<Inspect>(survivor).State.Pid;
      assert.ok(db.get("SELECT 1 FROM processes WHERE pid = ? AND role = 'container'", survivorPid));
    } finally {
      db.close();
    }
  });

  test('with nothing listening on the API socket, the snapshot comes from /proc and the Docker root, and says what it missed', async () => {
    const id = docker.run(`${prefix}-b2`, ['sleep', '1000']);
    const path = join(tempDir(), 'no-api.db');
    const nowhere = join(tempDir(), 'nothing.sock');
    await capture({ ...liveOptions(docker), dockerHost: `unix://${nowhere}`, dockerRoot: docker.info.dataRoot, execRoot: docker.info.execRoot, output: path });
    docker.remove(`${prefix}-b2`);
    const db = await openSnapshot(path);
    try {
      const apiErrors = db.all<{ path: string; code: string }>("SELECT path, code FROM capture_error WHERE phase = 'api'");
      assert.deepEqual(apiErrors[0], { path: '/version', code: 'ENOENT' });
      assert.equal(db.get<{ source: string }>('SELECT source FROM containers WHERE id = ?', id)?.source, 'docker-root');
      assert.ok((db.get<{ n: number }>("SELECT count(*) AS n FROM processes WHERE container_id = ? AND role = 'container'", id)?.n ?? 0) >= 1);
      assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM api_responses')?.n, 0);
    } finally {
      db.close();
    }
  });
});

function liveOptions(docker: Engine): Omit<CaptureFileOptions, 'output'> {
  return { offline: false, force: false, dockerHost: docker.info.host, logTailBytes: 65536, apiTimeoutMs: 5000 };
}

/** Pids whose cgroup names the container, read straight from /proc: the truth the snapshot must match. */
function processesInCgroup(id: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirNumeric('/proc')) {
    try {
      if (readFileSync(`/proc/${entry}/cgroup`, 'utf8').includes(id)) pids.push(entry);
    } catch {
      // exited
    }
  }
  return pids.sort((a, b) => a - b);
}

function readdirNumeric(dir: string): number[] {
  return readdirSync(dir).filter((n) => /^\d+$/.test(n)).map(Number);
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
