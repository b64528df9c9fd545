import { posix } from 'node:path';
import type { InsertRows } from '../../types/snapshot.generated.js';
import { asObject, asString, type ContainerRows, type JsonObject } from '../container-rows.js';
import type { RootReader } from '../docker-root/root-reader.js';
import type { EngineContext } from '../engine.js';
import { jsonFileRow, type FileInsert } from '../file-row.js';
import { cgroupKey } from './claim.js';
import { containerdContainerRows, criFacts } from './container.js';
import { CRI_NAMESPACE, readCriStatus } from './cri-status.js';
import { hostPlatform, imageRows, type ImageRows } from './images.js';
import { META_DB } from './locate.js';
import type { ContainerdContainer, ContainerdMetadata } from './metadata.js';
import { readPodLog } from './pod-logs.js';
import { decodeAny } from './protobuf-any.js';
import { readTask } from './runtime-state.js';
import { snapshotChains } from './snapshots.js';

const CRI_METADATA = 'io.cri-containerd.container.metadata';
const CRI_SANDBOX_METADATA = 'io.cri-containerd.sandbox.metadata';

export interface ContainerdReaders {
  readonly root: RootReader;
  /** The state directory (--state), when read. */
  readonly state: RootReader | undefined;
  /** The kubelet's pod log root, when read. */
  readonly logs: RootReader | undefined;
}

export interface ContainersRead {
  readonly rows: ContainerRows[];
  readonly images: ImageRows;
  readonly layers: InsertRows<'container_layers'>;
  /** Container keys by their cgroup (see claim.ts cgroupKey). */
  readonly cgroups: Map<string, string>;
}

/**
 * Every container of every namespace as rows, with its images and layer chains; the files
 * (spec, CRI metadata, the task's config.json and init.pid, the CRI's status checkpoint) and pod
 * logs go to the sink as read.
 * `othersContainers` (`<namespace>/<id>`) are containers another engine of the capture runs through
 * this containerd (Docker's, in `moby`): each is listed once, as that engine's, with meta.db's record
 * of it kept as its files. A container of `moby` Docker does not know (left behind by a dockerd that
 * died) stays containerd's.
 */
export function readContainers(context: EngineContext, readers: ContainerdReaders, metadata: ContainerdMetadata, engineId: string, othersContainers: ReadonlySet<string>): ContainersRead {
  const { root } = readers;
  const chains = snapshotChains(root, metadata.snapshots);
  const images = imageRows(root, metadata.images, chains, hostPlatform());
  const pids = new Set(context.processes.map((p) => p.pid));
  const alive = context.procRoot === undefined ? undefined : (pid: number) => pids.has(pid);
  const read: ContainersRead = { rows: [], images, layers: [], cgroups: new Map() };
  for (const c of metadata.containers) {
    const key = `${c.namespace}/${c.id}`;
    if (othersContainers.has(key)) {
      context.sink.add('files', storedDocuments(root, c, c.id).files);
      continue;
    }
    const stored = storedDocuments(root, c, key);
    const task = readTask(readers.state, c.namespace, c.id, alive);
    const chain = c.snapshotter && c.snapshotKey ? chains.chain(c.namespace, c.snapshotter, c.snapshotKey) : [];
    chain.forEach((link, position) => read.layers.push({
      container_id: key, position, role: position === 0 && link.key === null ? 'rw' : 'image', layer_id: link.id,
      chain_id: link.key?.startsWith('sha256:') ? link.key : null, diff_path: link.diffPath,
    }));
    const cri = c.namespace === CRI_NAMESPACE ? readCriStatus(root, c.id) : undefined;
    const run = { task: task.task, stateRead: readers.state !== undefined, cri: cri?.status };
    const rows = containerdContainerRows(c, stored.spec, run, {
      engineId, imageId: c.image ? (images.idOf.get(`${c.namespace}/${c.image}`) ?? null) : null, rwLayer: chain[0]?.id ?? null, sandbox: stored.sandbox,
    });
    const log = readers.logs ? readPodLog(readers.logs, key, criFacts(c.labels, stored.spec), context.logTailBytes) : undefined;
    if (log) context.sink.add('container_logs', [log]);
    read.rows.push(log ? { ...rows, container: { ...rows.container, log_path: log.path, log_driver: 'cri' } } : rows);
    context.sink.add('files', [...stored.files, ...task.files, ...(cri?.files ?? [])]);
    const cgroup = cgroupKey(asString(asObject(stored.spec['linux'])?.['cgroupsPath']));
    if (cgroup) read.cgroups.set(cgroup, key);
  }
  return read;
}

/**
 * The spec and CRI metadata (a container's, or a pod sandbox's) meta.db holds for a container,
 * parsed, and kept as files rows of `owner` (path <meta.db>#<bucket path>).
 */
function storedDocuments(root: RootReader, c: ContainerdContainer, owner: string): { spec: JsonObject; sandbox: JsonObject | undefined; files: FileInsert[] } {
  const key = `${c.namespace}/${c.id}`;
  const stat = root.stat(META_DB);
  const files: FileInsert[] = [];
  const document = (bytes: Buffer | undefined, role: string, bucketPath: string): JsonObject | undefined => {
    const any = bytes ? decodeAny(bytes) : undefined;
    if (!bytes) return undefined;
    const path = `${posix.join(root.root, META_DB)}#v1/${c.namespace}/containers/${c.id}/${bucketPath}`;
    if (!any || any.json === undefined) {
      root.problem(`container ${key}`, path, 'bad-protobuf', `${bucketPath} is not a protobuf Any holding JSON`);
      return undefined;
    }
    // The value is a record inside the database file: its own size, the database's mode and mtime.
    if (stat) files.push({ ...jsonFileRow(owner, role, { path, bytes: any.value, stat }, any.json), size: any.value.length });
    return asObject(any.json);
  };
  const spec = document(c.spec, 'containerd-spec.json', 'spec') ?? {};
  document(c.extensions.get(CRI_METADATA), 'cri-metadata.json', `extensions/${CRI_METADATA}`);
  const sandbox = document(c.extensions.get(CRI_SANDBOX_METADATA), 'cri-sandbox-metadata.json', `extensions/${CRI_SANDBOX_METADATA}`);
  return { spec, sandbox, files };
}
