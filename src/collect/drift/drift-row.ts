import type { Stats } from 'node:fs';
import type { TableInserts } from '../../types/snapshot.generated.js';

export type DriftRow = TableInserts['container_drift'];
export type DriftKind = DriftRow['kind'];

export interface FileFacts {
  readonly linkTarget?: string | null;
  readonly sha256?: string | null;
  readonly hashSkipped?: 'too-large' | 'capture-cap' | 'unreadable' | null;
  readonly head?: Buffer | undefined;
  readonly opaque?: boolean;
}

/** The row of an entry present in the writable layer (added or modified). */
export function presentRow(containerId: string, path: string, kind: 'added' | 'modified', stat: Stats, facts: FileFacts): DriftRow {
  const mode = stat.mode & 0o7777;
  return {
    container_id: containerId,
    path,
    kind,
    type: fileType(stat),
    mode,
    uid: stat.uid,
    gid: stat.gid,
    size: stat.size,
    mtime: isoTime(stat.mtimeMs),
    link_target: facts.linkTarget ?? null,
    sha256: facts.sha256 ?? null,
    hash_skipped: facts.hashSkipped ?? null,
    magic: magic(facts.head),
    executable: stat.isFile() && (mode & 0o111) !== 0 ? 1 : 0,
    setuid: (mode & 0o4000) !== 0 ? 1 : 0,
    setgid: (mode & 0o2000) !== 0 ? 1 : 0,
    world_writable: !stat.isSymbolicLink() && (mode & 0o002) !== 0 ? 1 : 0,
    opaque: facts.opaque ? 1 : 0,
  };
}

/** The row of a deleted entry; `lower` is what the lower layers held there, when known. */
export function deletedRow(containerId: string, path: string, lower: Stats | undefined): DriftRow {
  return {
    container_id: containerId,
    path,
    kind: 'deleted',
    type: lower ? fileType(lower) : null,
    mode: null,
    uid: null,
    gid: null,
    size: null,
    mtime: null,
    link_target: null,
    sha256: null,
    hash_skipped: null,
    magic: null,
    executable: 0,
    setuid: 0,
    setgid: 0,
    world_writable: 0,
    opaque: 0,
  };
}

export function fileType(stat: Stats): string {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'dir';
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFIFO()) return 'fifo';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice()) return 'char';
  if (stat.isBlockDevice()) return 'block';
  return 'unknown';
}

function magic(head: Buffer | undefined): string | null {
  if (!head) return null;
  if (head.length >= 4 && head[0] === 0x7f && head.subarray(1, 4).toString('latin1') === 'ELF') return 'elf';
  if (head.length >= 2 && head.subarray(0, 2).toString('latin1') === '#!') return 'script';
  return null;
}

/** A layer's mtime is whatever its writer set: a time JavaScript cannot represent is recorded as NULL. */
function isoTime(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
