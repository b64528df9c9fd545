import { UsageError } from '../../errors.js';

export type DockerEndpoint = { readonly socketPath: string } | { readonly host: string; readonly port: number };

/**
 * A DOCKER_HOST-style endpoint: unix:///path or tcp://host:port (plain HTTP; docksnap does not
 * speak TLS or ssh to daemons).
 * @throws UsageError for anything else
 */
export function parseDockerHost(dockerHost: string): DockerEndpoint {
  if (dockerHost.startsWith('unix://') && dockerHost.length > 'unix://'.length) return { socketPath: dockerHost.slice('unix://'.length) };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(dockerHost);
  if (tcp) return { host: tcp[1]!, port: Number(tcp[2]) };
  throw new UsageError('--docker-host', `${dockerHost} is not unix:///path or tcp://host:port`);
}
