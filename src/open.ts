import { openSnapshotDb, type SnapshotDb } from './store/open.js';

/**
 * Opens a snapshot for reading. Every command that reads a snapshot goes through here.
 * @throws InputError when the file is not a snapshot this docksnap can read.
 */
export function openSnapshot(path: string): SnapshotDb {
  return openSnapshotDb(path);
}
