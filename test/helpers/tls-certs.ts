/**
 * Certificates for a private TLS dockerd, made with openssl in a temporary directory: a CA, a
 * server certificate for 127.0.0.1 (IP SAN), a client certificate; the layout DOCKER_CERT_PATH
 * expects (ca.pem, cert.pem, key.pem) for the client, server-*.pem for the daemon.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsCerts {
  /** Client side: ca.pem, cert.pem, key.pem. */
  readonly clientDir: string;
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/** @throws Error with openssl's stderr when a step fails */
export function makeTlsCerts(dir: string, subject = 'docksnap-test'): TlsCerts {
  mkdirSync(dir, { recursive: true });
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => {
    const result = spawnSync('openssl', args, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr.trim()}`);
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${subject} CA`, '-keyout', at('ca-key.pem'), '-out', at('ca.pem'));
  writeFileSync(at('server.ext'), 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
  writeFileSync(at('client.ext'), 'extendedKeyUsage = clientAuth\n');
  for (const [name, ext, cn] of [['server', 'server.ext', '127.0.0.1'], ['client', 'client.ext', 'client']] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', at(`${name}-key.pem`), '-out', at(`${name}.csr`));
    openssl('x509', '-req', '-in', at(`${name}.csr`), '-CA', at('ca.pem'), '-CAkey', at('ca-key.pem'), '-CAcreateserial', '-days', '2', '-extfile', at(ext), '-out', at(`${name}-cert.pem`));
  }
  const clientDir = at('client');
  mkdirSync(clientDir);
  for (const [from, to] of [['ca.pem', 'ca.pem'], ['client-cert.pem', 'cert.pem'], ['client-key.pem', 'key.pem']] as const) {
    copyFileSync(at(from), join(clientDir, to));
  }
  chmodSync(join(clientDir, 'key.pem'), 0o600);
  return { clientDir, ca: at('ca.pem'), serverCert: at('server-cert.pem'), serverKey: at('server-key.pem') };
}
