import { basename, dirname, resolve } from 'node:path';
import { OperationError } from '../errors.js';
import { openSnapshotDb } from '../store/open.js';
import { assertTargetWritable, writeAtomically } from '../util/atomic-write.js';
import { openBundleDb } from './bundle-db.js';
import type { BundleManifest } from './manifest.js';
import { describeFailures, scanBundle } from './scan.js';

export interface ImportOptions {
  /** Snapshot file to write; default the bundle's name with .imported.db in the current directory. */
  readonly output?: string | undefined;
  readonly force: boolean;
}

export interface ImportSummary {
  readonly path: string;
  readonly manifest: BundleManifest;
}

/**
 * Imports a bundle's snapshot: the whole bundle is verified first, writing nothing; then
 * snapshot.db is streamed into a temporary file beside the target, checked again (digest, and a
 * valid docksnap snapshot) and moved into place. On any failure nothing is left behind.
 * @throws OperationError when the bundle fails verification; InputError when it is not a bundle,
 *   is hostile, holds no valid snapshot, or the output exists without force.
 */
export async function importBundle(bundle: string, options: ImportOptions): Promise<ImportSummary> {
  const path = resolve(options.output ?? defaultImportName(bundle));
  assertTargetWritable(path, options);
  const first = await scanBundle(bundle, { roomIn: dirname(path) });
  if (!first.valid || !first.manifest) throw new OperationError(bundle, `is not a valid bundle, nothing written: ${describeFailures(first.failures)}`);
  const manifest = first.manifest;
  await writeAtomically(path, options, async (temp) => {
    const second = await scanBundle(bundle, { snapshotTo: temp });
    if (!second.valid || second.manifest?.manifest_sha256 !== manifest.manifest_sha256) {
      throw new OperationError(bundle, 'changed while it was imported; nothing written');
    }
    openBundleDb(bundle, manifest, () => openSnapshotDb(temp)).close();
  });
  return { path, manifest };
}

/**
 * `after.tar.gz` → `after.imported.db`, in the current directory: a name that says it was
 * imported, never the name of the snapshot the bundle was exported from (which may sit beside it).
 * An existing file of that name is refused like any output (--force replaces it).
 */
export function defaultImportName(bundle: string): string {
  const name = basename(bundle);
  return `${name.replace(/\.(tar\.gz|tgz|tar)$/i, '')}.imported.db`;
}
