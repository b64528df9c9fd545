import type { SnapshotDb } from '../store/open.js';
import { readCaptureErrors, readSnapshotMeta, type CaptureErrorView, type SnapshotMeta } from '../read/meta.js';

export interface ListeningPort {
  readonly proto: string;
  readonly address: string | null;
  readonly port: number | null;
  readonly pid: number | null;
  readonly process: string | null;
  readonly container: string | null;
}

export interface BundleSummary {
  readonly snapshot: SnapshotMeta;
  readonly containers: readonly { name: string | null; id: string; state: string; image: string | null; pid: number | null; engine: string }[];
  readonly ports: readonly ListeningPort[];
  readonly errors: readonly CaptureErrorView[];
}

/** What summary.md shows, read from the (redacted) snapshot that goes into the bundle. */
export function readBundleSummary(db: SnapshotDb): BundleSummary {
  return {
    snapshot: readSnapshotMeta(db),
    containers: db.all("SELECT name, id, state, image_name AS image, pid, coalesce(engine_id, 'docker') AS engine FROM containers ORDER BY name, id"),
    // TCP sockets in LISTEN and bound UDP sockets, with the processes holding them (a socket
    // inherited by several processes is listed once per process).
    ports: db.all<ListeningPort>(
      `SELECT DISTINCT s.proto, s.local_address AS address, s.local_port AS port, f.pid, p.comm AS process, c.name AS container
       FROM sockets s
       LEFT JOIN process_fds f ON f.kind = 'socket' AND f.inode = s.inode AND s.inode <> 0
       LEFT JOIN processes p ON p.pid = f.pid
       LEFT JOIN containers c ON c.id = p.container_id
       WHERE s.proto <> 'unix' AND (s.state = 'LISTEN' OR (s.proto LIKE 'udp%' AND s.state = 'CLOSE'))
       ORDER BY s.local_port, s.proto, s.local_address, f.pid`,
    ),
    errors: readCaptureErrors(db),
  };
}
