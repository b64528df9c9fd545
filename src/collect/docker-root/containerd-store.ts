/**
 * Docker's containerd image store (Docker 24+ with the feature on, the default of a fresh Docker
 * 29): no image/<driver>/ and no layerdb; a container's config.v2.json names a containerd
 * snapshotter as its Driver, its image is an image of containerd's `moby` namespace (by its target
 * digest), and its layers are the snapshots keyed by the container id (and <id>-init) there.
 */
import { BoltFormatError } from './bbolt.js';
import { createRootReader, type RootReader } from './root-reader.js';
import { hostPlatform, imageRows, type ImageRows } from '../containerd/images.js';
import { META_DB } from '../containerd/locate.js';
import { readMetadata } from '../containerd/metadata.js';
import { snapshotChains, type SnapshotChain } from '../containerd/snapshots.js';
import type { TableInserts } from '../../types/snapshot.generated.js';

/** The containerd namespace Docker keeps its containers (and, with the containerd image store, its images) in. */
export const MOBY_NAMESPACE = 'moby';

/** The snapshotters Docker's containerd store names as a container's Driver. */
export const CONTAINERD_SNAPSHOTTERS = new Set(['overlayfs', 'native', 'btrfs', 'zfs', 'fuse-overlayfs', 'stargz']);

export interface ContainerdStore {
  readonly root: string;
  readonly images: ImageRows;
  /** A container's layer chain: rw, init, then its image's layers. */
  layers(containerId: string, snapshotter: string): TableInserts['container_layers'][];
}

/** Undefined when `root` holds no meta.db; read problems land in `errors` of the Docker root's reader. */
export function readContainerdStore(root: string, dockerReader: RootReader): ContainerdStore | undefined {
  const reader = createRootReader(root, 'containerd-root');
  if (!reader.stat(META_DB)) return undefined;
  const read = reader.read('containerd metadata', META_DB, 'bolt');
  let chains: SnapshotChain | undefined;
  let images: ImageRows = { images: [], image_tags: [], image_layers: [], idOf: new Map() };
  try {
    const metadata = read ? readMetadata(read.bytes, (message) => reader.problem('containerd metadata', read.path, 'bad-bolt', message)) : undefined;
    if (metadata) {
      chains = snapshotChains(reader, metadata.snapshots);
      images = imageRows(reader, metadata.images.filter((i) => i.namespace === MOBY_NAMESPACE), chains, hostPlatform(), 'target');
    }
  } catch (error) {
    if (!(error instanceof BoltFormatError)) throw error;
    reader.problem('containerd metadata', read?.path ?? root, error.code, error.message);
  }
  dockerReader.errors.push(...reader.errors.splice(0));
  return {
    root,
    images,
    layers(containerId, snapshotter) {
      const chain = chains?.chain(MOBY_NAMESPACE, snapshotter, containerId) ?? [];
      dockerReader.errors.push(...reader.errors.splice(0));
      if (chain.length === 0) dockerReader.problem(`container ${containerId}`, root, 'ENOENT', `containerd's ${MOBY_NAMESPACE} namespace has no ${snapshotter} snapshot for this container`);
      return chain.map((link, position) => ({
        container_id: containerId,
        position,
        role: position === 0 && link.key === null ? 'rw' : link.key === `${containerId}-init` ? 'init' : 'image',
        layer_id: link.id,
        chain_id: link.key?.startsWith('sha256:') ? link.key : null,
        diff_path: link.diffPath,
      }));
    },
  };
}
