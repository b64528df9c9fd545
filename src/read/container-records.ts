import type { SnapshotDb } from '../store/open.js';
import type { ContainerLayerRow, ContainerMountRow, ContainerPortRow, ContainerRow } from '../types/snapshot.generated.js';
import { sha256Hex } from '../util/hash.js';
import { groupBy, parseJsonOrNull } from './group.js';

type Owned<T> = Omit<T, 'container_id'>;

/** Cgroup files that measure use rather than set a limit. */
const USAGE_FILES = "('memory.current', 'memory.usage_in_bytes')";

/** Everything the snapshot holds about each container, read with one query per table. */
export interface ContainerRecord {
  readonly container: Omit<ContainerRow, 'args'> & { readonly args: string[] };
  readonly env: readonly { name: string; value: string | null }[];
  readonly labels: readonly { key: string; value: string }[];
  readonly ports: readonly Owned<ContainerPortRow>[];
  readonly mounts: readonly Owned<ContainerMountRow>[];
  readonly layers: readonly Owned<ContainerLayerRow>[];
  /** The limits read from its cgroup files (usage files left out: they change by the second), by file name. */
  readonly cgroup_limits: readonly { file: string; value: string }[];
  /** The json log's size and a hash of its stored tail (the tail itself stays in the snapshot). */
  readonly log: { path: string; size: number; mtime: string | null; tail_sha256: string } | null;
  /** The body of GET /containers/<id>/json (JSON text, parsed only by who needs it); null when the API did not answer. */
  readonly inspect_json: string | null;
}

export function readContainerRecords(db: SnapshotDb): ContainerRecord[] {
  const all = <T extends { container_id: string }>(sql: string) => groupBy(db.all<T>(sql), (r) => r.container_id);
  const env = all<{ container_id: string; name: string; value: string | null }>('SELECT container_id, name, value FROM container_env ORDER BY container_id, position');
  const labels = all<{ container_id: string; key: string; value: string }>('SELECT container_id, key, value FROM container_labels ORDER BY container_id, key');
  const ports = all<ContainerPortRow>('SELECT * FROM container_ports ORDER BY container_id, container_port, proto, host_ip, host_port');
  const mounts = all<ContainerMountRow>('SELECT * FROM container_mounts ORDER BY container_id, destination');
  const layers = all<ContainerLayerRow>('SELECT * FROM container_layers ORDER BY container_id, position');
  const cgroupLimits = all<{ container_id: string; file: string; value: string }>(
    `SELECT container_id, file, value FROM container_cgroups WHERE file NOT IN ${USAGE_FILES} ORDER BY container_id, file`,
  );
  const logs = new Map(
    db.all<{ container_id: string; path: string; size: number; mtime: string | null; tail: Buffer }>('SELECT container_id, path, size, mtime, tail FROM container_logs')
      .map((l) => [l.container_id, { path: l.path, size: l.size, mtime: l.mtime, tail_sha256: sha256Hex(l.tail) }]),
  );
  const inspects = new Map(
    db.all<{ endpoint: string; body: string }>("SELECT endpoint, body FROM api_responses WHERE endpoint LIKE '/containers/%/json' AND endpoint <> '/containers/json'")
      .map((r) => [r.endpoint.slice('/containers/'.length, -'/json'.length), r.body]),
  );
  const strip = <T extends { container_id: string }>(rows: T[] | undefined): Owned<T>[] =>
    (rows ?? []).map(({ container_id: _owner, ...rest }) => rest);
  return db.all<ContainerRow>('SELECT * FROM containers ORDER BY id').map((row) => ({
    container: { ...row, args: parseArgs(row.args) },
    env: strip(env.get(row.id)),
    labels: strip(labels.get(row.id)),
    ports: strip(ports.get(row.id)),
    mounts: strip(mounts.get(row.id)),
    layers: strip(layers.get(row.id)),
    cgroup_limits: strip(cgroupLimits.get(row.id)),
    log: logs.get(row.id) ?? null,
    inspect_json: inspects.get(row.id) ?? null,
  }));
}

function parseArgs(text: string): string[] {
  const value = parseJsonOrNull(text);
  return Array.isArray(value) ? value.map(String) : [];
}
