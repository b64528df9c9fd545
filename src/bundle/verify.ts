import { openSnapshotBytes } from '../store/open.js';
import { openBundleDb } from './bundle-db.js';
import { MEMBER } from './manifest.js';
import { scanBundle, type ScanReport } from './scan.js';

export type VerifyReport = ScanReport;

/**
 * Checks a bundle without writing anything: the manifest, every member's size and SHA-256, and
 * SHA256SUMS; then every check import makes of snapshot.db (a docksnap snapshot of a supported
 * schema, the one the manifest states, its tables and columns as that schema defines them),
 * opened in memory. `valid` is false with the failing members named in `failures`.
 * @throws InputError for a file that is not a bundle, is truncated, hostile or from a newer
 *   docksnap, or whose intact snapshot.db is not a valid snapshot.
 */
export async function verifyBundle(path: string): Promise<VerifyReport> {
  const report = await scanBundle(path, { snapshotTo: 'memory' });
  if (report.valid && report.manifest) {
    const bytes = report.snapshotBytes ?? Buffer.alloc(0);
    openBundleDb(path, report.manifest, () => openSnapshotBytes(bytes, MEMBER.snapshot)).close();
  }
  const { snapshotBytes: _bytes, ...rest } = report;
  return rest;
}
