import type { SnapshotDb } from '../store/open.js';

/** One socket as `show --ports` reports it: who holds it, in which container. */
export interface PortView {
  readonly proto: string;
  readonly local_address: string;
  readonly local_port: number;
  readonly remote_address: string;
  readonly remote_port: number;
  readonly state: string;
  readonly pid: number | null;
  readonly process: string | null;
  readonly container_id: string | null;
  readonly container: string | null;
  readonly netns: string;
  readonly inode: number;
}

/**
 * The inet sockets of the snapshot held by a captured process, plus listening sockets no
 * captured process holds (pid null: some other process of that namespace). Sockets of a
 * container filter on `containerId`.
 */
export function readPorts(db: SnapshotDb, containerId?: string): PortView[] {
  const rows = db.all<PortView>(
    `SELECT s.proto, s.local_address, s.local_port, s.remote_address, s.remote_port, s.state,
            p.pid, p.comm AS process, p.container_id, COALESCE(c.name, substr(p.container_id, 1, 12)) AS container, s.netns, s.inode
       FROM sockets s
       LEFT JOIN process_fds f ON f.kind = 'socket' AND f.inode = s.inode AND s.inode <> 0
       LEFT JOIN processes p ON p.pid = f.pid
       LEFT JOIN containers c ON c.id = p.container_id
      WHERE s.proto <> 'unix' AND (p.pid IS NOT NULL OR s.state = 'LISTEN')
      GROUP BY s.id, p.pid
      ORDER BY s.local_port, s.proto, s.local_address, s.remote_address, s.remote_port, p.pid`,
  );
  return containerId === undefined ? rows : rows.filter((r) => r.container_id === containerId);
}
