import type Docker from 'dockerode';
import type { ApiResponseRow } from '../../types/snapshot.generated.js';
import { captureError, captureProblem, tooDeep, type CaptureError } from '../errors.js';
import { getJson } from './capped-get.js';
import { asObject, type JsonObject } from '../container-rows.js';
import { createDockerClient } from './client.js';
import type { DockerApiTarget } from './endpoint.js';
import { traceRead } from '../../util/read-trace.js';

/** The Docker API's view of the daemon, as parsed bodies plus the raw responses to store. */
export interface ApiCapture {
  readonly version: JsonObject | undefined;
  readonly info: JsonObject | undefined;
  /** `GET /containers/json?all=true`: the summaries, which carry each container's State. */
  readonly listed: JsonObject[];
  /** `GET /containers/<id>/json` of every listed container that still existed. */
  readonly containers: JsonObject[];
  readonly images: JsonObject[];
  readonly networks: JsonObject[];
  readonly volumes: JsonObject[];
  readonly responses: ApiResponseRow[];
  /** Request paths in the order they were made. */
  readonly requests: string[];
  readonly errors: CaptureError[];
}

/** A capture under way: what the daemon said first, and the rest still arriving. */
export interface ApiSession {
  readonly version: JsonObject | undefined;
  readonly info: JsonObject | undefined;
  readonly listed: JsonObject[];
  /** Resolves when every request has answered, failed or timed out. Never rejects. */
  finish(): Promise<ApiCapture>;
}

/** capture_error code of a TLS key file others may read: a warning, the capture goes on. */
export const TLS_KEY_READABLE = 'tls-key-readable';

export const NO_API: ApiCapture = { version: undefined, info: undefined, listed: [], containers: [], images: [], networks: [], volumes: [], responses: [], requests: [], errors: [] };

/**
 * Asks the daemon at `target` (a DOCKER_HOST-style address, or one with TLS) for /version, then /info and the container list, and resolves
 * once those have answered and every remaining request (one inspect per container, images,
 * networks, volumes) is on its way: the caller reads /proc while the daemon answers, and the
 * whole API costs one timeout at most, even against a hung daemon. Never throws: an absent,
 * refusing or hung daemon gives capture errors naming what was missed.
 */
export async function startApiCapture(target: string | DockerApiTarget, timeoutMs: number): Promise<ApiSession> {
  const dockerHost = typeof target === 'string' ? target : target.host;
  const responses: ApiResponseRow[] = [];
  const requests: string[] = [];
  const errors: CaptureError[] = [];
  const done = (rest: Partial<ApiCapture>): ApiCapture => ({ ...NO_API, responses, requests, errors, ...rest });
  let docker: Docker;
  try {
    const client = await createDockerClient(target, timeoutMs);
    docker = client.docker;
    for (const warning of client.warnings) errors.push(captureProblem('api', 'daemon', dockerHost, TLS_KEY_READABLE, warning));
  } catch (error) {
    errors.push(captureError('api', 'daemon', dockerHost, error));
    return settled(done({}));
  }
  /** One request, aborted as a whole at the deadline (docker-modem's own timeout only counts inactivity), its body capped. */
  const call = async (endpoint: string, subject = 'daemon', query?: Record<string, unknown>): Promise<unknown> => {
    requests.push(endpoint);
    traceRead('api', `GET ${endpoint}${query ? `?${new URLSearchParams(query as Record<string, string>).toString()}` : ''}`);
    try {
      const { value, deep } = await getJson(docker, endpoint, query, AbortSignal.timeout(timeoutMs));
      if (deep) errors.push(tooDeep('api', subject, endpoint));
      responses.push({ endpoint, body: JSON.stringify(value) });
      return value;
    } catch (error) {
      errors.push(apiError(subject, endpoint, error, timeoutMs));
      return undefined;
    }
  };
  const version = asObject(await call('/version'));
  if (version === undefined) {
    errors.push(captureProblem('api', 'daemon', dockerHost, 'skipped', 'API unavailable: /info, containers, images, networks and volumes were not asked'));
    return settled(done({}));
  }
  const others = Promise.all([call('/images/json'), call('/networks'), call('/volumes')]);
  const [info, list] = await Promise.all([call('/info').then(asObject), call('/containers/json', 'daemon', { all: true })]);
  const listed = objects(list);
  const inspects = Promise.all(
    listed.map((c) => String(c['Id'])).map((id) => call(`/containers/${encodeURIComponent(id)}/json`, `container ${id}`)),
  );
  const finished = Promise.all([others, inspects]).then(([[images, networks, volumes], inspected]) =>
    done({
      version,
      info,
      listed,
      containers: objects(inspected),
      images: objects(images),
      networks: objects(networks),
      volumes: objects(asObject(volumes)?.['Volumes']),
    }),
  );
  return { version, info, listed, finish: () => finished };
}

/** Starts and finishes in one step, for callers with nothing to do meanwhile. */
export async function collectFromApi(target: string | DockerApiTarget, timeoutMs: number): Promise<ApiCapture> {
  return (await startApiCapture(target, timeoutMs)).finish();
}

function settled(capture: ApiCapture): ApiSession {
  return { version: capture.version, info: capture.info, listed: capture.listed, finish: async () => capture };
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
