/**
 * A private rootful Podman (overlay storage, libpod bolt state, cgroupfs, conmon + runc): running,
 * stopped and never-started containers, one listening on 127.0.0.1 with the host network. The
 * capture is checked against what Podman itself says (podman inspect, podman version) and the
 * files on disk: with the API service up, with it stopped, and offline once everything is gone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capture, type CaptureFileOptions } from '../../src/capture.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { startPodman, type PrivatePodman } from '../helpers/podman.js';
import { tempDir } from '../helpers/tmp.js';
import { readTar } from '../helpers/tar.js';
import { convertBoltToSqlite } from '../helpers/podman-sqlite.js';
import { execFileSync } from 'node:child_process';
import { OPT_OUT_ENV } from '../helpers/engine.js';

interface Inspect {
  Id: string;
  Name: string;
  State: { Status: string; Pid: number; ConmonPid: number; ExitCode: number };
}

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private engines disabled by ${OPT_OUT_ENV}=1` : false;

describe('a private Podman captured live (API up, API down) and offline', { skip }, () => {
  let podman: PrivatePodman;
  const dir = tempDir();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const inspects = new Map<string, Inspect>();
  let servicePid = 0;
  let withApi: string;
  let withoutApi: string;
  let offline: string;

  const show = async (args: string[]) => {
    const result = await runInProcess(['show', ...args, '--json']);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  before(async () => {
    podman = await startPodman();
    podman.run('web', ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'], { network: 'host' });
    podman.run('sleeper', ['sleep', '1000'], { flags: ['-e', 'FOO=bar', '-l', 'team=forensics'] });
    podman.run('never', ['true'], { createOnly: true });
    podman.run('done', ['sh', '-c', 'echo hello from done; exit 3'], { detach: false });
    for (const name of ['web', 'sleeper', 'never', 'done']) inspects.set(name, (JSON.parse(podman.podman(['inspect', name])) as Inspect[])[0]!);
    servicePid = await podman.startService();
    withApi = join(dir, 'with-api.db');
    await capture({ ...live(podman), podmanHost: podman.host, output: withApi });
    await podman.stopService();
    withoutApi = join(dir, 'without-api.db');
    await capture({ ...live(podman), output: withoutApi });
  });

  after(async () => {
    await podman?.stop();
  });

  test('the engine is recorded with its version, roots, API, driver and state database', async () => {
    const report = await show([withApi]);
    assertMatchesSchema('show.schema.json', report);
    const version = podman.podman(['version', '--format', '{{.Client.Version}}']);
    assert.deepEqual(report['engines'], [{
      id: `podman:${podman.root}`, kind: 'podman', version, data_root: podman.root, run_root: podman.runRoot, endpoint: podman.host,
      api_answered: true, pid: servicePid, storage_driver: 'overlay', state_db: 'bolt', container_count: 4,
    }]);
  });

  for (const [label, snapshot] of [['with the API', () => withApi], ['with the API service stopped', () => withoutApi]] as const) {
    test(`${label}: every container with Podman's state, pid and exit code, attributed to the engine`, async () => {
      const report = await show([snapshot()]);
      const containers = (report['containers'] as { id: string; name: string; state: string; pid: number | null; engine: string }[]).map((c) => [c.name, c.id, c.state, c.pid || 0, c.engine]);
      const expected = [...inspects.values()].map((i) => [i.Name, i.Id, i.State.Status === 'configured' ? 'created' : i.State.Status, i.State.Pid, `podman:${podman.root}`]);
      assert.deepEqual(containers.sort(), expected.sort());
    });

    test(`${label}: each running container's processes and its conmon, by pid`, async () => {
      const report = await show([snapshot()]);
      for (const name of ['web', 'sleeper']) {
        const inspect = inspects.get(name)!;
        const detail = await show([snapshot(), '--container', name]);
        assertMatchesSchema('container.schema.json', detail);
        assert.deepEqual((detail['processes'] as { pid: number }[]).map((p) => p.pid), [inspect.State.Pid]);
        assert.deepEqual(detail['monitors'], [{ pid: inspect.State.ConmonPid, role: 'conmon', comm: 'conmon', argv: cmdline(inspect.State.ConmonPid) }]);
      }
      const roles = (report['daemon_processes'] as { role: string; engine_id: string }[]).map((p) => p.role).sort();
      assert.deepEqual(roles, label === 'with the API' ? ['conmon', 'conmon', 'podman-service'] : ['conmon', 'conmon']);
    });
  }

  test('show --ports ties the listening port to httpd and to the web container', async () => {
    const result = await runInProcess(['show', withoutApi, '--ports', '--json']);
    const ports = JSON.parse(result.stdout) as { local_port: number; state: string; pid: number; container: string; container_id: string }[];
    const listener = ports.find((p) => p.local_port === port && p.state === 'LISTEN');
    assert.deepEqual(listener && [listener.pid, listener.container, listener.container_id], [inspects.get('web')!.State.Pid, 'web', inspects.get('web')!.Id]);
  });

  test('show --container: config, env, labels, the userdata files verbatim, layers and the k8s-file log', async () => {
    const sleeper = await show([withoutApi, '--container', 'sleeper']);
    const config = sleeper['config'] as { env: { name: string; value: string }[]; labels: Record<string, string> };
    assert.equal(config.env.find((e) => e.name === 'FOO')?.value, 'bar');
    assert.deepEqual(config.labels, { team: 'forensics' });
    const id = inspects.get('sleeper')!.Id;
    const files = new Map((sleeper['files'] as { role: string; path: string; sha256: string }[]).map((f) => [f.role, f]));
    assert.deepEqual([...files.keys()].sort(), ['conmon.pid', 'hostname', 'hosts', 'libpod-config.json', 'libpod-state.json', 'oci-config.json', 'pidfile']);
    const spec = join(podman.root, 'overlay-containers', id, 'userdata', 'config.json');
    assert.deepEqual([files.get('oci-config.json')?.path, files.get('oci-config.json')?.sha256], [spec, sha256(readFileSync(spec))]);
    const conmonPid = join(podman.runRoot, 'overlay-containers', id, 'userdata', 'conmon.pid');
    assert.equal(files.get('conmon.pid')?.sha256, sha256(readFileSync(conmonPid)));
    const layers = sleeper['layers'] as { role: string; layer_id: string; diff_path: string }[];
    const upper = podman.podman(['inspect', '--format', '{{.GraphDriver.Data.UpperDir}}', 'sleeper']);
    assert.equal(layers[0]?.diff_path, upper);
    assert.deepEqual(layers.map((l) => l.role), ['rw', 'image']);
    const done = await show([withoutApi, '--container', 'done']);
    const log = done['log'] as { tail: string; path: string };
    assert.match(log.tail, / stdout F hello from done\n$/);
    assert.equal((done['container'] as { exit_code: number }).exit_code, inspects.get('done')!.State.ExitCode);
  });

  test('a bundle of the capture names each container\'s engine in its summary and its snapshot', async () => {
    const bundle = join(dir, 'podman.tar.gz');
    const exported = await runInProcess(['export', withoutApi, '-o', bundle], { XDG_CONFIG_HOME: join(dir, 'config') });
    assert.equal(exported.code, 0, exported.stderr);
    const summary = (await readTar(readFileSync(bundle))).get('summary.md')?.toString() ?? '';
    assert.match(summary, /\| Name \| ID \| State \| Image \| PID \| Engine \|/);
    const rows = summary.split('\n').filter((line) => / \| podman:/.test(line));
    assert.equal(rows.length, 4);
    const report = await show([bundle]);
    assert.deepEqual((report['engines'] as { kind: string }[]).map((e) => e.kind), ['podman']);
  });

  test('offline, once the containers are stopped and Podman is gone: the same containers with the same files', async () => {
    podman.podman(['stop', '-a', '-t', '0']);
    offline = join(dir, 'offline.db');
    const summary = await capture({ offline: true, podmanRoot: podman.root, force: false, logTailBytes: 65536, apiTimeoutMs: 5000, output: offline });
    assert.equal(summary.containers, 4);
    const names = (report: Record<string, unknown>) => (report['containers'] as { id: string; name: string }[]).map((c) => `${c.name} ${c.id}`).sort();
    assert.deepEqual(names(await show([offline])), names(await show([withoutApi])));
    for (const name of ['web', 'sleeper', 'never', 'done']) {
      const rootFiles = async (snapshot: string) =>
        ((await show([snapshot, '--container', name]))['files'] as { role: string; path: string; sha256: string }[])
          .filter((f) => f.path.startsWith(podman.root) && f.role !== 'libpod-state.json')
          .map((f) => `${f.role} ${f.sha256}`);
      assert.deepEqual(await rootFiles(offline), await rootFiles(withoutApi), name);
    }
    // The same storage given as --docker-root is recognised as Podman's from its files.
    const detected = join(dir, 'detected.db');
    const cli = await runInProcess(['capture', '--offline', '--docker-root', podman.root, '-o', detected, '-q']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(names(await show([detected])), names(await show([offline])));
  });

  test('offline, the SQLite-era state (libpod/db.sql in Podman\'s own schema) gives the same containers, states and exit codes', async () => {
    const copy = join(dir, 'sqlite-root');
    execFileSync('cp', ['-a', podman.root, copy]);
    convertBoltToSqlite(copy);
    const snapshot = join(dir, 'sqlite.db');
    await capture({ offline: true, podmanRoot: copy, force: false, logTailBytes: 65536, apiTimeoutMs: 5000, output: snapshot });
    const report = await show([snapshot]);
    assert.equal((report['engines'] as { state_db: string }[])[0]?.state_db, 'sqlite');
    const rows = (snapshot: string) => (async () => {
      const r = await show([snapshot]);
      return (r['containers'] as { id: string; name: string; state: string }[]).map((c) => `${c.name} ${c.id} ${c.state}`).sort();
    })();
    assert.deepEqual(await rows(snapshot), await rows(offline));
    const done = await show([snapshot, '--container', 'done']);
    assert.equal((done['container'] as { exit_code: number }).exit_code, inspects.get('done')!.State.ExitCode);
    const config = (done['files'] as { role: string; path: string }[]).find((f) => f.role === 'libpod-config.json');
    assert.equal(config?.path, `${copy}/libpod/db.sql#ContainerConfig/${inspects.get('done')!.Id}`);
  });
});

function live(podman: PrivatePodman): Omit<CaptureFileOptions, 'output'> {
  return { offline: false, force: false, podmanRoot: podman.root, podmanRunroot: podman.runRoot, logTailBytes: 65536, apiTimeoutMs: 5000 };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function cmdline(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
}
