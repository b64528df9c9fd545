import type Docker from 'dockerode';
import { Agent } from 'node:https';
import { parseDockerHost, type DockerApiTarget } from './endpoint.js';
import { readTlsMaterial } from './tls.js';

/** A client, and the warnings its TLS files gave (a key others can read). */
export interface DockerClient {
  readonly docker: Docker;
  readonly warnings: string[];
}

/**
 * A dockerode client for a DOCKER_HOST-style endpoint, over TLS when the target says so. dockerode
 * is loaded here, on first use, so that commands and captures that never talk to a daemon do not
 * pay for loading it. `timeoutMs` bounds each request's inactivity, so a hung daemon cannot stall
 * a capture. Every connection option is given, so that docker-modem's own reading of the
 * process's DOCKER_* variables never adds to them.
 * @throws UsageError for an endpoint docksnap cannot use; fs errors for unreadable TLS files
 */
export async function createDockerClient(target: string | DockerApiTarget, timeoutMs: number): Promise<DockerClient> {
  const { host, tls } = typeof target === 'string' ? { host: target, tls: null } : target;
  const endpoint = parseDockerHost(host, tls !== null);
  const { default: DockerClient } = await import('dockerode');
  const unset = { socketPath: undefined, host: undefined, port: undefined, ca: undefined, cert: undefined, key: undefined, agent: undefined };
  if ('socketPath' in endpoint) return { docker: new DockerClient({ ...unset, socketPath: endpoint.socketPath, protocol: 'http', timeout: timeoutMs }), warnings: [] };
  if (tls === null) return { docker: new DockerClient({ ...unset, host: endpoint.host, port: endpoint.port, protocol: 'http', timeout: timeoutMs }), warnings: [] };
  const material = readTlsMaterial(tls);
  const pem = { ca: material.ca, cert: material.cert, key: material.key };
  // The docker CLI's InsecureSkipVerify: no check of the daemon's certificate at all, its CA included.
  const agent = new Agent({ ...pem, rejectUnauthorized: material.verify, keepAlive: false });
  return {
    // docker-modem hands `agent` to https.request; @types/dockerode does not list it.
    docker: new DockerClient({ ...unset, ...pem, host: endpoint.host, port: endpoint.port, protocol: 'https', timeout: timeoutMs, ...{ agent } }),
    warnings: material.warnings,
  };
}
