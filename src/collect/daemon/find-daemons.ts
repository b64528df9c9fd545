import { realpathSync } from 'node:fs';
import type { DaemonRow } from '../../types/snapshot.generated.js';
import { dockerdDefaults, readEnvironment, ROOTFUL_DEFAULTS, type DockerdDefaults } from './rootless.js';
import type { ProcessIdentity } from '../proc/scan.js';
import { isDockerdCommand, parseDockerdFlags, type DockerdFlags } from './dockerd-flags.js';

/** A rootful dockerd's defaults (a rootless one's come from its environment: see rootless.ts). */
export const DEFAULTS = ROOTFUL_DEFAULTS;

export interface Dockerd {
  readonly process: ProcessIdentity;
  readonly flags: DockerdFlags;
  /** Where it keeps what its flags do not name: rootless defaults when it runs under rootlesskit. */
  readonly defaults: DockerdDefaults;
}

/**
 * Every dockerd; with `procRoot`, each one's environment says whether it runs rootless (and so its
 * defaults). A child of a dockerd that shows the dockerd's own command is the daemon caught between
 * fork and exec (starting a shim, runc, a reexec helper), not a second daemon: left out.
 */
export function findDockerds(processes: readonly ProcessIdentity[], procRoot?: string): Dockerd[] {
  const candidates = processes.filter((p) => isDockerdCommand(p.argv));
  const byPid = new Map(candidates.map((p) => [p.pid, p]));
  const isForkOfParent = (p: ProcessIdentity) => byPid.get(p.ppid)?.cmdline.equals(p.cmdline) === true;
  return candidates
    .filter((p) => !isForkOfParent(p))
    .map((process) => ({ process, flags: parseDockerdFlags(process.argv), defaults: procRoot ? dockerdDefaults(readEnvironment(procRoot, process.pid)) : ROOTFUL_DEFAULTS }));
}

/**
 * The dockerd serving `dockerHost`: the one whose -H names it (unix socket paths compared after
 * resolving links, /var/run → /run), or, when none says, the one with listening unix socket at
 * that path, or the only dockerd there is.
 */
export function pickServingDaemon(dockerds: readonly Dockerd[], dockerHost: string, listeningPaths: (pid: number) => string[]): Dockerd | undefined {
  const wanted = canonicalEndpoint(dockerHost);
  const wantedPath = wanted.startsWith('unix://') ? wanted.slice('unix://'.length) : undefined;
  const listening = (d: Dockerd) => wantedPath !== undefined && listeningPaths(d.process.pid).some((p) => canonicalPath(p) === wantedPath);
  const byFlag = dockerds.filter((d) => hostsOf(d).some((h) => canonicalEndpoint(h) === wanted));
  // Several naming it (one exiting, or a copy of its command line): the one holding the socket.
  if (byFlag.length > 1) return byFlag.find(listening) ?? byFlag[0];
  if (byFlag.length === 1) return byFlag[0];
  const bySocket = wantedPath ? dockerds.find(listening) : undefined;
  return bySocket ?? (dockerds.length === 1 ? dockerds[0] : undefined);
}

export function hostsOf(dockerd: Dockerd): string[] {
  return dockerd.flags.hosts.length > 0 ? dockerd.flags.hosts : [dockerd.defaults.dockerHost];
}

export function daemonRows(dockerds: readonly Dockerd[], served: Dockerd | undefined): DaemonRow[] {
  return dockerds.map((d) => ({
    pid: d.process.pid,
    captured: d === served ? 1 : 0,
    data_root: d.flags.dataRoot ?? d.defaults.dataRoot,
    exec_root: d.flags.execRoot ?? d.defaults.execRoot,
    pidfile: d.flags.pidfile ?? d.defaults.pidfile,
    hosts: JSON.stringify(hostsOf(d)),
    containerd_address: d.flags.containerd,
  }));
}

function canonicalEndpoint(endpoint: string): string {
  const path = endpoint.startsWith('unix://') ? endpoint.slice('unix://'.length) : endpoint.startsWith('/') ? endpoint : undefined;
  return path === undefined ? endpoint.replace(/\/$/, '') : `unix://${canonicalPath(path)}`;
}

function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path.replace(/^\/var\/run\//, '/run/');
  }
}
