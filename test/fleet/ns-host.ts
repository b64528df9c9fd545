/**
 * A "host" on this machine for the fleet test: new pid, mount, UTS, IPC and network namespaces
 * (unshare), with its own /proc, a private tmpfs on /tmp and /run, its own hostname, and — when
 * asked — its own dockerd (vfs storage on that /tmp, socket /run/fleet/docker.sock, no bridge, no
 * iptables). Nothing it mounts is seen outside it; the controller reaches its files through
 * /proc/<pid>/root, and Ansible reaches it through the nsenter connection (connection_plugins/).
 * Stopped by pid: its containers are removed through its dockerd, dockerd is stopped, then the
 * namespace's init is killed, which ends every process left in it and drops its mounts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImageTar } from '../helpers/busybox-image.js';
import { Engine, isAlive, TEST_IMAGE } from '../helpers/engine.js';

const CHECKOUT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

/** The socket of a host's dockerd, inside the host. */
export const HOST_DOCKER_SOCKET = '/run/fleet/docker.sock';

const INIT = `
set -e
hostname "$1"
ip link set lo up
# The checkout (docksnap, its node_modules) stays visible when it lies under /tmp or /run: it is
# bound aside before the private tmpfs hides it, then bound back at its own path.
case "$3" in /tmp/*|/run/*) mount --bind "$3" /mnt ;; esac
mount -t tmpfs -o mode=1777 fleet-tmp /tmp
mount -t tmpfs -o mode=0755 fleet-run /run
case "$3" in /tmp/*|/run/*) mkdir -p "$3" && mount --bind /mnt "$3" ;; esac
mkdir -p /run/fleet
if [ "$2" = docker ]; then
  dockerd --bridge=none --iptables=false --ip6tables=false --ip-masq=false --storage-driver=vfs \\
    -H unix://${HOST_DOCKER_SOCKET} --data-root /tmp/docker --exec-root /run/fleet/exec \\
    --pidfile /run/fleet/docker.pid >/run/fleet/dockerd.log 2>&1 &
fi
exec sleep infinity
`;

export class NamespaceHost {
  /** The docker CLI against this host's dockerd (from outside, through /proc/<pid>/root). */
  readonly engine: Engine | null;

  private constructor(
    readonly name: string,
    private readonly unshare: ChildProcess,
    /** The namespace's init, as this machine numbers it: the inventory's ansible_host. */
    readonly pid: number,
    private readonly clientDir: string,
    docker: boolean,
  ) {
    const socket = `/proc/${pid}/root${HOST_DOCKER_SOCKET}`;
    this.engine = docker ? new Engine({ dir: clientDir, socket, host: `unix://${socket}`, dataRoot: '', execRoot: '', pidfile: '', pid: 0 }, false) : null;
  }

  /**
   * Starts the host; with `docker`, waits for its dockerd and loads `image` into it (a `docker save`
   * archive: every host then holds the same image id, as hosts pulling one image do), or, without
   * one, imports the test image.
   */
  static async start(name: string, docker: boolean, image?: Buffer): Promise<NamespaceHost> {
    const unshare = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--mount', '--uts', '--ipc', '--net', '--propagation', 'private', '--', '/bin/sh', '-c', INIT, 'init', name, docker ? 'docker' : 'none', CHECKOUT], {
      stdio: 'ignore',
      cwd: '/',
    });
    const pid = await childOf(unshare.pid ?? 0);
    const host = new NamespaceHost(name, unshare, pid, mkdtempSync(join(tmpdir(), 'dsk-fleet-client-')), docker);
    try {
      if (host.engine) {
        await waitFor(() => existsSync(host.engine!.info.socket) && spawnSync('docker', ['-H', host.engine!.info.host, 'version'], { stdio: 'ignore' }).status === 0, 90_000, `dockerd of ${name}: ${host.log()}`);
        if (image) host.engine.docker(['load'], image);
        else host.engine.docker(['import', '-', TEST_IMAGE], await buildBusyboxImageTar());
      } else {
        await waitFor(() => spawnSync('nsenter', ['--target', String(pid), '--mount', 'test', '-d', '/run/fleet']).status === 0, 30_000, `host ${name}`);
      }
    } catch (error) {
      await host.stop();
      throw error;
    }
    return host;
  }

  /** `docker save` of the test image, to load into the other hosts. */
  saveImage(): Buffer {
    const saved = spawnSync('docker', ['-H', this.engine!.info.host, 'save', TEST_IMAGE], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    if (saved.status !== 0) throw new Error(`docker save: ${saved.stderr?.toString().trim()}`);
    return saved.stdout;
  }

  /** Runs a command inside the host. */
  inside(command: readonly string[]): { status: number | null; stdout: string } {
    const result = spawnSync('nsenter', ['--target', String(this.pid), '--mount', '--uts', '--ipc', '--net', '--pid', '--', ...command], { encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout ?? '' };
  }

  log(): string {
    try {
      return readFileSync(`/proc/${this.pid}/root/run/fleet/dockerd.log`, 'utf8').trim().split('\n').slice(-3).join(' | ');
    } catch {
      return '(no log)';
    }
  }

  /** Removes the containers, stops dockerd, then kills the namespace's init (and so all in it). */
  async stop(): Promise<void> {
    if (isAlive(this.pid) && this.engine) {
      const ids = spawnSync('docker', ['-H', this.engine.info.host, 'ps', '-aq'], { encoding: 'utf8', timeout: 30_000 }).stdout?.trim().split('\n').filter(Boolean) ?? [];
      if (ids.length > 0) spawnSync('docker', ['-H', this.engine.info.host, 'rm', '-f', ...ids], { stdio: 'ignore', timeout: 60_000 });
      this.inside(['sh', '-c', 'kill -TERM "$(cat /run/fleet/docker.pid)"']);
      await waitFor(() => this.inside(['sh', '-c', 'kill -0 "$(cat /run/fleet/docker.pid)"']).status !== 0, 30_000, 'dockerd exit').catch(() => undefined);
    }
    for (const pid of [this.pid, this.unshare.pid ?? 0]) {
      try {
        if (pid > 0) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitFor(() => !isAlive(this.pid), 30_000, `init of ${this.name}`).catch(() => undefined);
    rmSync(this.clientDir, { recursive: true, force: true });
  }
}

/** The first child of `parent` (unshare --fork's child: the namespace's init). */
async function childOf(parent: number): Promise<number> {
  let child = 0;
  await waitFor(() => {
    try {
      child = Number(readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(' ')[0] || 0);
    } catch {
      child = 0;
    }
    return child > 0;
  }, 10_000, `the child of unshare ${parent}`);
  return child;
}

async function waitFor(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
