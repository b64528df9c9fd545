/**
 * containerd behind the engine contract, read from disk with no gRPC client (so a dead disk reads
 * like a live host): the metadata database (namespaces, containers, images, leases, snapshot
 * references), the content store (manifests and image configs), the snapshotters' databases
 * (each container's snapshot chain down to its image layers), the runtime v2 state (each task's
 * config.json and init.pid) and the kubelet's pod logs. It claims its daemon, its shims and its
 * containers' processes.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { BoltFormatError } from '../docker-root/bbolt.js';
import { createRootReader, type RootReader } from '../docker-root/root-reader.js';
import { captureDockerDrift } from '../drift/index.js';
import { engineId, engineSelected, type EngineContext, type EngineModule, type EngineSession } from '../engine.js';
import { claimContainerdProcess } from './claim.js';
import { locateContainerd, META_DB, type ContainerdInstance } from './locate.js';
import { readMetadata, type ContainerdMetadata } from './metadata.js';
import { readContainers } from './read-containers.js';

export const containerdEngine: EngineModule = {
  kind: 'containerd',
  async open(context, opened) {
    const sessions: EngineSession[] = [];
    const clients = opened.flatMap((s) => (s.containerdNamespace ? [s.containerdNamespace] : []));
    const othersContainers = new Set(clients.flatMap((client) => [...client.containerIds].map((c) => `${client.name}/${c}`)));
    for (const instance of locateContainerd(context)) {
      const id = engineId('containerd', instance.root);
      // Docker's containerd image store: the namespace's images are Docker's, read by its engine from this root.
      const othersNamespaces = new Set(clients.filter((client) => client.imagesRoot !== null && resolve(client.imagesRoot) === resolve(instance.root)).map((client) => client.name));
      if (engineSelected(context.selector, 'containerd', id)) sessions.push(openContainerd(context, instance, id, { containers: othersContainers, imageNamespaces: othersNamespaces }));
    }
    return sessions;
  },
};

/** What other engines of the capture hold in this containerd: containers (`<namespace>/<id>`, see readContainers) and whole namespaces' images. */
interface OthersShare {
  readonly containers: ReadonlySet<string>;
  readonly imageNamespaces: ReadonlySet<string>;
}

function openContainerd(context: EngineContext, instance: ContainerdInstance, id: string, others: OthersShare): EngineSession {
  const root = createRootReader(instance.root, 'containerd-root');
  const everything = readMetadataOrReport(context, root);
  const metadata = { ...everything, images: everything.images.filter((i) => !others.imageNamespaces.has(i.namespace)) };
  const state = readerIfExists(instance.state);
  const logs = readerIfExists(instance.podLogs);
  const read = readContainers(context, { root, state, logs }, metadata, id, others.containers);
  context.sink.add('images', read.images.images);
  context.sink.add('image_tags', read.images.image_tags);
  context.sink.add('image_layers', read.images.image_layers);
  context.sink.add('container_layers', read.layers);
  context.sink.add('containerd_leases', metadata.leases.map((l) => ({
    engine_id: id, namespace: l.namespace, id: l.id, created_at: l.createdAt, labels: l.labels ? JSON.stringify(l.labels) : null, snapshots: l.snapshots, content: l.content,
  })));
  if (context.drift !== null) root.errors.push(...captureDockerDrift(read.layers.filter((l) => l.diff_path?.endsWith('/fs')), 'overlay2', context.drift, context.sink));
  const claimContext = { engineId: id, root: instance.root, address: instance.address, containers: new Set(read.rows.map((r) => r.container.id)), cgroups: read.cgroups };
  const daemon = context.processes.find((p) => claimContainerdProcess(p, claimContext)?.role === 'containerd');

  return {
    id,
    kind: 'containerd',
    claim: (p) => claimContainerdProcess(p, claimContext),
    async finish() {
      const containers = read.rows.map((r) => r.container);
      context.sink.add('containers', containers);
      context.sink.add('container_env', read.rows.flatMap((r) => r.env));
      context.sink.add('container_labels', read.rows.flatMap((r) => r.labels));
      context.sink.add('container_mounts', read.rows.flatMap((r) => r.mounts));
      context.sink.add('container_ports', read.rows.flatMap((r) => r.ports));
      return {
        engine: {
          id,
          kind: 'containerd',
          version: null,
          data_root: instance.root,
          run_root: state ? state.root : null,
          endpoint: null,
          api_answered: 0,
          pid: instance.pid ?? daemon?.pid ?? null,
          storage_driver: null,
          state_db: null,
          container_count: containers.length,
        },
        errors: [...root.errors, ...(state?.errors ?? []), ...(logs?.errors ?? [])],
        facts: {},
      };
    },
  };
}

const EMPTY: ContainerdMetadata = { schemaVersion: null, namespaces: [], containers: [], images: [], leases: [], snapshots: new Map() };

/** meta.db read whole; offline, a root without one is the user's mistake (exit 2), live one more thing not read. */
function readMetadataOrReport(context: EngineContext, root: RootReader): ContainerdMetadata {
  if (!root.stat(META_DB)) {
    if (context.offline) throw new InputError(root.root, `not a containerd root (no ${META_DB})`);
    root.problem('containerd root', `${root.root}/${META_DB}`, 'ENOENT', `no ${META_DB}: no containerd state to read`);
    return EMPTY;
  }
  const read = root.read('containerd metadata', META_DB, 'bolt');
  if (!read) return EMPTY;
  try {
    return readMetadata(read.bytes, (message) => root.problem('containerd metadata', read.path, 'bad-bolt', message));
  } catch (error) {
    if (!(error instanceof BoltFormatError)) throw error;
    root.problem('containerd metadata', read.path, error.code, error.message);
    return EMPTY;
  }
}

/** A reader of a directory that exists; undefined for none (no state read offline, no pod logs on this host). */
function readerIfExists(dir: string | undefined): RootReader | undefined {
  return dir !== undefined && existsSync(dir) ? createRootReader(dir, 'containerd-root') : undefined;
}
