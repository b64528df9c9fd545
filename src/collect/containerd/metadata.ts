/**
 * containerd's metadata database, io.containerd.metadata.v1.bolt/meta.db (bbolt, layout in
 * containerd's metadata/buckets.go): per namespace its containers, images, snapshot references
 * and leases. Read whole in one bounded walk; values a crafted file gets wrong are left null.
 */
import { readBoltTree, type BoltTree } from '../docker-root/bbolt.js';
import { goTime, stringMap, text, uvarint, varint } from './bolt-values.js';

export interface ContainerdContainer {
  readonly namespace: string;
  readonly id: string;
  readonly image: string | null;
  readonly runtime: string | null;
  readonly snapshotter: string | null;
  readonly snapshotKey: string | null;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
  readonly labels: Record<string, string> | undefined;
  /** The spec, a protobuf Any, as stored. */
  readonly spec: Buffer | undefined;
  /** Extensions (CRI's container metadata…), each a protobuf Any, by name. */
  readonly extensions: Map<string, Buffer>;
}

export interface ContainerdImage {
  readonly namespace: string;
  readonly name: string;
  readonly createdAt: string | null;
  readonly targetDigest: string | null;
  readonly targetMediaType: string | null;
  readonly labels: Record<string, string> | undefined;
}

export interface ContainerdLease {
  readonly namespace: string;
  readonly id: string;
  readonly createdAt: string | null;
  readonly labels: Record<string, string> | undefined;
  readonly snapshots: number;
  readonly content: number;
}

/** A namespace's snapshot reference: the backend name the snapshotter knows it by, and its parent's key. */
export interface SnapshotReference {
  readonly name: string | null;
  readonly parent: string | null;
}

export interface ContainerdMetadata {
  readonly schemaVersion: number | null;
  readonly namespaces: string[];
  readonly containers: ContainerdContainer[];
  readonly images: ContainerdImage[];
  readonly leases: ContainerdLease[];
  /** By namespace, then snapshotter, then the namespace's snapshot key. */
  readonly snapshots: Map<string, Map<string, Map<string, SnapshotReference>>>;
}

/** Levels below v1 read: namespace / leases / lease / snapshots / snapshotter / key. */
const DEPTH = 5;

/** @throws BoltFormatError when the file is not a bbolt database or its pages are unusable */
export function readMetadata(file: Buffer, onProblem: (message: string) => void): ContainerdMetadata {
  const v1 = readBoltTree(file, ['v1'], DEPTH, onProblem);
  const metadata: ContainerdMetadata = { schemaVersion: varint(v1.pairs.get('version')), namespaces: [], containers: [], images: [], leases: [], snapshots: new Map() };
  for (const [namespace, ns] of v1.buckets) {
    metadata.namespaces.push(namespace);
    for (const [id, c] of ns.buckets.get('containers')?.buckets ?? []) metadata.containers.push(container(namespace, id, c));
    for (const [name, image] of ns.buckets.get('images')?.buckets ?? []) {
      const target = image.buckets.get('target');
      metadata.images.push({ namespace, name, createdAt: goTime(image.pairs.get('createdat')), targetDigest: text(target, 'digest'), targetMediaType: text(target, 'mediatype'), labels: stringMap(image.buckets.get('labels')) });
    }
    for (const [id, lease] of ns.buckets.get('leases')?.buckets ?? []) {
      const snapshots = [...(lease.buckets.get('snapshots')?.buckets.values() ?? [])].reduce((n, s) => n + s.pairs.size, 0);
      metadata.leases.push({ namespace, id, createdAt: goTime(lease.pairs.get('createdat')), labels: stringMap(lease.buckets.get('labels')), snapshots, content: lease.buckets.get('content')?.pairs.size ?? 0 });
    }
    const bySnapshotter = new Map<string, Map<string, SnapshotReference>>();
    for (const [snapshotter, keys] of ns.buckets.get('snapshots')?.buckets ?? []) {
      bySnapshotter.set(snapshotter, new Map([...keys.buckets].map(([key, s]) => [key, { name: text(s, 'name'), parent: text(s, 'parent') }])));
    }
    metadata.snapshots.set(namespace, bySnapshotter);
  }
  return metadata;
}

function container(namespace: string, id: string, c: BoltTree): ContainerdContainer {
  return {
    namespace,
    id,
    image: text(c, 'image'),
    runtime: text(c.buckets.get('runtime'), 'name'),
    snapshotter: text(c, 'snapshotter'),
    snapshotKey: text(c, 'snapshotKey'),
    createdAt: goTime(c.pairs.get('createdat')),
    updatedAt: goTime(c.pairs.get('updatedat')),
    labels: stringMap(c.buckets.get('labels')),
    spec: c.pairs.get('spec'),
    extensions: new Map(c.buckets.get('extensions')?.pairs ?? []),
  };
}

/** A snapshotter's own database (snapshots/storage/bolt.go): each backend name's id (its directory) , kind and parent. */
export interface BackendSnapshot {
  readonly id: number | null;
  /** 1 view, 2 active, 3 committed. */
  readonly kind: number | null;
  readonly parent: string | null;
}

/** @throws BoltFormatError when the file is not a bbolt database or its pages are unusable */
export function readSnapshotterDb(file: Buffer, onProblem: (message: string) => void): Map<string, BackendSnapshot> {
  const snapshots = readBoltTree(file, ['v1', 'snapshots'], 1, onProblem);
  return new Map([...snapshots.buckets].map(([name, s]) => [name, { id: uvarint(s.pairs.get('id')), kind: s.pairs.get('kind')?.[0] ?? null, parent: text(s, 'parent') }]));
}
