import { join } from 'node:path';
import { captureError, type CaptureError } from '../errors.js';
import { asObject, asString, type JsonObject } from '../container-rows.js';
import { jsonFileRow, omittedFileRow, type FileInsert } from '../file-row.js';
import { readFds } from '../proc/fds.js';
import { parseUnixTable } from '../proc/net.js';
import { readProcBytes } from '../proc/read-file.js';
import type { ProcessIdentity } from '../proc/scan.js';
import { OversizedFileError, readFileInRoot } from '../../util/fs-readonly.js';
import { errnoCode } from '../../util/errno.js';
import { DEFAULTS, daemonRows, findDockerds, pickServingDaemon, type Dockerd } from './find-daemons.js';
import type { DaemonRow } from '../../types/snapshot.generated.js';

export interface ResolvedDaemon {
  readonly daemons: DaemonRow[];
  readonly served: Dockerd | undefined;
  readonly dockerRoot: string;
  readonly execRoot: string;
  /** containerd sockets the served daemon uses, to recognise its containerd and shims. */
  readonly containerdAddresses: Set<string>;
  readonly daemonJson: FileInsert | undefined;
  readonly errors: CaptureError[];
}

export interface DaemonQuery {
  readonly procRoot: string;
  readonly processes: readonly ProcessIdentity[];
  readonly dockerHost: string;
  readonly dockerRoot: string | undefined;
  readonly execRoot: string | undefined;
  readonly info: JsonObject | undefined;
}

/**
 * Finds the dockerd serving `dockerHost` and where it keeps things: an explicit option wins,
 * then what the API says (/info DockerRootDir), then the daemon's flags, then daemon.json, then
 * Docker's defaults.
 */
export function resolveLiveDaemon(query: DaemonQuery): ResolvedDaemon {
  const errors: CaptureError[] = [];
  const dockerds = findDockerds(query.processes, query.procRoot);
  const served = pickServingDaemon(dockerds, query.dockerHost, (pid) => listeningUnixPaths(query.procRoot, pid));
  const defaults = served?.defaults ?? DEFAULTS;
  const configPath = served?.flags.configFile ?? defaults.configFile;
  let daemonJson: FileInsert | undefined;
  try {
    daemonJson = jsonFileRow(null, 'daemon.json', readFileInRoot('/', configPath));
  } catch (error) {
    if (error instanceof OversizedFileError) daemonJson = omittedFileRow(null, 'daemon.json', error);
    if (errnoCode(error) !== 'ENOENT') errors.push(captureError('host', 'daemon.json', configPath, error));
  }
  const config = daemonJson?.parsed ? asObject(JSON.parse(daemonJson.parsed)) : undefined;
  const dockerRoot =
    query.dockerRoot ?? asString(query.info?.['DockerRootDir']) ?? served?.flags.dataRoot ?? asString(config?.['data-root']) ?? defaults.dataRoot;
  const execRoot = query.execRoot ?? served?.flags.execRoot ?? asString(config?.['exec-root']) ?? defaults.execRoot;
  const systemContainerd = served?.flags.containerd ?? asString(config?.['containerd']);
  const containerdAddresses = new Set([
    join(execRoot, 'containerd/containerd.sock'),
    join(execRoot, 'libcontainerd/docker-containerd.sock'),
    ...(systemContainerd ? [systemContainerd.replace(/^unix:\/\//, '')] : []),
  ]);
  return { daemons: daemonRows(dockerds, served), served, dockerRoot, execRoot, containerdAddresses, daemonJson, errors };
}

/** Offline, with a saved /proc: the dockerd there, if exactly one (no endpoint to match). */
export function resolveOfflineDaemon(processes: readonly ProcessIdentity[], procRoot: string | undefined): Pick<ResolvedDaemon, 'daemons' | 'served'> {
  const dockerds = findDockerds(processes, procRoot);
  const served = dockerds.length === 1 ? dockerds[0] : undefined;
  return { daemons: daemonRows(dockerds, served), served };
}

/** Paths of the unix sockets `pid` listens on (its fds joined to its namespace's unix table). */
function listeningUnixPaths(procRoot: string, pid: number): string[] {
  try {
    const held = new Set((readFds(procRoot, pid) ?? []).filter((fd) => fd.kind === 'socket').map((fd) => fd.inode));
    const table = readProcBytes(procRoot, `${pid}/net/unix`, 'procTable')?.toString('latin1') ?? '';
    return parseUnixTable(table, '')
      .filter((s) => s.state === 'LISTENING' && held.has(s.inode) && s.path !== null)
      .map((s) => s.path as string);
  } catch {
    return [];
  }
}
