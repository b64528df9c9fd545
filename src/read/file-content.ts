import { InputError } from '../errors.js';
import type { SnapshotDb } from '../store/open.js';

/** The name `docksnap cat` takes for a container's json log: its stored tail. */
export const LOG_NAME = 'log';

/**
 * The exact bytes the snapshot holds of one captured file: a container's (config.json,
 * config.lxc, hostconfig.json, config.v2.json, hosts, resolv.conf, oci-config.json…; `log` for
 * the json log's stored tail) or, with a null container, the daemon's (daemon.json). A name is a
 * file's role, or the last component of its path when that names one file only.
 * @throws InputError when the snapshot holds no such file, naming those it holds, or holds only
 *   its size and sha256 (a file over its size cap)
 */
export function readFileContent(db: SnapshotDb, containerId: string | null, name: string): Buffer {
  if (containerId !== null && name === LOG_NAME) {
    const log = db.get<{ tail: Buffer }>('SELECT tail FROM container_logs WHERE container_id = ?', containerId);
    if (log) return log.tail;
  }
  const owner = containerId === null ? 'container_id IS NULL' : 'container_id = ?';
  const params = containerId === null ? [] : [containerId];
  const byRole = db.get<StoredFile>(`SELECT size, sha256, content FROM files WHERE ${owner} AND role = ?`, ...params, name);
  if (byRole) return contentOf(byRole, name);
  const files = db.all<StoredFile & { role: string; path: string }>(`SELECT role, path, size, sha256, content FROM files WHERE ${owner} ORDER BY role`, ...params);
  const byBase = files.filter((f) => f.path.split('/').pop() === name);
  if (byBase.length === 1 && byBase[0]) return contentOf(byBase[0], name);
  const held = [...files.map((f) => f.role), ...(containerId !== null && db.get('SELECT 1 FROM container_logs WHERE container_id = ?', containerId) ? [LOG_NAME] : [])];
  const whose = containerId === null ? 'the daemon' : `container ${containerId.slice(0, 12)}`;
  throw new InputError(name, `is not a file captured for ${whose}; captured: ${held.length ? held.join(', ') : 'none'}`);
}

interface StoredFile {
  readonly size: number;
  readonly sha256: string | null;
  readonly content: Buffer | null;
}

function contentOf(file: StoredFile, name: string): Buffer {
  if (file.content !== null) return file.content;
  throw new InputError(name, `was not kept: ${file.size} bytes is over its size cap (README, Limits); its sha256 is ${file.sha256 ?? 'unknown'}`);
}
