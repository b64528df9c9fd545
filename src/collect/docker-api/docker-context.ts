/**
 * Which daemon the docker CLI would talk to, found the way it finds it (docker/cli
 * cli/command/cli.go resolveContextName, cli/context/store): --context, else -H (here
 * --docker-host) or DOCKER_HOST (the default context), else DOCKER_CONTEXT, else config.json's
 * currentContext. A context's endpoint and TLS files live in the context store under
 * DOCKER_CONFIG (default ~/.docker), keyed by the SHA-256 of the context's name.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../../errors.js';
import { errnoCode } from '../../util/errno.js';
import { readFileInRoot } from '../../util/fs-readonly.js';
import { READ_LIMITS } from '../../util/read-limits.js';
import { asObject } from '../container-rows.js';
import { parseDockerHost, type DockerApiTarget, type DockerTlsFiles } from './endpoint.js';

/** The docker CLI's environment variables, as handed to the capture (never read from process.env here). */
export interface DockerCliEnvironment {
  readonly DOCKER_HOST?: string | undefined;
  readonly DOCKER_CONTEXT?: string | undefined;
  readonly DOCKER_CONFIG?: string | undefined;
  readonly DOCKER_TLS?: string | undefined;
  readonly DOCKER_TLS_VERIFY?: string | undefined;
  readonly DOCKER_CERT_PATH?: string | undefined;
  readonly HOME?: string | undefined;
}

/** The daemon the docker CLI would ask, and the context that named it ('default': flags and environment). */
export interface ResolvedDockerEndpoint extends DockerApiTarget {
  readonly context: string;
}

export interface EndpointResolution {
  /** Undefined when nothing names a daemon: the default context with no DOCKER_HOST (docksnap then finds the dockerds running). */
  readonly endpoint: ResolvedDockerEndpoint | undefined;
  /** What the CLI would warn about and go on: an unreadable config.json. */
  readonly warnings: string[];
}

export const DEFAULT_CONTEXT = 'default';

/**
 * @throws UsageError for --context with --docker-host, an ssh:// or malformed endpoint;
 * InputError for a context that does not exist or whose metadata is unreadable
 */
export function resolveDockerEndpoint(given: { host?: string | undefined; context?: string | undefined }, env: DockerCliEnvironment): EndpointResolution {
  if (given.host !== undefined && given.context !== undefined) throw new UsageError('--context', 'cannot be given with --docker-host: either names the daemon');
  const configDir = env.DOCKER_CONFIG || (env.HOME ? join(env.HOME, '.docker') : undefined);
  const warnings: string[] = [];
  let named: { name: string; source: string } | undefined;
  if (given.context !== undefined) named = { name: given.context, source: '--context' };
  else if (given.host === undefined && !env.DOCKER_HOST) {
    if (env.DOCKER_CONTEXT) named = { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
    else if (configDir) {
      const current = currentContext(configDir, warnings);
      if (current) named = { name: current, source: `currentContext in ${join(configDir, 'config.json')}` };
    }
  }
  if (named === undefined || named.name === DEFAULT_CONTEXT) return { endpoint: defaultContext(given.host, env, configDir), warnings };
  if (configDir === undefined) throw new InputError(named.source, `context "${named.name}" does not exist: neither DOCKER_CONFIG nor HOME is set`);
  return { endpoint: storedContext(configDir, named.name, named.source), warnings };
}

/** The default context: -H or DOCKER_HOST, with TLS from DOCKER_TLS_VERIFY / DOCKER_TLS and DOCKER_CERT_PATH (default the config directory). */
function defaultContext(flagHost: string | undefined, env: DockerCliEnvironment, configDir: string | undefined): ResolvedDockerEndpoint | undefined {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  const useTls = verify || Boolean(env.DOCKER_TLS);
  const source = flagHost !== undefined ? '--docker-host' : 'DOCKER_HOST';
  const host = flagHost ?? (env.DOCKER_HOST || (useTls ? 'tcp://localhost:2376' : undefined));
  if (host === undefined) return undefined;
  const endpoint = parseDockerHost(host, useTls, source);
  if (!useTls || 'socketPath' in endpoint) return { host, tls: null, context: DEFAULT_CONTEXT };
  const certPath = env.DOCKER_CERT_PATH || configDir;
  if (certPath === undefined) throw new InputError('DOCKER_CERT_PATH', 'TLS is asked for but neither DOCKER_CERT_PATH, DOCKER_CONFIG nor HOME says where ca.pem, cert.pem and key.pem are');
  // As the CLI: ca.pem is required; a missing cert.pem or key.pem means no client certificate.
  const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map((name) => join(certPath, name)) as [string, string, string];
  if (!existsSync(ca)) throw new InputError(ca, `TLS is asked for (DOCKER_TLS${verify ? '_VERIFY' : ''}) but the CA file does not exist`);
  const withClientCert = existsSync(cert) && existsSync(key);
  return { host, tls: { ca, cert: withClientCert ? cert : null, key: withClientCert ? key : null, verify }, context: DEFAULT_CONTEXT };
}

/** A context from the store: meta.json's Endpoints.docker, and the TLS files stored beside it. */
function storedContext(configDir: string, name: string, source: string): ResolvedDockerEndpoint {
  const digest = createHash('sha256').update(name).digest('hex');
  const metaPath = join(configDir, 'contexts', 'meta', digest, 'meta.json');
  const meta = readJson(metaPath, (error) => {
    if (errnoCode(error) === 'ENOENT') return new InputError(source, `context "${name}" does not exist (no ${metaPath})`);
    return new InputError(metaPath, `context "${name}" cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  });
  const docker = asObject(asObject(asObject(meta)?.['Endpoints'])?.['docker']);
  const host = docker?.['Host'];
  if (typeof host !== 'string' || host === '') throw new InputError(metaPath, `context "${name}" has no docker endpoint (Endpoints.docker.Host)`);
  const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
  const present = (file: string) => (existsSync(join(tlsDir, file)) ? join(tlsDir, file) : null);
  const files = { ca: present('ca.pem'), cert: present('cert.pem'), key: present('key.pem') };
  const skipVerify = docker?.['SkipTLSVerify'] === true;
  const endpoint = parseDockerHost(host, false, `context "${name}"`);
  // As the CLI: TLS when the context stores any TLS file or skips verification; never on a socket.
  const hasMaterial = files.ca !== null || files.cert !== null || files.key !== null;
  const clientCert = files.cert !== null && files.key !== null;
  const tls: DockerTlsFiles | null =
    'socketPath' in endpoint || (!hasMaterial && !skipVerify)
      ? null
      : { ca: files.ca, cert: clientCert ? files.cert : null, key: clientCert ? files.key : null, verify: !skipVerify };
  return { host, tls, context: name };
}

function currentContext(configDir: string, warnings: string[]): string | undefined {
  const path = join(configDir, 'config.json');
  try {
    const value = asObject(readJson(path, (error) => error))?.['currentContext'];
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') warnings.push(`${path} ignored: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function readJson(path: string, failure: (error: unknown) => unknown): unknown {
  try {
    return JSON.parse(readFileInRoot('/', path, { cap: READ_LIMITS.text }).bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw failure(error);
  }
}
