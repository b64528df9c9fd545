import type Docker from 'dockerode';
import { parseDockerHost } from './endpoint.js';

/**
 * A dockerode client for a DOCKER_HOST-style endpoint. dockerode is loaded here, on first use,
 * so that commands and captures that never talk to a daemon do not pay for loading it.
 * `timeoutMs` bounds each request's inactivity, so a hung daemon cannot stall a capture.
 * @throws UsageError for an endpoint docksnap cannot use
 */
export async function createDockerClient(dockerHost: string, timeoutMs: number): Promise<Docker> {
  const endpoint = parseDockerHost(dockerHost);
  const { default: DockerClient } = await import('dockerode');
  return 'socketPath' in endpoint
    ? new DockerClient({ socketPath: endpoint.socketPath, timeout: timeoutMs })
    : new DockerClient({ host: endpoint.host, port: endpoint.port, protocol: 'http', timeout: timeoutMs });
}
