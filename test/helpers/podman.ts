/**
 * A private rootful Podman for tests: its own graph root, runroot, tmpdir, config and storage
 * configuration in a temporary directory (never /var/lib/containers or /etc/containers), cgroupfs,
 * file events, no network but none or host. The image comes from `podman import` of the
 * busybox-static tar; nothing is pulled. Teardown kills, by pid, every conmon and container
 * process of this root and the API service, then unmounts and removes the directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImageTar } from './busybox-image.js';
import { killAndWait, pidsByCmdlineOrCgroup, unmountUnder } from './own-processes.js';

export { unmountUnder };

export const PODMAN_IMAGE = 'localhost/docksnap-test/busybox:latest';
/** This machine forbids raising rlimits; Podman's defaults would make runc fail. */
const ULIMITS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];

export class PrivatePodman {
  readonly dir: string;
  readonly root: string;
  readonly runRoot: string;
  readonly socket: string;
  private service: number | undefined;

  constructor(dir: string) {
    this.dir = dir;
    this.root = join(dir, 'root');
    this.runRoot = join(dir, 'runroot');
    this.socket = join(dir, 'podman.sock');
  }

  get host(): string {
    return `unix://${this.socket}`;
  }

  private globalFlags(): string[] {
    return ['--root', this.root, '--runroot', this.runRoot, '--tmpdir', join(this.dir, 'tmp'), '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'];
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, CONTAINERS_CONF: join(this.dir, 'containers.conf'), CONTAINERS_STORAGE_CONF: join(this.dir, 'storage.conf'), XDG_CONFIG_HOME: join(this.dir, 'config') };
  }

  /** Runs podman against this root; returns trimmed stdout. `anyStatus`: a foreground run exits with its container's code. @throws Error with podman's stderr */
  podman(args: readonly string[], input?: Buffer, anyStatus = false): string {
    const result = spawnSync('podman', [...this.globalFlags(), ...args], { input, encoding: 'utf8', env: this.env(), timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status !== 0 && !anyStatus) throw new Error(`podman ${args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`);
    return result.stdout.trim();
  }

  /** Runs (or only creates) a container of the test image; returns its full id. */
  run(name: string, command: readonly string[], options: { network?: 'none' | 'host'; flags?: readonly string[]; createOnly?: boolean; detach?: boolean } = {}): string {
    const verb = options.createOnly ? ['create'] : options.detach === false ? ['run'] : ['run', '-d'];
    const out = this.podman([...verb, '--name', name, '--network', options.network ?? 'none', ...ULIMITS, ...(options.flags ?? []), PODMAN_IMAGE, ...command], undefined, options.detach === false);
    return options.detach === false && !options.createOnly ? this.podman(['inspect', '--format', '{{.Id}}', name]) : out.split('\n').pop()!;
  }

  /** Starts `podman system service` on this root's socket; resolves once it answers. */
  async startService(): Promise<number> {
    const log = openSync(join(this.dir, 'service.log'), 'a');
    const child = spawn('podman', [...this.globalFlags(), 'system', 'service', '--time', '0', this.host], { detached: true, stdio: ['ignore', log, log], env: this.env() });
    closeSync(log);
    child.unref();
    this.service = child.pid;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (existsSync(this.socket) && spawnSync('curl', ['-sf', '--unix-socket', this.socket, 'http://d/version'], { stdio: 'ignore' }).status === 0) return child.pid ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`podman system service did not answer on ${this.socket}: ${readFileSync(join(this.dir, 'service.log'), 'utf8').slice(-300)}`);
  }

  /** Stops the API service by pid (the engine's containers keep running: Podman has no daemon). */
  async stopService(): Promise<void> {
    if (this.service === undefined) return;
    await killAndWait(this.service, 'SIGTERM');
    this.service = undefined;
    rmSync(this.socket, { force: true });
  }

  /** Stops everything of this root, bounded, even when podman itself hangs; removes the directory. */
  async stop(): Promise<void> {
    await this.stopService();
    spawnSync('podman', [...this.globalFlags(), 'rm', '-af', '-t', '0'], { stdio: 'ignore', env: this.env(), timeout: 60_000 });
    for (const pid of pidsOf(this.root)) await killAndWait(pid, 'SIGTERM');
    spawnSync('podman', [...this.globalFlags(), 'system', 'reset', '-f'], { stdio: 'ignore', env: this.env(), timeout: 60_000 });
    unmountUnder(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A private Podman with the test image imported.
 * @throws Error when podman is missing or the import fails (the directory is removed first)
 */
export async function startPodman(): Promise<PrivatePodman> {
  if (spawnSync('sh', ['-c', 'command -v podman && command -v conmon'], { stdio: 'ignore' }).status !== 0) throw new Error('podman and conmon are needed (Debian: apt-get install podman)');
  const podman = new PrivatePodman(mkdtempSync(join(tmpdir(), 'dsk-podman-')));
  // The overlay driver works on this kernel as root; storage.conf pins it so the host's never applies.
  writeFileSync(join(podman.dir, 'storage.conf'), `[storage]\ndriver = "overlay"\ngraphroot = "${podman.root}"\nrunroot = "${podman.runRoot}"\n`);
  writeFileSync(join(podman.dir, 'containers.conf'), '[engine]\nevents_logger = "file"\ncgroup_manager = "cgroupfs"\n');
  try {
    const tar = join(podman.dir, 'busybox.tar');
    writeFileSync(tar, await buildBusyboxImageTar());
    podman.podman(['import', tar, PODMAN_IMAGE]);
    rmSync(tar);
  } catch (error) {
    await podman.stop();
    throw error;
  }
  return podman;
}

/** Pids whose command line or cgroup names this root's containers (conmon, runtime, container processes). */
function pidsOf(root: string): number[] {
  let ids: string[] = [];
  try {
    ids = readdirSync(join(root, 'overlay-containers')).filter((id) => /^[0-9a-f]{64}$/.test(id));
  } catch {
    // no containers
  }
  return pidsByCmdlineOrCgroup((cmdline, cgroup) => cmdline.includes(root) || ids.some((id) => cgroup.includes(`libpod-${id}`) || cmdline.includes(id)));
}
