import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EngineContext } from '../engine.js';
import type { ProcessIdentity } from '../proc/scan.js';

/** containerd's defaults (containerd(8), config.toml(5)) and the kubelet's pod log root. */
export const CONTAINERD_DEFAULTS = {
  root: '/var/lib/containerd',
  state: '/run/containerd',
  address: '/run/containerd/containerd.sock',
  podLogs: '/var/log/pods',
} as const;

export const META_DB = 'io.containerd.metadata.v1.bolt/meta.db';

/** One containerd to capture: its root, and (live, or when named) its state, socket and the pod log root. */
export interface ContainerdInstance {
  readonly root: string;
  readonly state: string | undefined;
  readonly address: string | undefined;
  readonly podLogs: string | undefined;
  /** The daemon serving the root, when one runs. */
  readonly pid: number | undefined;
}

/** The value of `-name value` or `-name=value` (Go and urfave flags take one or two dashes). */
export function flag(argv: readonly string[], name: string): string | undefined {
  const bare = name.replace(/^-+/, '');
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--?([^=]+)(?:=(.*))?$/.exec(arg);
    if (!match || match[1] !== bare) continue;
    return match[2] ?? argv[i + 1];
  }
  return undefined;
}

/**
 * The containerd roots to capture. Named: the --containerd-root (or the default root when only
 * --containerd-state is given); offline, only that, with the state and pod log root only when
 * given. Live with nothing named: every containerd daemon running (not the one a dockerd runs for
 * itself: the Docker engine reads that), by its --root, and the default root when it holds a meta.db.
 */
export function locateContainerd(context: Pick<EngineContext, 'offline' | 'explicit' | 'roots' | 'processes'>): ContainerdInstance[] {
  const { roots } = context;
  const daemons = containerdDaemons(context.processes);
  const instance = (root: string, state: string | undefined, podLogs: string | undefined): ContainerdInstance => {
    const daemon = context.offline ? undefined : daemons.find((d) => d.root === root);
    return {
      root,
      state: state ?? (context.offline ? undefined : (daemon?.state ?? CONTAINERD_DEFAULTS.state)),
      address: context.offline ? undefined : (daemon?.address ?? CONTAINERD_DEFAULTS.address),
      podLogs: podLogs ?? (context.offline ? undefined : CONTAINERD_DEFAULTS.podLogs),
      pid: daemon?.pid,
    };
  };
  if (roots.containerdRoot !== undefined || roots.containerdState !== undefined) {
    return [instance(resolve(roots.containerdRoot ?? CONTAINERD_DEFAULTS.root), roots.containerdState && resolve(roots.containerdState), roots.podLogRoot && resolve(roots.podLogRoot))];
  }
  if (context.offline || context.explicit) return [];
  const candidates = new Set(daemons.map((d) => d.root));
  if (existsSync(join(CONTAINERD_DEFAULTS.root, META_DB))) candidates.add(CONTAINERD_DEFAULTS.root);
  return [...candidates].map((root) => instance(root, undefined, roots.podLogRoot && resolve(roots.podLogRoot)));
}

interface Daemon {
  readonly pid: number;
  readonly root: string;
  readonly state: string;
  readonly address: string;
}

/** containerd daemons by their flags; one whose parent is a dockerd is Docker's own and left out. */
function containerdDaemons(processes: readonly ProcessIdentity[]): Daemon[] {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const program = (p: ProcessIdentity | undefined) => (p ? ((p.argv[0] ?? p.comm).split('/').pop() ?? p.comm) : undefined);
  return processes.flatMap((p) => {
    if (program(p) !== 'containerd' || program(byPid.get(p.ppid)) === 'dockerd') return [];
    const root = flag(p.argv, '--root');
    if (root === undefined && flag(p.argv, '--config') !== undefined) return [];
    return [{
      pid: p.pid,
      root: resolve(root ?? CONTAINERD_DEFAULTS.root),
      state: resolve(flag(p.argv, '--state') ?? CONTAINERD_DEFAULTS.state),
      address: (flag(p.argv, '--address') ?? CONTAINERD_DEFAULTS.address).replace(/^unix:\/\//, ''),
    }];
  });
}
