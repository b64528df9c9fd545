/**
 * NODE_EXTRA_CA_CERTS, applied where docksnap needs it. With that variable set, Node 20 builds its
 * whole TLS root store while starting (0.04 s for its own roots, more for the file: 0.09 s with
 * a distribution's bundle), on every run, though a run seldom opens a TLS connection. docksnap's
 * launchers (the package's bin, src/cli/docksnap, and the bundled CLI's `#!` line) start Node
 * without it and pass its value as DOCKSNAP_NODE_EXTRA_CA_CERTS; the CLI puts it back for child
 * processes at start (takeDeferredExtraCa), and a TLS connection that trusts the default roots
 * gets them with the file's certificates (defaultTrustedCas), as Node would have trusted them.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describeError } from '../../util/errno.js';
import { readFileInRoot } from '../../util/fs-readonly.js';
import { READ_LIMITS } from '../../util/read-limits.js';

export const DEFERRED_EXTRA_CA = 'DOCKSNAP_NODE_EXTRA_CA_CERTS';

/**
 * Node's own roots, required only when a connection needs them: an ES import of node:tls reads
 * every export of it as the CLI starts, and `rootCertificates` parses all of Node's roots
 * (about 7 ms on every command, which this module is loaded by).
 */
function nodeRootCertificates(): readonly string[] {
  return (createRequire(import.meta.url)('node:tls') as typeof import('node:tls')).rootCertificates;
}

/** The file Node was started without; undefined when it loaded NODE_EXTRA_CA_CERTS itself, or there is none. */
let deferredFile: string | undefined;

/** Takes the launcher's variable out of `env` and puts NODE_EXTRA_CA_CERTS back, so that child processes see the environment the user set. */
export function takeDeferredExtraCa(env: NodeJS.ProcessEnv): void {
  const file = env[DEFERRED_EXTRA_CA];
  delete env[DEFERRED_EXTRA_CA];
  if (file === undefined || file === '') return;
  env['NODE_EXTRA_CA_CERTS'] = file;
  deferredFile = file;
}

/**
 * The CAs a TLS connection given no CA of its own trusts: undefined (Node's default, which holds
 * NODE_EXTRA_CA_CERTS when Node loaded it) unless the launcher deferred the file; then Node's
 * roots and the file's certificates. The file is read as the endpoint's own TLS files are (a
 * regular file, capped); one that cannot be read is left out with a warning, as Node leaves it out.
 */
export function defaultTrustedCas(warnings: string[]): string[] | undefined {
  if (deferredFile === undefined) return undefined;
  try {
    return [...nodeRootCertificates(), readFileInRoot('/', resolve(deferredFile), { cap: READ_LIMITS.text }).bytes.toString('latin1')];
  } catch (error) {
    warnings.push(`extra certificates from NODE_EXTRA_CA_CERTS (${deferredFile}) ignored: ${describeError(error)}`);
    return undefined;
  }
}
