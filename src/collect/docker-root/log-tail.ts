import type { TableInserts } from '../../types/snapshot.generated.js';
import type { RootReader } from './root-reader.js';

/**
 * The container_logs row of a json log: its size and only its last `tailBytes` (one seek, so a
 * multi-GiB log costs no more than a small one). Undefined when there is no log file; a log that
 * exists but cannot be read leaves a capture_error row.
 */
export function readLogTail(reader: RootReader, id: string, path: string, tailBytes: number): TableInserts['container_logs'] | undefined {
  const read = reader.readTail(`container ${id}`, path, tailBytes);
  if (!read) return undefined;
  return {
    container_id: id,
    path: read.path,
    size: read.stat.size,
    mtime: read.stat.mtime.toISOString(),
    tail_offset: read.offset,
    tail: read.bytes,
  };
}
