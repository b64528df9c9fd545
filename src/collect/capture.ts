import { resolve } from 'node:path';
import { TOOL_VERSION } from '../version.js';
import { SCHEMA_VERSION } from '../types/snapshot.generated.js';
import type { SnapshotSink } from '../store/write.js';
import type { TableInserts } from '../types/snapshot.generated.js';
import { InputError } from '../errors.js';
import { asString, type JsonObject } from './container-rows.js';
import { NO_API, startApiCapture } from './docker-api/index.js';
import { readDockerRoot } from './docker-root/index.js';
import type { DockerRootCapture } from './docker-root/types.js';
import { resolveLiveDaemon, resolveOfflineDaemon } from './daemon/resolve.js';
import { captureError, type CaptureError } from './errors.js';
import { readExecRoot } from './exec-root/index.js';
import { readHostFacts, type HostFacts } from './host.js';
import { mergeDockerViews, type DockerView } from './merge.js';
import { networksFromApi } from './api-rows.js';
import { forgetProcTrees } from './proc/read-file.js';
import { scanProcesses, type ProcessIdentity } from './proc/scan.js';
import { captureProcesses, type ProgressListener } from './processes.js';
import { classifyProcesses } from './roles.js';
import { captureDockerDrift, DRIFT_LIMITS, type DriftLimits } from './drift/index.js';

export interface CaptureOptions {
  /** Read a Docker root (and optionally a saved /proc) with no daemon: no API, no live host. */
  readonly offline: boolean;
  /** The /proc tree to read; live default /proc; offline only when given. */
  readonly procRoot?: string | undefined;
  /** The Docker data root; live default from the API, the daemon's flags, then /var/lib/docker. Required offline. */
  readonly dockerRoot?: string | undefined;
  /** The Docker exec root; live default from the daemon's flags, then /var/run/docker. */
  readonly execRoot?: string | undefined;
  /** The API endpoint (live only), e.g. unix:///var/run/docker.sock. */
  readonly dockerHost?: string | undefined;
  readonly logTailBytes: number;
  readonly apiTimeoutMs: number;
  readonly onProgress?: ProgressListener | undefined;
  /** Limits of the walk of each container's writable layer (default DRIFT_LIMITS); null skips it (--no-drift). */
  readonly drift?: DriftLimits | null | undefined;
}

export interface CollectedSnapshot {
  /** The `snapshot` row, complete once every other row is in the sink. */
  readonly snapshot: TableInserts['snapshot'];
  readonly counts: { readonly containers: number; readonly processes: number };
  readonly errors: readonly CaptureError[];
}

const NO_HOST: HostFacts = { host_name: null, boot_id: null, kernel_release: null, cgroup_version: null };

/**
 * Runs every collector and hands their rows to `sink` as they come (process by process, files
 * as read; containers once the API's and the root's views are merged), errors last.
 * Never throws on host state (vanished processes, unreadable files, a dead daemon: capture errors).
 * @throws InputError offline, when the Docker root is not one; UsageError for a bad endpoint
 */
export async function collectSnapshot(options: CaptureOptions, sink: SnapshotSink): Promise<CollectedSnapshot> {
  const startedAt = new Date().toISOString();
  const errors: CaptureError[] = [];
  forgetProcTrees();
  const procRoot = options.procRoot === undefined ? (options.offline ? undefined : '/proc') : resolve(options.procRoot);
  const hostRead = procRoot ? readHostFacts(procRoot) : { facts: NO_HOST, errors: [] };
  errors.push(...hostRead.errors);

  const dockerHost = options.offline ? undefined : options.dockerHost;
  // The daemon answers its inspects while /proc and the Docker root are read.
  const apiSession = dockerHost ? await startApiCapture(dockerHost, options.apiTimeoutMs) : undefined;

  const scan = procRoot ? scanOrReport(procRoot, errors) : [];
  const daemon = options.offline
    ? { ...resolveOfflineDaemon(scan), dockerRoot: requiredOffline(options.dockerRoot), execRoot: options.execRoot, containerdAddresses: new Set<string>(), daemonJson: undefined, errors: [] }
    : resolveLiveDaemon({ procRoot: procRoot ?? '/proc', processes: scan, dockerHost: dockerHost ?? '', dockerRoot: options.dockerRoot, execRoot: options.execRoot, info: apiSession?.info });
  errors.push(...daemon.errors);
  sink.add('daemons', daemon.daemons);
  if (daemon.daemonJson) sink.add('files', [daemon.daemonJson]);
  const dockerRoot = resolve(daemon.dockerRoot);

  const root = readRootOrReport(dockerRoot, options, errors, sink);
  const known = knownContainers(root?.view, apiSession?.listed ?? []);
  const execRoot = daemon.execRoot === undefined ? undefined : resolve(daemon.execRoot);
  const running = [...known].filter(([, isRunning]) => isRunning).map(([id]) => id);
  if (execRoot) errors.push(...readExecRootIntoSink(execRoot, running, daemon.served?.flags.containerd != null, sink));

  const roles = classifyProcesses(scan, {
    containerIds: new Set(known.keys()),
    dockerdPid: daemon.served?.process.pid,
    containerdAddresses: daemon.containerdAddresses,
  });
  const processes = procRoot ? captureProcesses(procRoot, scan, roles, sink, options.onProgress) : { processCount: 0, errors: [] };
  errors.push(...processes.errors);

  const api = apiSession ? await apiSession.finish() : NO_API;
  errors.push(...api.errors);
  const docker = mergeDockerViews(root?.view, api);
  for (const [table, rows] of Object.entries(docker) as [keyof typeof docker, never[]][]) sink.add(table, rows);
  sink.add('networks', networksFromApi(api));
  sink.add('api_responses', api.responses);
  sink.add('capture_error', errors);

  return {
    counts: { containers: docker.containers.length, processes: processes.processCount },
    errors,
    snapshot: {
      id: 1,
      tool_version: TOOL_VERSION,
      schema_version: SCHEMA_VERSION,
      ...hostRead.facts,
      mode: options.offline ? 'offline' : 'live',
      started_at: startedAt,
      finished_at: new Date().toISOString(),
      proc_root: procRoot ?? null,
      docker_root: dockerRoot,
      exec_root: execRoot ?? null,
      docker_host: dockerHost ?? null,
      docker_version: asString(api.version?.['Version']),
      storage_driver: asString(api.info?.['Driver']) ?? root?.storageDriver ?? null,
      docker_root_era: root?.era ?? null,
      options: JSON.stringify({ log_tail_bytes: options.logTailBytes, api_timeout_ms: options.apiTimeoutMs, drift: driftOptions(options.drift) }),
    },
  };
}

/** The drift limits a capture used, for the snapshot's options; false when it skipped drift. */
function driftOptions(drift: DriftLimits | null | undefined): false | Record<string, number> {
  if (drift === null) return false;
  const limits = drift ?? DRIFT_LIMITS;
  return { max_entries: limits.maxEntries, hash_max_bytes: limits.hashMaxBytes, capture_hash_max_bytes: limits.captureHashMaxBytes };
}

/** Container ids known before the inspects answer (root and listing), each with whether it runs. */
function knownContainers(root: DockerView | undefined, listed: readonly JsonObject[]): Map<string, boolean> {
  const known = new Map<string, boolean>();
  for (const c of root?.containers ?? []) known.set(c.id, c.running === 1);
  for (const c of listed) {
    const id = asString(c['Id']);
    if (id) known.set(id, c['State'] === 'running' || known.get(id) === true);
  }
  return known;
}

function requiredOffline(dockerRoot: string | undefined): string {
  if (dockerRoot === undefined) throw new InputError('--docker-root', 'an offline capture needs the Docker root to read');
  return dockerRoot;
}

function scanOrReport(procRoot: string, errors: CaptureError[]): ProcessIdentity[] {
  try {
    const scan = scanProcesses(procRoot);
    errors.push(...scan.errors);
    return scan.processes;
  } catch (error) {
    errors.push(captureError('proc', 'processes', procRoot, error));
    return [];
  }
}

/**
 * Reads the Docker root and hands the sink what only the root knows (files, logs, layers); the
 * containers, images and volumes, which the API also describes, are returned for the merge.
 * Offline, a directory that is not a Docker root is the user's mistake (exit 2); live, it is one
 * more thing the capture could not read.
 */
function readRootOrReport(
  dockerRoot: string,
  options: CaptureOptions,
  errors: CaptureError[],
  sink: SnapshotSink,
): { view: DockerView; era: DockerRootCapture['era']; storageDriver: string | null } | undefined {
  try {
    const { files, container_logs, container_layers, image_layers, errors: rootErrors, era, storage_driver, ...view } = readDockerRoot(dockerRoot, {
      logTailBytes: options.logTailBytes,
    });
    errors.push(...rootErrors);
    sink.add('files', files);
    sink.add('container_logs', container_logs);
    sink.add('container_layers', container_layers);
    sink.add('image_layers', image_layers);
    if (options.drift !== null) errors.push(...captureDockerDrift(container_layers, storage_driver, options.drift ?? DRIFT_LIMITS, sink));
    return { view, era, storageDriver: storage_driver };
  } catch (error) {
    if (options.offline || !(error instanceof InputError)) throw error;
    errors.push(captureError('docker-root', 'docker root', dockerRoot, error));
    return undefined;
  }
}

/** Reads the running containers' runtime files into the sink; returns the errors. */
function readExecRootIntoSink(execRoot: string, running: readonly string[], systemContainerd: boolean, sink: SnapshotSink): CaptureError[] {
  const { files, errors } = readExecRoot(execRoot, running, { systemContainerd });
  sink.add('files', files);
  return errors;
}
