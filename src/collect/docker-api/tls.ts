import { readFileInRoot } from '../../util/fs-readonly.js';
import { READ_LIMITS } from '../../util/read-limits.js';
import type { DockerTlsFiles } from './endpoint.js';
import { defaultTrustedCas } from './extra-ca.js';

/** TLS material read for one client: PEM bytes, and what the files' modes warn about. */
export interface DockerTlsMaterial {
  /** The endpoint's CA; else the default roots (undefined), or those and NODE_EXTRA_CA_CERTS's when docksnap loads them (extra-ca.ts). */
  readonly ca: Buffer | string[] | undefined;
  readonly cert: Buffer | undefined;
  readonly key: Buffer | undefined;
  readonly verify: boolean;
  /** One line per file that others may read (the private key, as ssh warns about its keys). */
  readonly warnings: string[];
}

/**
 * Reads the CA, certificate and key a tcp endpoint names (each a small PEM file, capped). A key
 * readable by group or others is used all the same, with a warning, as ssh would warn.
 * @throws fs errors (ENOENT, EACCES), OversizedFileError, NotRegularFileError
 */
export function readTlsMaterial(files: DockerTlsFiles): DockerTlsMaterial {
  const warnings: string[] = [];
  const read = (path: string | null) => (path === null ? undefined : readFileInRoot('/', path, { cap: READ_LIMITS.text }));
  const key = read(files.key);
  if (key && (key.stat.mode & 0o077) !== 0) {
    warnings.push(`${files.key} is readable by ${(key.stat.mode & 0o007) !== 0 ? 'others' : 'its group'} (mode ${(key.stat.mode & 0o777).toString(8).padStart(4, '0')}): a private key should be 0600`);
  }
  const ca = files.ca === null ? (files.verify ? defaultTrustedCas(warnings) : undefined) : read(files.ca)?.bytes;
  return { ca, cert: read(files.cert)?.bytes, key: key?.bytes, verify: files.verify, warnings };
}
