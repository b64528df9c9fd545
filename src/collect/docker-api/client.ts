import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type Docker from 'dockerode';
import { parseDockerHost, type DockerApiTarget } from './endpoint.js';
import { readTlsMaterial } from './tls.js';
import { withConnectionClock } from './lanes.js';

/** Makes a dockerode client whose agent calls `onConnection` when a connection is opened and when it is made (see lanes.ts). */
export type DockerClientFactory = (onConnection: () => void) => Docker;

/** A client factory, and the warnings its TLS files gave (a key others can read). */
export interface DockerClients {
  readonly clients: DockerClientFactory;
  readonly warnings: string[];
}

/**
 * dockerode clients for a DOCKER_HOST-style endpoint, over TLS when the target says so. dockerode
 * is loaded here, on first use, so that commands and captures that never talk to a daemon do not
 * pay for loading it. Each client has its own agent, opening one connection per request. Every
 * connection option is given, so that docker-modem's own reading of the process's DOCKER_*
 * variables never adds to them.
 * @throws UsageError for an endpoint docksnap cannot use; fs errors for unreadable TLS files
 */
export async function createDockerClients(target: string | DockerApiTarget): Promise<DockerClients> {
  const { host, tls } = typeof target === 'string' ? { host: target, tls: null } : target;
  const endpoint = parseDockerHost(host, tls !== null);
  const { default: DockerClient } = await import('dockerode');
  const unset = { socketPath: undefined, host: undefined, port: undefined, ca: undefined, cert: undefined, key: undefined, agent: undefined };
  // docker-modem hands `agent` to http(s).request; @types/dockerode does not list it.
  const make = (options: Docker.DockerOptions, agent: HttpAgent) => new DockerClient({ ...unset, ...options, ...{ agent } });
  if ('socketPath' in endpoint) return { clients: (on) => make({ socketPath: endpoint.socketPath, protocol: 'http' }, withConnectionClock(new HttpAgent({ keepAlive: false }), on)), warnings: [] };
  if (tls === null) return { clients: (on) => make({ host: endpoint.host, port: endpoint.port, protocol: 'http' }, withConnectionClock(new HttpAgent({ keepAlive: false }), on)), warnings: [] };
  const material = readTlsMaterial(tls);
  const pem = { ca: material.ca, cert: material.cert, key: material.key };
  return {
    // The docker CLI's InsecureSkipVerify: no check of the daemon's certificate at all, its CA included.
    clients: (on) => make({ ...pem, host: endpoint.host, port: endpoint.port, protocol: 'https' }, withConnectionClock(new HttpsAgent({ ...pem, rejectUnauthorized: material.verify, keepAlive: false }), on)),
    warnings: material.warnings,
  };
}
