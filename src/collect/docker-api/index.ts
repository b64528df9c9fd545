import type Docker from 'dockerode';
import type { ApiResponseRow } from '../../types/snapshot.generated.js';
import { captureError, captureProblem, type CaptureError } from '../errors.js';
import { asObject, type JsonObject } from '../container-rows.js';
import { createDockerClient } from './client.js';

/** The Docker API's view of the daemon, as parsed bodies plus the raw responses to store. */
export interface ApiCapture {
  readonly version: JsonObject | undefined;
  readonly info: JsonObject | undefined;
  readonly containers: JsonObject[];
  readonly images: JsonObject[];
  readonly networks: JsonObject[];
  readonly volumes: JsonObject[];
  readonly responses: ApiResponseRow[];
  /** Request paths in the order they were made (for --trace-reads). */
  readonly requests: string[];
  readonly errors: CaptureError[];
}

const INSPECT_CONCURRENCY = 16;

/**
 * Asks the daemon at `dockerHost` for /version, /info, every container (with inspect), images,
 * networks and volumes. Never throws: an absent, refusing or hung daemon gives capture errors
 * naming what was missed, and the capture goes on without the API.
 */
export async function collectFromApi(dockerHost: string, timeoutMs: number): Promise<ApiCapture> {
  const result: ApiCapture = { version: undefined, info: undefined, containers: [], images: [], networks: [], volumes: [], responses: [], requests: [], errors: [] };
  let docker: Docker;
  try {
    docker = await createDockerClient(dockerHost, timeoutMs);
  } catch (error) {
    result.errors.push(captureError('api', 'daemon', dockerHost, error));
    return result;
  }
  /** One request, aborted as a whole at the deadline (docker-modem's own timeout only counts inactivity). */
  const call = async <T>(endpoint: string, request: (abortSignal: AbortSignal) => Promise<T>, subject = 'daemon'): Promise<T | undefined> => {
    result.requests.push(endpoint);
    try {
      const body = await request(AbortSignal.timeout(timeoutMs));
      result.responses.push({ endpoint, body: JSON.stringify(body) });
      return body;
    } catch (error) {
      result.errors.push(apiError(subject, endpoint, error, timeoutMs));
      return undefined;
    }
  };
  // dockerode's version() and info() take { abortSignal } at run time; @types/dockerode omits it.
  const withSignal = docker as unknown as Record<'version' | 'info', (opts: { abortSignal: AbortSignal }) => Promise<unknown>>;
  const version = await call('/version', (abortSignal) => withSignal.version({ abortSignal }));
  if (version === undefined) {
    result.errors.push(captureProblem('api', 'daemon', dockerHost, 'skipped', 'API unavailable: /info, containers, images, networks and volumes were not asked'));
    return result;
  }
  const [info, list, images, networks, volumes] = await Promise.all([
    call('/info', (abortSignal) => withSignal.info({ abortSignal })),
    call('/containers/json', (abortSignal) => docker.listContainers({ all: true, abortSignal })),
    call('/images/json', (abortSignal) => docker.listImages({ abortSignal })),
    call('/networks', (abortSignal) => docker.listNetworks({ abortSignal })),
    call('/volumes', (abortSignal) => docker.listVolumes({ abortSignal })),
  ]);
  const ids = (list ?? []).map((c) => c.Id);
  const inspected = await mapConcurrently(ids, INSPECT_CONCURRENCY, (id) =>
    call(`/containers/${id}/json`, (abortSignal) => docker.getContainer(id).inspect({ abortSignal }), `container ${id}`),
  );
  return {
    ...result,
    version: asObject(version),
    info: asObject(info),
    containers: inspected.map(asObject).filter((c): c is JsonObject => c !== undefined),
    images: objects(images),
    networks: objects(networks),
    volumes: objects(asObject(volumes)?.['Volumes']),
  };
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map(asObject).filter((v): v is JsonObject => v !== undefined) : [];
}

function apiError(subject: string, endpoint: string, error: unknown, timeoutMs: number): CaptureError {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (status === 404) return captureProblem('api', subject, endpoint, 'not-found', `${endpoint} answered 404: removed during the capture`);
  const name = (error as { name?: unknown }).name;
  if (name === 'AbortError' || name === 'TimeoutError') return captureProblem('api', subject, endpoint, 'timeout', `no answer within ${timeoutMs} ms`);
  if (typeof status === 'number') return captureProblem('api', subject, endpoint, `http-${status}`, `${endpoint} answered ${status}`);
  return captureError('api', subject, endpoint, error);
}

async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
