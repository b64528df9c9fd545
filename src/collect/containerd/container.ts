import type { InsertRows, TableInserts } from '../../types/snapshot.generated.js';
import { asObject, asString, asStringArray, envRows, labelRows, portRows, type ContainerRows, type JsonObject } from '../container-rows.js';
import type { ContainerdContainer } from './metadata.js';
import type { CriStatus } from './cri-status.js';

/** The Kubernetes facts the CRI plugin records on a container (labels; its spec annotations as fallback). */
export interface CriFacts {
  readonly podName: string | null;
  readonly podNamespace: string | null;
  readonly podUid: string | null;
  readonly containerName: string | null;
  /** sandbox (the pod's pause container) or container. */
  readonly kind: string | null;
}

export function criFacts(labels: Record<string, string> | undefined, spec: JsonObject): CriFacts {
  const annotations = asObject(spec['annotations']) ?? {};
  const pick = (label: string, annotation: string): string | null => labels?.[label] ?? asString(annotations[annotation]);
  return {
    podName: pick('io.kubernetes.pod.name', 'io.kubernetes.cri.sandbox-name'),
    podNamespace: pick('io.kubernetes.pod.namespace', 'io.kubernetes.cri.sandbox-namespace'),
    podUid: pick('io.kubernetes.pod.uid', 'io.kubernetes.cri.sandbox-uid'),
    containerName: pick('io.kubernetes.container.name', 'io.kubernetes.cri.container-name'),
    kind: pick('io.cri-containerd.kind', 'io.kubernetes.cri.container-type'),
  };
}

/** What the runtime state says of the container's task: none, or its init pid and whether it runs. */
export interface TaskState {
  readonly pid: number | null;
  readonly running: boolean;
}

/** Where a container's run state comes from: its task in the runtime state (when that was read), the CRI's checkpoint of it. */
export interface RunEvidence {
  readonly task: TaskState | undefined;
  /** Whether the runtime state was read: without it, no task says nothing. */
  readonly stateRead: boolean;
  readonly cri: CriStatus | undefined;
}

/**
 * The rows of a containerd container: meta.db's record with its OCI spec (command, env, hostname,
 * network namespace, binds) and its run state (see runState).
 */
export function containerdContainerRows(
  c: ContainerdContainer,
  spec: JsonObject,
  run: RunEvidence,
  context: { engineId: string; imageId: string | null; rwLayer: string | null; sandbox: JsonObject | undefined },
): ContainerRows {
  const id = `${c.namespace}/${c.id}`;
  const process = asObject(spec['process']) ?? {};
  const argv = asStringArray(process['args']);
  const cri = criFacts(c.labels, spec);
  const state = runState(run);
  const finished = run.cri?.finishedAt ?? null;
  const container: TableInserts['containers'] = {
    id,
    name: cri.containerName ?? (cri.kind === 'sandbox' && cri.podName ? cri.podName : c.id),
    image_id: context.imageId,
    image_name: c.image,
    state,
    running: state === 'running' ? 1 : 0,
    pid: run.task?.pid ?? (state === 'running' ? (run.cri?.pid ?? null) : null),
    exit_code: run.cri?.exitCode ?? null,
    created_at: c.createdAt,
    started_at: run.cri?.startedAt ?? null,
    finished_at: finished,
    restart_count: null,
    oom_killed: finished === null ? null : run.cri?.reason === 'OOMKilled' ? 1 : 0,
    path: argv[0] ?? null,
    args: JSON.stringify(argv.slice(1)),
    hostname: asString(spec['hostname']),
    restart_policy: null,
    network_mode: networkMode(spec),
    storage_driver: c.snapshotter,
    mount_id: context.rwLayer,
    log_path: null,
    log_driver: null,
    config_format: 'containerd',
    source: 'containerd-root',
    engine_id: context.engineId,
    pod_id: cri.podUid,
    namespace: c.namespace,
    runtime: c.runtime,
    snapshotter: c.snapshotter,
    pod_name: cri.podName,
    pod_namespace: cri.podNamespace,
    cri_kind: cri.kind,
  };
  return { container, env: envRows(id, process['env']), labels: labelRows(id, c.labels), ports: sandboxPortRows(id, context.sandbox), mounts: bindRows(id, spec) };
}

/**
 * containerd keeps no exit record: a task whose init runs is `running`, one whose init is gone
 * `exited`. Without a task, the CRI's checkpoint (Kubernetes containers) says whether it ran and
 * finished; a started, unfinished one is `running` as recorded when no runtime state was read
 * (a disk read offline), and `exited` when the state was read and holds no task for it.
 * Anything else without a task is `created`.
 */
function runState({ task, stateRead, cri }: RunEvidence): string {
  if (task) return task.running ? 'running' : 'exited';
  if (cri?.finishedAt) return 'exited';
  if (cri?.startedAt) return stateRead ? 'exited' : 'running';
  return 'created';
}

/** host without a network namespace of its own; ns:<path> joining one; none for a new one (containerd sets up no network). */
function networkMode(spec: JsonObject): string | null {
  const linux = asObject(spec['linux']);
  if (!linux) return null;
  const namespaces = Array.isArray(linux['namespaces']) ? linux['namespaces'].map(asObject) : [];
  const network = namespaces.find((ns) => ns?.['type'] === 'network');
  if (!network) return 'host';
  const path = asString(network['path']);
  return path ? `ns:${path}` : 'none';
}

/** The CRI's PortMapping.Protocol, as its JSON numbers it. */
const CRI_PROTOCOLS = ['tcp', 'udp', 'sctp'];

/**
 * A pod's port mappings (a Kubernetes hostPort), from its sandbox's CRI metadata
 * (`{"Version":"v1","Metadata":{"Config":{"port_mappings":[{"protocol":1,"container_port":53,"host_port":53,"host_ip":"…"}]}}}`,
 * zero values left out): on the sandbox container, as Docker's published ports are on theirs, and
 * made into rows the way Docker's are (a mapping with no host port is an exposed port).
 */
function sandboxPortRows(id: string, sandbox: JsonObject | undefined): InsertRows<'container_ports'> {
  const config = asObject(asObject(sandbox?.['Metadata'])?.['Config']);
  const mappings = Array.isArray(config?.['port_mappings']) ? config['port_mappings'] : [];
  const exposed: string[] = [];
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const value of mappings) {
    const m = asObject(value);
    const port = m?.['container_port'];
    const protocol = m?.['protocol'] ?? 0;
    const hostPort = m?.['host_port'] ?? 0;
    if (!isPort(port) || typeof protocol !== 'number' || CRI_PROTOCOLS[protocol] === undefined || (hostPort !== 0 && !isPort(hostPort))) continue;
    const key = `${port}/${CRI_PROTOCOLS[protocol]}`;
    if (hostPort === 0) exposed.push(key);
    else (bindings[key] ??= []).push({ HostIp: asString(m?.['host_ip']) ?? '', HostPort: String(hostPort) });
  }
  return portRows(id, exposed, bindings);
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

function bindRows(id: string, spec: JsonObject): InsertRows<'container_mounts'> {
  const rows: InsertRows<'container_mounts'> = [];
  for (const value of Array.isArray(spec['mounts']) ? spec['mounts'] : []) {
    const m = asObject(value);
    const destination = asString(m?.['destination']);
    const options = asStringArray(m?.['options']);
    if (!m || !destination || !(m['type'] === 'bind' || options.includes('bind') || options.includes('rbind'))) continue;
    if (rows.some((r) => r.destination === destination)) continue;
    const propagation = options.find((o) => /^r?(shared|slave|private)$/.test(o)) ?? null;
    rows.push({ container_id: id, destination, type: 'bind', source: asString(m['source']), name: null, driver: null, rw: options.includes('ro') ? 0 : 1, propagation });
  }
  return rows;
}
