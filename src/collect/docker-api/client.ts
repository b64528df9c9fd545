import type { Agent } from 'node:http';
import type Docker from 'dockerode';
import { parseDockerHost } from './endpoint.js';

/** A dockerode client on the given agent: each request gets its own (see capped-get.ts). */
export type DockerClientFactory = (agent: Agent) => Docker;

/**
 * dockerode clients for a DOCKER_HOST-style endpoint. dockerode is loaded here, on first use,
 * so that commands and captures that never talk to a daemon do not pay for loading it.
 * @throws UsageError for an endpoint docksnap cannot use
 */
export async function createDockerClientFactory(dockerHost: string): Promise<DockerClientFactory> {
  const endpoint = parseDockerHost(dockerHost);
  const { default: DockerClient } = await import('dockerode');
  const where = 'socketPath' in endpoint ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port, protocol: 'http' as const };
  // docker-modem hands `agent` to http.request; @types/dockerode does not list it.
  return (agent) => new DockerClient({ ...where, agent } as Docker.DockerOptions & { agent: Agent });
}
