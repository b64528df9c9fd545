/**
 * Rootless Docker: a dockerd started by dockerd-rootless.sh under rootlesskit, in a user
 * namespace of its own. dockerd knows it runs rootless from ROOTLESSKIT_STATE_DIR in its
 * environment, and then takes its defaults from the user's directories (moby
 * cmd/dockerd/config_unix.go): data root $XDG_DATA_HOME/docker (else ~/.local/share/docker),
 * exec root $XDG_RUNTIME_DIR/docker, socket $XDG_RUNTIME_DIR/docker.sock, daemon.json under
 * $XDG_CONFIG_HOME/docker (else ~/.config/docker). The processes above it are rootlesskit and
 * its child (rootlesskit re-executed as /proc/self/exe inside the namespace).
 */
import { join } from 'node:path';
import type { ProcessIdentity } from '../proc/scan.js';
import { readProcBytes } from '../proc/read-file.js';
import { parseEnviron } from '../proc/environ.js';

/** Where a dockerd keeps things when its command line does not say. */
export interface DockerdDefaults {
  readonly dockerHost: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly pidfile: string;
  readonly configFile: string;
  /** The rootlesskit state directory when the dockerd runs under rootlesskit; null for a rootful one. */
  readonly rootlesskitStateDir: string | null;
}

export const ROOTFUL_DEFAULTS: DockerdDefaults = {
  dockerHost: 'unix:///var/run/docker.sock',
  dataRoot: '/var/lib/docker',
  execRoot: '/var/run/docker',
  pidfile: '/var/run/docker.pid',
  configFile: '/etc/docker/daemon.json',
  rootlesskitStateDir: null,
};

/** The defaults of a dockerd with this environment: rootless ones under rootlesskit (when its user's directories are known), else rootful. */
export function dockerdDefaults(environment: ReadonlyMap<string, string>): DockerdDefaults {
  const stateDir = environment.get('ROOTLESSKIT_STATE_DIR');
  const home = environment.get('HOME');
  const runtimeDir = environment.get('XDG_RUNTIME_DIR');
  const dataHome = environment.get('XDG_DATA_HOME') || (home ? join(home, '.local/share') : undefined);
  const configHome = environment.get('XDG_CONFIG_HOME') || (home ? join(home, '.config') : undefined);
  if (!stateDir || !runtimeDir || !dataHome || !configHome) return ROOTFUL_DEFAULTS;
  return {
    dockerHost: `unix://${join(runtimeDir, 'docker.sock')}`,
    dataRoot: join(dataHome, 'docker'),
    execRoot: join(runtimeDir, 'docker'),
    pidfile: join(runtimeDir, 'docker.pid'),
    configFile: join(configHome, 'docker/daemon.json'),
    rootlesskitStateDir: stateDir,
  };
}

/** A process's environment as a map (later entries win, as getenv sees them); empty when unreadable. */
export function readEnvironment(procRoot: string, pid: number): Map<string, string> {
  try {
    const bytes = readProcBytes(procRoot, `${pid}/environ`, 'procArgs');
    return new Map(bytes ? parseEnviron(pid, bytes).flatMap((e) => (e.value === null ? [] : [[e.name, e.value] as const])) : []);
  } catch {
    return new Map();
  }
}

/** One line of /proc/PID/uid_map or gid_map: `count` ids from `inside` in the namespace are `outside` on the host. */
export interface IdRange {
  readonly inside: number;
  readonly outside: number;
  readonly count: number;
}

/** The user namespace a process runs in, as its maps say; undefined when it is the host's (the identity map) or unreadable. */
export function readIdMaps(procRoot: string, pid: number): { uid: IdRange[]; gid: IdRange[] } | undefined {
  const read = (name: string) => {
    try {
      return parseIdMap(readProcBytes(procRoot, `${pid}/${name}`, 'procFile')?.toString('utf8') ?? '');
    } catch {
      return [];
    }
  };
  const uid = read('uid_map');
  const gid = read('gid_map');
  if (uid.length === 0 || isIdentity(uid)) return undefined;
  return { uid, gid };
}

/** Parses the kernel's map format: lines of three decimal numbers, blank-separated. Malformed lines are left out. */
export function parseIdMap(text: string): IdRange[] {
  return text.split('\n').flatMap((line) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 3 || !fields.every((f) => /^\d{1,10}$/.test(f))) return [];
    const [inside, outside, count] = fields.map(Number) as [number, number, number];
    return [{ inside, outside, count }];
  });
}

function isIdentity(map: readonly IdRange[]): boolean {
  return map.length === 1 && map[0]!.inside === 0 && map[0]!.outside === 0 && map[0]!.count === 4294967295;
}

/** rootlesskit above a rootless dockerd: its parent (the child, /proc/self/exe re-executed) and that one's parent; pids in that order. */
export function rootlesskitAbove(dockerd: ProcessIdentity, processes: readonly ProcessIdentity[]): number[] {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const found: number[] = [];
  let current = byPid.get(dockerd.ppid);
  while (current && found.length < 2 && isRootlesskit(current)) {
    found.push(current.pid);
    current = byPid.get(current.ppid);
  }
  return found;
}

/** rootlesskit, or its child: /proc/self/exe (comm "exe") with rootlesskit's flags. */
function isRootlesskit(p: ProcessIdentity): boolean {
  const program = (p.argv[0] ?? '').split('/').pop();
  if (program === 'rootlesskit' || p.comm === 'rootlesskit') return true;
  return (p.argv[0] === '/proc/self/exe' || p.comm === 'exe') && p.argv.some((a) => a.startsWith('--net=') || a.startsWith('--state-dir') || a.startsWith('--copy-up'));
}
