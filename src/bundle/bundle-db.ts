import { InputError } from '../errors.js';
import type { SnapshotDb } from '../store/open.js';
import { listDigestProblem } from '../store/process-lists.js';
import { MEMBER, type BundleManifest } from './manifest.js';

/**
 * The one check of a bundle's snapshot.db that verify, import and show share: it opens as a
 * docksnap snapshot (every check of openSnapshotDb) of the schema the manifest states, whose
 * process list digests are those of its lists.
 * Errors name the bundle, not the private copy.
 * @throws InputError when it is not such a snapshot.
 */
export function openBundleDb(bundle: string, manifest: BundleManifest, open: () => SnapshotDb): SnapshotDb {
  let db: SnapshotDb;
  try {
    db = open();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(bundle, `its ${MEMBER.snapshot} ${error.why}`, { cause: error });
    throw error;
  }
  try {
    if (db.schemaVersion !== manifest.schema_version) {
      throw new InputError(bundle, `its ${MEMBER.snapshot} has schema ${db.schemaVersion} but the manifest says ${manifest.schema_version}`);
    }
    // A stranger's digests are not taken on trust: the diff would believe them.
    const digests = listDigestProblem(db);
    if (digests) throw new InputError(bundle, `its ${MEMBER.snapshot} ${digests}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
