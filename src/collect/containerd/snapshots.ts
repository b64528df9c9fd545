/**
 * Snapshot chains: a namespace's snapshot key (meta.db) names a backend snapshot, which the
 * snapshotter's own metadata.db gives an id (its directory, snapshots/<id>) and a parent, down
 * to the image's base layer. Chains are bounded and a loop in a crafted database ends them.
 */
import { posix } from 'node:path';
import { BoltFormatError } from '../docker-root/bbolt.js';
import type { RootReader } from '../docker-root/root-reader.js';
import { readSnapshotterDb, type BackendSnapshot, type SnapshotReference } from './metadata.js';

const MAX_CHAIN = 1024;
const SNAPSHOTTER_NAME = /^[a-z0-9_.-]+$/;

export interface ChainLink {
  /** The snapshot's directory name under snapshots/ (its id); the backend name when the snapshotter does not know it. */
  readonly id: string;
  /** The namespace's key of a committed snapshot: the image layer's chain id; null for the active one. */
  readonly key: string | null;
  /** Where the snapshot's files are under the containerd root; null when unknown. */
  readonly diffPath: string | null;
}

export interface SnapshotChain {
  /** The committed snapshot holding an image layer, by the layer's chain id. */
  committed(namespace: string, chainId: string): ChainLink | undefined;
  /** A container's snapshot and its parents, top first. */
  chain(namespace: string, snapshotter: string, key: string): ChainLink[];
}

/** `references`: meta.db's snapshots, by namespace then snapshotter then key. */
export function snapshotChains(root: RootReader, references: Map<string, Map<string, Map<string, SnapshotReference>>>): SnapshotChain {
  const backends = new Map<string, Map<string, BackendSnapshot>>();
  const backendOf = (snapshotter: string): Map<string, BackendSnapshot> => {
    let known = backends.get(snapshotter);
    if (known) return known;
    known = SNAPSHOTTER_NAME.test(snapshotter) ? readBackend(root, snapshotter) : new Map();
    backends.set(snapshotter, known);
    return known;
  };
  const link = (snapshotter: string, backendName: string, key: string | null): ChainLink => {
    const id = backendOf(snapshotter).get(backendName)?.id;
    if (id === null || id === undefined) return { id: backendName, key, diffPath: null };
    const dir = posix.join(root.root, `io.containerd.snapshotter.v1.${snapshotter}`, 'snapshots', String(id));
    return { id: String(id), key, diffPath: snapshotter === 'overlayfs' ? `${dir}/fs` : snapshotter === 'native' ? dir : null };
  };
  /** The namespace key a backend name stands for: <namespace>/<sequence>/<key>. */
  const keyOf = (backendName: string): string => backendName.split('/').slice(2).join('/');
  return {
    committed(namespace, chainId) {
      for (const [snapshotter, keys] of references.get(namespace) ?? []) {
        const name = keys.get(chainId)?.name;
        if (name) return link(snapshotter, name, chainId);
      }
      return undefined;
    },
    chain(namespace, snapshotter, key) {
      const top = references.get(namespace)?.get(snapshotter)?.get(key)?.name;
      if (!top) return [];
      const backend = backendOf(snapshotter);
      const links: ChainLink[] = [];
      const seen = new Set<string>();
      for (let name: string | null = top; name && !seen.has(name) && links.length < MAX_CHAIN; name = backend.get(name)?.parent ?? null) {
        seen.add(name);
        const committed = backend.get(name)?.kind === 3;
        links.push(link(snapshotter, name, committed ? keyOf(name) : null));
      }
      return links;
    },
  };
}

function readBackend(root: RootReader, snapshotter: string): Map<string, BackendSnapshot> {
  const path = `io.containerd.snapshotter.v1.${snapshotter}/metadata.db`;
  const read = root.read(`snapshotter ${snapshotter}`, path, 'bolt');
  if (!read) return new Map();
  try {
    return readSnapshotterDb(read.bytes, (message) => root.problem(`snapshotter ${snapshotter}`, read.path, 'bad-bolt', message));
  } catch (error) {
    if (!(error instanceof BoltFormatError)) throw error;
    root.problem(`snapshotter ${snapshotter}`, read.path, error.code, error.message);
    return new Map();
  }
}
