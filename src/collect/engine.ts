/**
 * The contract every container engine (Docker, Podman, containerd) fulfils, so the capture
 * orchestrator loops over engines without knowing any by name: an engine module finds its
 * instances (from the roots and endpoints it is given, or what the host shows), reads each into
 * rows, and claims the processes that are its own (daemon, monitors, runtimes, containers').
 */
import type { DriftLimits } from './drift/limits.js';
import type { SnapshotSink } from '../store/write.js';
import type { EngineRow, SnapshotRow } from '../types/snapshot.generated.js';
import type { CaptureError } from './errors.js';
import type { ProcessRole } from './proc/process.js';
import type { ProcessIdentity } from './proc/scan.js';
import type { DockerCliEnvironment } from './docker-api/docker-context.js';
import type { DockerTlsFiles } from './docker-api/endpoint.js';

/** Where each engine kind keeps things, as given by the user; what is not given is discovered live. */
export interface EngineRoots {
  readonly dockerRoot?: string | undefined;
  readonly execRoot?: string | undefined;
  readonly dockerHost?: string | undefined;
  /** --context: a docker CLI context naming the endpoint (and its TLS). */
  readonly dockerContext?: string | undefined;
  /** TLS for a tcp dockerHost, as its context or DOCKER_TLS_VERIFY/DOCKER_CERT_PATH set it up; null or absent: none. */
  readonly dockerTls?: DockerTlsFiles | null | undefined;
  readonly podmanRoot?: string | undefined;
  readonly podmanRunroot?: string | undefined;
  readonly podmanHost?: string | undefined;
  readonly containerdRoot?: string | undefined;
  readonly containerdState?: string | undefined;
  /** The kubelet's pod log root (/var/log/pods) whose CRI logs the containerd engine tails. */
  readonly podLogRoot?: string | undefined;
}

/** The capture's environment, as far as engine discovery reads it: given by the caller, never read from process.env by a collector. */
export interface CaptureEnvironment extends DockerCliEnvironment {
  /** The capturing user's runtime directory: its podman/podman.sock is the rootless API, its containers/ the rootless runroot. */
  readonly XDG_RUNTIME_DIR?: string | undefined;
  /** The capturing user's home and data directory: where rootless storage lives (XDG_DATA_HOME, else HOME/.local/share). */
  readonly HOME?: string | undefined;
  readonly XDG_DATA_HOME?: string | undefined;
}

/** What every engine module is handed: the capture's mode, the host's processes, and the sink. */
export interface EngineContext {
  readonly offline: boolean;
  readonly procRoot: string | undefined;
  /** Every process of the host (or saved tree), as scanned. */
  readonly processes: readonly ProcessIdentity[];
  readonly roots: EngineRoots;
  readonly environment: CaptureEnvironment;
  /** True when the user named any root or endpoint: then only the named engines are captured. */
  readonly explicit: boolean;
  /** --engine: a kind or an engines.id; an instance it does not select is not read at all. */
  readonly selector: string | undefined;
  readonly logTailBytes: number;
  readonly apiTimeoutMs: number;
  /** Limits of the walk of each container's writable layer; null skips it (--no-drift). */
  readonly drift: DriftLimits | null;
  readonly sink: SnapshotSink;
}

/** The facts of the legacy snapshot columns (docker_root, docker_version…) an engine can fill. */
export type SnapshotFacts = Partial<Pick<SnapshotRow, 'docker_root' | 'exec_root' | 'docker_host' | 'docker_version' | 'storage_driver' | 'docker_root_era'>>;

export interface EngineResult {
  readonly engine: EngineRow;
  readonly errors: readonly CaptureError[];
  readonly facts: SnapshotFacts;
}

/** One engine instance being captured; its root has been read, its API may still be answering. */
export interface EngineSession {
  readonly id: string;
  readonly kind: string;
  /** The process's role when it is this engine's (daemon side, or in one of its containers). */
  claim(process: ProcessIdentity): ProcessRole | undefined;
  /** Waits for the API, merges its answers and hands every remaining row to the sink (containers stamped with the engine). Never throws on host state. */
  finish(): Promise<EngineResult>;
  /**
   * The containers this engine runs through a containerd, by the namespace they have there (Docker's
   * are `moby/<id>`), and the containerd root whose images of that namespace it read as its own
   * (Docker's containerd image store): a containerd read as an engine of its own leaves them to this
   * one, which knows more.
   */
  readonly containerdNamespace?: { readonly name: string; readonly containerIds: ReadonlySet<string>; readonly imagesRoot: string | null };
}

export interface EngineModule {
  readonly kind: string;
  /**
   * Opens a session per instance of this engine to capture: those the roots name, else (live,
   * nothing named) those the host shows.
   * `opened` are the sessions of the engines opened before this one (see containerdNamespace).
   * @throws InputError offline when a named root is not one of this engine's
   */
  open(context: EngineContext, opened: readonly EngineSession[]): Promise<EngineSession[]>;
}

/** engines.id: the kind and the data root, readable and unique on a host. */
export function engineId(kind: string, dataRoot: string): string {
  return `${kind}:${dataRoot}`;
}

/** Whether `--engine` (a kind or an id) selects this engine; no selector selects all. */
export function engineSelected(selector: string | undefined, kind: string, id?: string): boolean {
  if (selector === undefined) return true;
  if (selector === kind) return true;
  return id !== undefined ? selector === id : selector.startsWith(`${kind}:`);
}
