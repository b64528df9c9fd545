import type { SnapshotDb } from '../store/open.js';
import type { DaemonRow, NetworkRow, VolumeRow } from '../types/snapshot.generated.js';
import { parseJsonOrNull } from './group.js';

/** The captured daemon: its dockerd row, what the API said of it, its networks and volumes. */
export interface DaemonRecord {
  /** The dockerd this snapshot describes; null when none was found. */
  readonly daemon: (Omit<DaemonRow, 'hosts'> & { readonly hosts: string[] }) | null;
  /** How many dockerd processes the capture found, captured or not. */
  readonly dockerds: number;
  /** The body of GET /info; null when the API did not answer it. */
  readonly info: unknown;
  readonly networks: readonly NetworkRow[];
  readonly volumes: readonly VolumeRow[];
}

export function readDaemonRecord(db: SnapshotDb): DaemonRecord {
  const daemon = db.get<DaemonRow>('SELECT * FROM daemons WHERE captured = 1 ORDER BY pid LIMIT 1');
  const hosts = daemon ? parseJsonOrNull(daemon.hosts) : null;
  return {
    daemon: daemon ? { ...daemon, hosts: Array.isArray(hosts) ? hosts.map(String) : [] } : null,
    dockerds: db.get<{ n: number }>('SELECT count(*) AS n FROM daemons')?.n ?? 0,
    info: parseJsonOrNull(db.get<{ body: string }>("SELECT body FROM api_responses WHERE endpoint = '/info'")?.body ?? null),
    networks: db.all<NetworkRow>('SELECT * FROM networks ORDER BY name, id'),
    volumes: db.all<VolumeRow>('SELECT * FROM volumes ORDER BY name'),
  };
}
