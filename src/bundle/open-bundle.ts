import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { cleanUpOnInterrupt } from '../util/interrupt.js';
import { openSnapshotDb, type SnapshotDb } from '../store/open.js';
import { openBundleDb } from './bundle-db.js';
import { describeFailures, scanBundle } from './scan.js';

/**
 * Opens the snapshot inside a bundle: snapshot.db is extracted and verified into a private
 * temporary directory (mode 0700), checked as a docksnap snapshot, and the directory is removed
 * on close, on exit, and on SIGINT, SIGTERM or SIGHUP.
 * @throws InputError when the bundle is not valid, is hostile, or holds no valid snapshot.
 */
export async function openBundleSnapshot(path: string): Promise<SnapshotDb> {
  // Listening before the directory exists: a signal right after mkdtemp must find the handler.
  let dir: string | undefined;
  const removeDir = () => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  };
  const unregister = cleanUpOnInterrupt(removeDir);
  const remove = () => {
    removeDir();
    unregister();
  };
  try {
    dir = mkdtempSync(join(tmpdir(), 'docksnap-bundle-'));
  } catch (error) {
    unregister();
    throw error;
  }
  try {
    const target = join(dir, 'snapshot.db');
    const report = await scanBundle(path, { snapshotTo: target });
    if (!report.valid || !report.manifest) throw new InputError(path, `is not a valid bundle: ${describeFailures(report.failures)}`);
    const db = openBundleDb(path, report.manifest, () => openSnapshotDb(target));
    return {
      ...db,
      path,
      close: () => {
        db.close();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
