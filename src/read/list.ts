import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { describeError } from '../util/errno.js';
import { openSnapshotDb } from '../store/open.js';
import { countRows, readSnapshotMeta } from './meta.js';

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface SnapshotListing {
  readonly path: string;
  readonly host_name: string | null;
  readonly started_at: string;
  readonly mode: string;
  readonly container_count: number;
}

/**
 * The snapshots in `dir` (not recursive), newest capture first. Files that are not snapshots are
 * left out; those named *.db are reported in `skipped` with the reason.
 * @throws InputError when `dir` cannot be listed.
 */
export function listSnapshots(dir: string): { snapshots: SnapshotListing[]; skipped: SkippedFile[] } {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch (error) {
    throw new InputError(dir, `cannot be listed: ${describeError(error)}`, { cause: error });
  }
  const snapshots: SnapshotListing[] = [];
  const skipped: SkippedFile[] = [];
  for (const name of names.sort()) {
    const path = resolve(join(dir, name));
    try {
      snapshots.push(readListing(path));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      if (name.endsWith('.db')) skipped.push({ path, reason: error.why });
    }
  }
  snapshots.sort((a, b) => b.started_at.localeCompare(a.started_at) || a.path.localeCompare(b.path));
  return { snapshots, skipped };
}

/** @throws InputError when `path` is not a readable snapshot */
function readListing(path: string): SnapshotListing {
  const db = openSnapshotDb(path);
  try {
    const meta = readSnapshotMeta(db);
    return {
      path,
      host_name: meta.host_name,
      started_at: meta.started_at,
      mode: meta.mode,
      container_count: countRows(db, 'containers'),
    };
  } finally {
    db.close();
  }
}
