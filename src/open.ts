import { detectBundleKind } from './bundle/detect.js';
import { openSnapshotDb, type SnapshotDb } from './store/open.js';

/**
 * Opens a snapshot for reading. Every command that reads a snapshot goes through here. A bundle
 * (tar or tar.gz) is accepted too: its snapshot is verified and opened from a private temporary
 * copy, removed on close.
 * @throws InputError when the file is not a snapshot (or a valid bundle) this docksnap can read.
 */
export async function openSnapshot(path: string): Promise<SnapshotDb> {
  // The bundle reader (tar, gzip, the manifest schema) is loaded only for a bundle.
  return detectBundleKind(path) ? (await import('./bundle/open-bundle.js')).openBundleSnapshot(path) : openSnapshotDb(path);
}
