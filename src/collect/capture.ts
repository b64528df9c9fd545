import { resolve } from 'node:path';
import { TOOL_VERSION } from '../version.js';
import { SCHEMA_VERSION } from '../types/snapshot.generated.js';
import type { SnapshotSink } from '../store/write.js';
import type { TableInserts } from '../types/snapshot.generated.js';
import { UsageError } from '../errors.js';
import { readContainerCgroups } from './container-cgroups.js';
import { dockerEngine } from './docker-engine.js';
import { engineSelected, type CaptureEnvironment, type EngineContext, type EngineModule, type EngineRoots, type EngineSession, type SnapshotFacts } from './engine.js';
import { captureError, captureProblem, type CaptureError } from './errors.js';
import { readHostFacts, type HostFacts } from './host.js';
import { podmanEngine } from './podman/index.js';
import { containerdEngine } from './containerd/index.js';
import type { ProcessRole } from './proc/process.js';
import { forgetProcTrees, isLiveProc } from './proc/read-file.js';
import { scanProcesses, type ProcessIdentity } from './proc/scan.js';
import { captureProcesses, type ProgressListener } from './processes.js';
import { unattributedRole } from './unattributed.js';
import { DRIFT_LIMITS, type DriftLimits } from './drift/index.js';
import { runStepsYielding } from '../util/steps.js';
import { resolveDockerEndpoint } from './docker-api/docker-context.js';

/** Every engine docksnap can read, each behind the same contract. */
const ENGINES: readonly EngineModule[] = [dockerEngine, podmanEngine, containerdEngine];

export interface CaptureOptions extends EngineRoots {
  /** Read engine roots (and optionally a saved /proc) with no daemon: no API, no live host. */
  readonly offline: boolean;
  /** The /proc tree to read; live default /proc; offline only when given. */
  readonly procRoot?: string | undefined;
  /** The cgroup tree containers' limits are read from; default /sys/fs/cgroup when live with the live /proc; offline only when given. */
  readonly cgroupRoot?: string | undefined;
  /** Capture only the engines of this kind (docker, podman, containerd) or this engines.id. */
  readonly engine?: string | undefined;
  /** Where the capturing user's rootless engines keep their sockets and storage (XDG_RUNTIME_DIR, HOME…); none when not given. */
  readonly environment?: CaptureEnvironment | undefined;
  readonly logTailBytes: number;
  readonly apiTimeoutMs: number;
  /** Limits of the walk of each container's writable layer (default DRIFT_LIMITS); null skips it (--no-drift). */
  readonly drift?: DriftLimits | null | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

export interface CollectedSnapshot {
  /** The `snapshot` row, complete once every other row is in the sink. */
  readonly snapshot: TableInserts['snapshot'];
  readonly counts: { readonly containers: number; readonly processes: number };
  /** Processes in a container cgroup of no engine read, by the container id their cgroup names. */
  readonly unattributed: ReadonlyMap<string, number>;
  readonly errors: readonly CaptureError[];
}

const NO_HOST: HostFacts = { host_name: null, boot_id: null, kernel_release: null, cgroup_version: null };
const NO_FACTS: Required<SnapshotFacts> = { docker_root: null, exec_root: null, docker_host: null, docker_version: null, storage_driver: null, docker_root_era: null };

/**
 * Runs every collector and hands their rows to `sink` as they come: each engine's root as read,
 * the processes one at a time (each given to the engine that claims it), each engine's merged
 * containers once its API answered, errors last.
 * Never throws on host state (vanished processes, unreadable files, a dead daemon: capture errors).
 * @throws InputError offline, when a named root is not one; UsageError for a bad endpoint or --engine
 */
export async function collectSnapshot(options: CaptureOptions, sink: SnapshotSink): Promise<CollectedSnapshot> {
  const startedAt = new Date().toISOString();
  const errors: CaptureError[] = [];
  // First, so that a bad endpoint or context fails before any reading.
  const roots = options.offline ? options : withDockerEndpoint(options, errors);
  forgetProcTrees();
  const procRoot = options.procRoot === undefined ? (options.offline ? undefined : '/proc') : resolve(options.procRoot);
  const hostRead = procRoot ? readHostFacts(procRoot) : { facts: NO_HOST, errors: [] };
  errors.push(...hostRead.errors);
  const scan = procRoot ? scanOrReport(procRoot, errors) : [];

  const context: EngineContext = {
    offline: options.offline,
    procRoot,
    processes: scan,
    roots,
    environment: options.environment ?? {},
    explicit: [roots.dockerRoot, roots.dockerHost, roots.execRoot, roots.podmanRoot, roots.podmanRunroot, roots.podmanHost, roots.containerdRoot, roots.containerdState].some((v) => v !== undefined),
    logTailBytes: options.logTailBytes,
    apiTimeoutMs: options.apiTimeoutMs,
    drift: options.drift === undefined ? DRIFT_LIMITS : options.drift,
    selector: options.engine,
    sink,
  };
  const sessions = await openEngines(context);

  const roles = new Map<number, ProcessRole>();
  const unattributed = new Map<string, number>();
  for (const p of scan) {
    const role = claimed(sessions, p) ?? unattributedRole(p);
    if (!role) continue;
    roles.set(p.pid, role);
    if (role.engine_id === null && role.container_id) unattributed.set(role.container_id, (unattributed.get(role.container_id) ?? 0) + 1);
  }
  const processes = procRoot ? await runStepsYielding(captureProcesses(procRoot, scan, roles, sink, options.onProgress)) : { processCount: 0, errors: [] };
  errors.push(...processes.errors);
  // The live cgroup tree goes with the live /proc only: a saved /proc's containers are not this host's.
  const cgroupRoot = options.cgroupRoot !== undefined ? resolve(options.cgroupRoot) : !options.offline && procRoot && isLiveProc(procRoot) ? '/sys/fs/cgroup' : undefined;
  if (cgroupRoot) {
    const cgroups = readContainerCgroups(cgroupRoot, scan, roles);
    sink.add('container_cgroups', cgroups.rows);
    errors.push(...cgroups.errors);
  }

  let facts: Required<SnapshotFacts> = NO_FACTS;
  let containers = 0;
  for (const session of sessions) {
    const result = await session.finish();
    errors.push(...result.errors);
    sink.add('engines', [result.engine]);
    containers += result.engine.container_count;
    if (facts === NO_FACTS && result.facts.docker_root !== undefined) facts = { ...NO_FACTS, ...result.facts };
  }
  sink.add('capture_error', errors);

  return {
    counts: { containers, processes: processes.processCount },
    unattributed,
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
      ...facts,
      options: JSON.stringify({
        log_tail_bytes: options.logTailBytes,
        api_timeout_ms: options.apiTimeoutMs,
        engine: options.engine ?? null,
        drift: driftOptions(options.drift),
        ...(roots.dockerContext !== undefined ? { docker_context: roots.dockerContext, docker_tls: roots.dockerTls ? (roots.dockerTls.verify ? 'verify' : 'no-verify') : null } : {}),
      }),
    },
  };
}

/**
 * Opens every selected engine's sessions, in the fixed order of ENGINES.
 * @throws UsageError when --engine names no kind docksnap knows
 */
async function openEngines(context: EngineContext): Promise<EngineSession[]> {
  const { selector } = context;
  if (selector !== undefined && !ENGINES.some((e) => engineSelected(selector, e.kind))) {
    throw new UsageError('--engine', `${selector} is neither an engine kind (${ENGINES.map((e) => e.kind).join(', ')}) nor an engine id (<kind>:<root>)`);
  }
  const sessions: EngineSession[] = [];
  for (const engine of ENGINES) {
    if (!engineSelected(selector, engine.kind)) continue;
    sessions.push(...(await engine.open(context, sessions)));
  }
  return sessions;
}

/** The first engine's claim: engines claim only their own containers' ids, so at most one does. */
function claimed(sessions: readonly EngineSession[], p: ProcessIdentity): ProcessRole | undefined {
  for (const session of sessions) {
    const role = session.claim(p);
    if (role) return role;
  }
  return undefined;
}

/**
 * The Docker endpoint the docker CLI would use (--docker-host, --context, DOCKER_HOST,
 * DOCKER_CONTEXT, config.json's current context) with its TLS files; the roots unchanged when
 * nothing names one. What the CLI would only warn about becomes a capture error.
 * @throws UsageError, InputError as resolveDockerEndpoint
 */
function withDockerEndpoint(options: CaptureOptions, errors: CaptureError[]): EngineRoots {
  const { endpoint, warnings } = resolveDockerEndpoint({ host: options.dockerHost, context: options.dockerContext }, options.environment ?? {});
  for (const warning of warnings) errors.push(captureProblem('api', 'docker config', null, 'docker-config', warning));
  if (endpoint === undefined) return options;
  return { ...options, dockerHost: endpoint.host, dockerContext: endpoint.context, dockerTls: endpoint.tls };
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

/** The drift limits a capture used, for the snapshot's options; false when it skipped drift. */
function driftOptions(drift: DriftLimits | null | undefined): false | Record<string, number> {
  if (drift === null) return false;
  const limits = drift ?? DRIFT_LIMITS;
  return { max_entries: limits.maxEntries, hash_max_bytes: limits.hashMaxBytes, capture_hash_max_bytes: limits.captureHashMaxBytes };
}
