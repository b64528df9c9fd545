/**
 * A private rootless Docker for tests: Docker's own dockerd-rootless.sh, run as `nobody` under
 * rootlesskit (user, mount namespaces; --net=host, so no slirp4netns and no bridge), with its home
 * and XDG_RUNTIME_DIR in a temporary directory. dockerd gets no path flags: where it keeps things
 * is rootless Docker's default, from that environment. Needs rootlesskit (Debian package) and a
 * subordinate id range for nobody in /etc/subuid and /etc/subgid (.ci/run sets both up).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImageTar } from './busybox-image.js';
import { Engine, isAlive, stopEngine, TEST_IMAGE, waitForDaemon, type EngineInfo } from './engine.js';

export const ROOTLESS_SCRIPT = '/usr/share/docker.io/contrib/dockerd-rootless.sh';
export const NOBODY = 65534;

export interface RootlessEngineInfo extends EngineInfo {
  readonly home: string;
  readonly runtimeDir: string;
  /** The rootlesskit process started (pid is the dockerd's, from its pidfile). */
  readonly rootlesskitPid: number;
}

/** Why a rootless engine cannot start here, or undefined when it can. */
export function rootlessUnavailable(): string | undefined {
  if (!existsSync(ROOTLESS_SCRIPT)) return `${ROOTLESS_SCRIPT} (docker.io) is missing`;
  if (spawnSync('sh', ['-c', 'command -v rootlesskit && command -v newuidmap'], { stdio: 'ignore' }).status !== 0) return 'rootlesskit or newuidmap (packages rootlesskit, uidmap) is missing';
  for (const file of ['/etc/subuid', '/etc/subgid']) {
    if (!subordinateRange(file)) return `${file} gives nobody no subordinate id range`;
  }
  if (process.getuid?.() !== 0) return 'starting it as nobody needs root';
  return undefined;
}

/** nobody's line of /etc/subuid or /etc/subgid: [first host id, count]. */
export function subordinateRange(file: string): [number, number] | undefined {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const line = text.split('\n').find((l) => l.startsWith('nobody:') || l.startsWith(`${NOBODY}:`));
  const [, start, count] = line?.split(':') ?? [];
  return start && count ? [Number(start), Number(count)] : undefined;
}

/** @throws Error when the daemon does not come up (its log's last lines) */
export async function startRootlessEngine(): Promise<RootlessEngineInfo> {
  const dir = mkdtempSync(join(tmpdir(), 'dsk-rootless-'));
  chmodSync(dir, 0o755);
  const home = join(dir, 'home');
  const runtimeDir = join(dir, 'run');
  for (const owned of [home, runtimeDir]) {
    mkdirSync(owned, { mode: 0o700 });
    chownSync(owned, NOBODY, NOBODY);
  }
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn(ROOTLESS_SCRIPT, ['--bridge=none', '--iptables=false', '--ip6tables=false', '--ip-masq=false'], {
    uid: NOBODY,
    gid: NOBODY,
    cwd: home,
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: home,
      XDG_RUNTIME_DIR: runtimeDir,
      DOCKERD_ROOTLESS_ROOTLESSKIT_NET: 'host',
      DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER: 'none',
    },
  });
  closeSync(log);
  child.unref();
  const info: RootlessEngineInfo = {
    dir,
    home,
    runtimeDir,
    socket: join(runtimeDir, 'docker.sock'),
    host: `unix://${join(runtimeDir, 'docker.sock')}`,
    dataRoot: join(home, '.local/share/docker'),
    execRoot: join(runtimeDir, 'docker'),
    pidfile: join(runtimeDir, 'docker.pid'),
    pid: 0,
    rootlesskitPid: child.pid ?? 0,
  };
  try {
    await waitForDaemon(info, child);
    const started = { ...info, pid: Number(readFileSync(info.pidfile, 'utf8').trim()) };
    new Engine(started, true).docker(['import', '-', TEST_IMAGE], await buildBusyboxImageTar());
    return started;
  } catch (error) {
    await stopRootlessEngine(info);
    throw error;
  }
}

/** Stops the dockerd (and its containers) as stopEngine does, then rootlesskit if it is still there. */
export async function stopRootlessEngine(info: RootlessEngineInfo): Promise<void> {
  // Without the dockerd's pid, rootlesskit passes the signal down to it.
  if (info.pid === 0 && info.rootlesskitPid > 0 && isAlive(info.rootlesskitPid)) process.kill(info.rootlesskitPid, 'SIGTERM');
  await stopEngine(info);
  if (info.rootlesskitPid > 0 && isAlive(info.rootlesskitPid)) process.kill(info.rootlesskitPid, 'SIGKILL');
}
