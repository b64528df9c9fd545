import { UsageError } from '../../errors.js';

/** TLS for a tcp endpoint, as the docker CLI sets it up: the files to read, and whether the daemon's certificate is verified. */
export interface DockerTlsFiles {
  /** CA bundle the daemon's certificate must chain to; null trusts the system's CAs. */
  readonly ca: string | null;
  /** Client certificate and key; null when the client presents none. */
  readonly cert: string | null;
  readonly key: string | null;
  /** False for the CLI's --tls without --tlsverify, or a context's SkipTLSVerify. */
  readonly verify: boolean;
}

/** A daemon to ask: its DOCKER_HOST-style address and, for tcp, TLS (null: plain HTTP). */
export interface DockerApiTarget {
  readonly host: string;
  readonly tls: DockerTlsFiles | null;
}

export type DockerEndpoint = { readonly socketPath: string } | { readonly host: string; readonly port: number; readonly tls: boolean };

/** Port the docker CLI adds to a tcp:// address without one. */
const DEFAULT_PORT = { plain: 2375, tls: 2376 } as const;

/**
 * A DOCKER_HOST-style endpoint: unix:///path, or tcp://host[:port] (with TLS when `tls`).
 * @param source what named it (--docker-host, DOCKER_HOST, context "name"), for the message
 * @throws UsageError for ssh:// (a capture must run on the host it reads) and anything else
 */
export function parseDockerHost(dockerHost: string, tls = false, source = '--docker-host'): DockerEndpoint {
  if (dockerHost.startsWith('unix://') && dockerHost.length > 'unix://'.length) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('ssh://')) {
    throw new UsageError(source, `${dockerHost} is reached over ssh, but a capture reads the host's /proc and files and must run on that host itself: run docksnap there (README "Many hosts": docksnap fleet)`);
  }
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]]+)(?::(\d+))?\/?$/.exec(dockerHost);
  const port = tcp ? Number(tcp[2] ?? (tls ? DEFAULT_PORT.tls : DEFAULT_PORT.plain)) : NaN;
  if (tcp && port > 0 && port < 65536) return { host: tcp[1]!.replace(/^\[|\]$/g, ''), port, tls };
  throw new UsageError(source, `${dockerHost} is not unix:///path or tcp://host[:port]`);
}
