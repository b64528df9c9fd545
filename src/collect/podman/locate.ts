import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { readFileInRoot } from '../../util/fs-readonly.js';
import type { CaptureEnvironment, EngineContext } from '../engine.js';
import type { ProcessIdentity } from '../proc/scan.js';

/** Podman's rootful defaults (containers-storage.conf(5)). */
export const PODMAN_DEFAULTS = {
  graphRoot: '/var/lib/containers/storage',
  runRoot: '/run/containers/storage',
  storageConf: '/etc/containers/storage.conf',
  socket: 'unix:///run/podman/podman.sock',
} as const;

/** One Podman storage to capture: its graph root, and where its runtime files and API are when known. */
export interface PodmanInstance {
  readonly root: string;
  readonly runRoot: string | undefined;
  readonly endpoint: string | undefined;
}

/** A directory holding Podman (containers/storage) state: libpod/ or a <driver>-containers/containers.json. */
export function looksLikePodmanStorage(dir: string): boolean {
  try {
    if (existsSync(join(dir, 'libpod'))) return true;
    return readdirSync(dir).some((name) => name.endsWith('-containers') && existsSync(join(dir, name, 'containers.json')));
  } catch {
    return false;
  }
}

/**
 * The Podman storages to capture. Named ones only, when the user named any root or endpoint;
 * offline, the --podman-root (or a --docker-root that is Podman storage). Live with nothing named:
 * every root a running conmon or `podman` process names, storage.conf's graphroot, the rootful
 * default, the capturing user's rootless storage (from `environment`) and each user's rootless
 * default, those that exist; each with the API socket that serves it (podmanSockets).
 */
export function locatePodman(context: Pick<EngineContext, 'offline' | 'explicit' | 'roots' | 'environment' | 'processes'>): PodmanInstance[] {
  const { roots, environment } = context;
  const fromProcesses = rootsOfProcesses(context.processes);
  const runRootOf = (root: string): string | undefined =>
    context.offline ? roots.podmanRunroot : (roots.podmanRunroot ?? fromProcesses.get(root) ?? defaultRunRoot(root, environment));
  const named = roots.podmanRoot ?? (roots.dockerRoot !== undefined && roots.podmanHost === undefined && looksLikePodmanStorage(roots.dockerRoot) ? roots.dockerRoot : undefined);
  if (named !== undefined || roots.podmanHost !== undefined) {
    const root = resolve(named ?? storageConf().graphRoot ?? PODMAN_DEFAULTS.graphRoot);
    return [{ root, runRoot: runRootOf(root), endpoint: context.offline ? undefined : roots.podmanHost }];
  }
  if (context.offline || context.explicit) return [];
  const rootful = storageConf().graphRoot ?? PODMAN_DEFAULTS.graphRoot;
  const sockets = podmanSockets(rootful, environment);
  const ownRootless = rootlessStorage(environment)?.root;
  const candidates = new Set([...fromProcesses.keys(), rootful, ...(ownRootless ? [ownRootless] : []), ...rootlessRoots()]);
  return [...candidates].filter((root) => looksLikePodmanStorage(root)).map((root) => ({ root, runRoot: runRootOf(root), endpoint: sockets.get(root) }));
}

/** Where the capturing user's rootless Podman keeps its storage, runroot and API socket, as its environment says; undefined without an absolute XDG_RUNTIME_DIR and a data directory. */
export function rootlessStorage(environment: CaptureEnvironment): { root: string; runRoot: string; socket: string } | undefined {
  const { XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: data, HOME: home } = environment;
  if (!runtime || !isAbsolute(runtime)) return undefined;
  const dataHome = data && isAbsolute(data) ? data : home && isAbsolute(home) ? join(home, '.local/share') : undefined;
  if (dataHome === undefined) return undefined;
  return { root: resolve(dataHome, 'containers/storage'), runRoot: resolve(runtime, 'containers'), socket: resolve(runtime, 'podman/podman.sock') };
}

/**
 * The API sockets live discovery finds, by the graph root each serves: the rootful
 * /run/podman/podman.sock and the capturing user's $XDG_RUNTIME_DIR/podman/podman.sock; only
 * those that are sockets (not links, not plain files).
 */
export function podmanSockets(rootfulRoot: string, environment: CaptureEnvironment, rootfulSocket: string = PODMAN_DEFAULTS.socket): Map<string, string> {
  const rootless = rootlessStorage(environment);
  const candidates: [string, string][] = [[rootfulRoot, rootfulSocket.slice('unix://'.length)], ...(rootless ? [[rootless.root, rootless.socket] as [string, string]] : [])];
  const sockets = new Map<string, string>();
  for (const [root, path] of candidates) if (!sockets.has(root) && isSocket(path)) sockets.set(root, `unix://${path}`);
  return sockets;
}

function isSocket(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return false;
  }
}

function defaultRunRoot(root: string, environment: CaptureEnvironment): string | undefined {
  if (root === PODMAN_DEFAULTS.graphRoot) return storageConf().runRoot ?? PODMAN_DEFAULTS.runRoot;
  const rootless = rootlessStorage(environment);
  return root === rootless?.root ? rootless.runRoot : undefined;
}

/**
 * Graph root → runroot of every running conmon (its --exit-command-arg list repeats the podman
 * command line that started it) and `podman` process that names them.
 */
export function rootsOfProcesses(processes: readonly ProcessIdentity[]): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const p of processes) {
    const name = (p.argv[0] ?? p.comm).split('/').pop();
    let args: string[];
    if (name === 'conmon') args = p.argv.flatMap((arg, i) => (p.argv[i - 1] === '--exit-command-arg' ? [arg] : []));
    else if (name === 'podman') args = p.argv;
    else continue;
    const root = flagValue(args, '--root');
    if (root) found.set(resolve(root), flagValue(args, '--runroot') ?? found.get(resolve(root)));
  }
  return found;
}

/** The value of `--flag value` or `--flag=value`. */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === flag) return args[i + 1];
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return undefined;
}

/** graphroot, runroot and driver of the host's storage.conf ($CONTAINERS_STORAGE_CONF, else /etc/containers), when set. */
export function storageConf(): { graphRoot?: string; runRoot?: string; driver?: string } {
  const path = process.env['CONTAINERS_STORAGE_CONF'] ?? PODMAN_DEFAULTS.storageConf;
  let text: string;
  try {
    text = readFileInRoot('/', path, { cap: 1 << 20 }).bytes.toString('utf8');
  } catch {
    return {};
  }
  return parseStorageConf(text);
}

/** The [storage] table's graphroot, runroot and driver: the few TOML string keys docksnap needs. */
export function parseStorageConf(text: string): { graphRoot?: string; runRoot?: string; driver?: string } {
  const values: Record<string, string> = {};
  let table = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) table = header[1]!.trim();
    const pair = /^(graphroot|runroot|driver)\s*=\s*["']([^"']*)["']$/.exec(line);
    if (pair && table === 'storage') values[pair[1]!] = pair[2]!;
  }
  return {
    ...(values['graphroot'] ? { graphRoot: values['graphroot'] } : {}),
    ...(values['runroot'] ? { runRoot: values['runroot'] } : {}),
    ...(values['driver'] ? { driver: values['driver'] } : {}),
  };
}

/** ~/.local/share/containers/storage of root and of every /home/<user>. */
function rootlessRoots(): string[] {
  let homes: string[] = [];
  try {
    homes = readdirSync('/home').map((user) => join('/home', user));
  } catch {
    // no /home
  }
  return ['/root', ...homes].map((home) => join(home, '.local/share/containers/storage'));
}
