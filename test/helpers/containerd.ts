/**
 * A private containerd for tests: its own --root, --state and --address in a temporary directory
 * (never /var/lib/containerd or /run/containerd), the CRI plugin disabled, the busybox image
 * imported as an OCI archive with `ctr images import` into each namespace asked for; nothing is
 * pulled. Containers run with `ctr run -d`, host network or none. Teardown kills, by pid, every
 * container process, shim and the daemon, then unmounts and removes the directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImageTar } from './busybox-image.js';
import { buildOciArchive } from './oci-archive.js';
import { isAlive, killAndWait, pidsByCmdlineOrCgroup, unmountUnder } from './own-processes.js';

export const CONTAINERD_IMAGE = 'docker.io/docksnap-test/busybox:latest';

export class PrivateContainerd {
  readonly dir: string;
  readonly root: string;
  readonly state: string;
  readonly socket: string;
  pid: number | undefined;

  constructor(dir: string) {
    this.dir = dir;
    this.root = join(dir, 'root');
    this.state = join(dir, 'state');
    this.socket = join(dir, 'containerd.sock');
  }

  /** Runs ctr against this daemon; returns trimmed stdout. @throws Error with ctr's stderr */
  ctr(namespace: string, args: readonly string[]): string {
    const result = spawnSync('ctr', ['--address', this.socket, '--namespace', namespace, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`ctr ${args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`);
    return result.stdout.trim();
  }

  /** Starts a detached container of the test image (`ctr run -d`), with labels; host network when asked. */
  run(namespace: string, id: string, command: readonly string[], options: { labels?: Record<string, string>; hostNetwork?: boolean } = {}): void {
    const labels = Object.entries(options.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    // runc's state and the IO fifos stay in the directory (ctr's defaults are under /run/containerd).
    const private_ = ['--runc-root', join(this.dir, 'runc'), '--fifo-dir', join(this.dir, 'fifo')];
    this.ctr(namespace, ['run', '-d', ...private_, ...labels, ...(options.hostNetwork ? ['--net-host'] : []), CONTAINERD_IMAGE, id, ...command]);
  }

  /** Stops a container's task (SIGKILL) and deletes the task: the container remains, stopped. */
  async stopTask(namespace: string, id: string): Promise<void> {
    const pid = Number(this.ctr(namespace, ['task', 'ls']).split('\n').find((l) => l.split(/\s+/)[0] === id)?.split(/\s+/)[1]);
    this.ctr(namespace, ['task', 'kill', '-s', 'SIGKILL', id]);
    const deadline = Date.now() + 20_000;
    while (Number.isInteger(pid) && pid > 0 && isAlive(pid) && Date.now() < deadline) await sleep(100);
    for (let attempt = 0; ; attempt++) {
      try {
        this.ctr(namespace, ['task', 'delete', id]);
        return;
      } catch (error) {
        if (attempt > 50) throw error;
        await sleep(200);
      }
    }
  }

  /** Removes a container and its task. */
  async remove(namespace: string, id: string): Promise<void> {
    if (this.ctr(namespace, ['task', 'ls']).split('\n').some((l) => l.split(/\s+/)[0] === id)) await this.stopTask(namespace, id);
    this.ctr(namespace, ['containers', 'delete', id]);
  }

  /** Stops the daemon by pid; shims and containers keep running, as on a host whose containerd died. */
  async stopDaemon(): Promise<void> {
    if (this.pid !== undefined) await killAndWait(this.pid);
    this.pid = undefined;
  }

  /** Kills every process of this instance by pid (containers, shims, daemon), unmounts and removes the directory. */
  async stop(): Promise<void> {
    // containerd 1.6 puts shim sockets in /run/containerd/s whatever --state says: a killed shim leaves its socket there.
    const sockets = shimSockets(this.state);
    for (const pid of pidsOf(this.dir)) await killAndWait(pid);
    for (const socket of sockets) rmSync(socket, { force: true });
    await this.stopDaemon();
    unmountUnder(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A private containerd with the test image imported into each of `namespaces`.
 * @throws Error when containerd or ctr is missing, or the daemon does not answer (the directory is removed first)
 */
export async function startContainerd(namespaces: readonly string[]): Promise<PrivateContainerd> {
  if (spawnSync('sh', ['-c', 'command -v containerd && command -v ctr && command -v containerd-shim-runc-v2'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('containerd, ctr and containerd-shim-runc-v2 are needed (Debian: apt-get install containerd)');
  }
  const c = new PrivateContainerd(mkdtempSync(join(tmpdir(), 'dsk-containerd-')));
  try {
    const config = join(c.dir, 'config.toml');
    writeFileSync(config, 'version = 2\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n[grpc]\n  address = ""\n');
    const log = openSync(join(c.dir, 'containerd.log'), 'a');
    const child = spawn('containerd', ['--config', config, '--root', c.root, '--state', c.state, '--address', c.socket], { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    child.unref();
    c.pid = child.pid;
    const deadline = Date.now() + 30_000;
    while (!(existsSync(c.socket) && spawnSync('ctr', ['--address', c.socket, 'version'], { stdio: 'ignore' }).status === 0)) {
      if (Date.now() > deadline) throw new Error(`containerd did not answer on ${c.socket}: ${readFileSync(join(c.dir, 'containerd.log'), 'utf8').slice(-400)}`);
      await sleep(200);
    }
    const archive = join(c.dir, 'busybox-oci.tar');
    writeFileSync(archive, await buildOciArchive(await buildBusyboxImageTar(), CONTAINERD_IMAGE));
    for (const namespace of namespaces) c.ctr(namespace, ['images', 'import', archive]);
    rmSync(archive);
  } catch (error) {
    await c.stop();
    throw error;
  }
  return c;
}

/** Pids of this instance: its daemon and shims (a containerd* program naming the directory), and processes in its tasks' cgroups. */
function pidsOf(dir: string): number[] {
  const tasks = join(dir, 'state', 'io.containerd.runtime.v2.task');
  const cgroups: string[] = [];
  for (const ns of safeList(tasks)) for (const id of safeList(join(tasks, ns))) cgroups.push(`/${ns}/${id}\n`);
  return pidsByCmdlineOrCgroup((cmdline, cgroup) => {
    const program = (cmdline.split('\0')[0] ?? '').split('/').pop() ?? '';
    return (program.startsWith('containerd') && cmdline.includes(dir)) || cgroups.some((c) => cgroup.includes(c));
  });
}

/** The shim socket of each task of this instance (the task directory's address file). */
function shimSockets(state: string): string[] {
  const tasks = join(state, 'io.containerd.runtime.v2.task');
  const sockets: string[] = [];
  for (const ns of safeList(tasks)) {
    for (const id of safeList(join(tasks, ns))) {
      try {
        const address = readFileSync(join(tasks, ns, id, 'address'), 'utf8').trim();
        if (/^unix:\/\/\/run\/containerd\/s\/[0-9a-f]{64}$/.test(address)) sockets.push(address.slice('unix://'.length));
      } catch {
        // no address
      }
    }
  }
  return sockets;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
