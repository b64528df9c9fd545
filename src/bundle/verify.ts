import { scanBundle, type ScanReport } from './scan.js';

export type VerifyReport = ScanReport;

/**
 * Checks a bundle without writing anything: the manifest, every member's size and SHA-256, and
 * SHA256SUMS. `valid` is false with the failing members named in `failures`.
 * @throws InputError for a file that is not a bundle, is truncated, hostile or from a newer docksnap.
 */
export async function verifyBundle(path: string): Promise<VerifyReport> {
  return scanBundle(path);
}
