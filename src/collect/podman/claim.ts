import { resolve } from 'node:path';
import type { ProcessRole } from '../proc/process.js';
import type { ProcessIdentity } from '../proc/scan.js';
import { ownContainerOfCgroup } from '../proc/cgroup-container.js';
import { leadingWords } from '../command-words.js';
import { flagValue, PODMAN_DEFAULTS } from './locate.js';

export interface PodmanClaimContext {
  readonly engineId: string;
  readonly root: string;
  readonly containerIds: ReadonlySet<string>;
}

const RUNTIMES = new Set(['runc', 'crun', 'krun', 'youki', 'runsc']);

/**
 * What a process is to this Podman storage: a container's conmon (`-c <id>`), its OCI runtime
 * while alive (runc/crun naming the id), the `podman system service` serving this root, or a
 * process in one of its containers (cgroup libpod-<id>, any manager, rootful or rootless).
 */
export function claimPodmanProcess(p: ProcessIdentity, context: PodmanClaimContext): ProcessRole | undefined {
  const name = (p.argv[0] ?? p.comm).split('/').pop() ?? p.comm;
  const role = (role: string, containerId: string | null): ProcessRole => ({ role, container_id: containerId, engine_id: context.engineId });
  if (name === 'conmon') {
    const id = flagValue(p.argv, '-c') ?? flagValue(p.argv, '--cid');
    return id && context.containerIds.has(id) ? role('conmon', id) : undefined;
  }
  if (RUNTIMES.has(name)) {
    const id = p.argv.find((arg) => context.containerIds.has(arg));
    return id ? role('runtime', id) : undefined;
  }
  if (name === 'podman' && isSystemService(p.argv)) {
    const root = flagValue(p.argv, '--root');
    return resolve(root ?? PODMAN_DEFAULTS.graphRoot) === context.root ? role('podman-service', null) : undefined;
  }
  const own = ownContainerOfCgroup(p.cgroup, context.containerIds);
  return own ? role('container', own.containerId) : undefined;
}

/** podman's global flags that take no value (any other flag before the subcommand takes the next word). */
const BOOLEAN_GLOBAL_FLAGS = new Set(['--remote', '-r', '--syslog', '--noout', '--trace', '--help', '-h', '--version', '-v']);

/** `podman [global flags] system service …`: the subcommand, not two words anywhere (a client running `echo system service`). */
function isSystemService(argv: readonly string[]): boolean {
  const { words } = leadingWords(argv, 2, (flag) => !BOOLEAN_GLOBAL_FLAGS.has(flag));
  return words[0] === 'system' && words[1] === 'service';
}
