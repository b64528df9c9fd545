import { addAbortSignal, type Readable } from 'node:stream';
import type { Lane } from './lanes.js';
import { parseHostJson } from '../../util/json-depth.js';
import { READ_LIMITS, formatBytes } from '../../util/read-limits.js';

/** A response body over READ_LIMITS.apiBody: the connection is closed and nothing of it is kept. */
export class OversizedResponseError extends Error {
  readonly code = 'oversized';
}

/** A non-2xx answer; `statusCode` lets the caller tell a removed container (404) from a failure. */
export class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    endpoint: string,
  ) {
    super(`${endpoint} answered ${statusCode}`);
  }
}

/** docker-modem hands back the raw response for any status listed as true: list them all, and judge the status here. */
const EVERY_STATUS = new Proxy({}, { get: () => true });

export interface ApiBody {
  readonly value: unknown;
  /** True when the body nested deeper than READ_LIMITS.jsonDepth (deeper values cut). */
  readonly deep: boolean;
}

/**
 * GET `endpoint` on the daemon and parse the JSON body, never holding more than `cap` bytes of
 * it: dockerode's own calls buffer a body of any size (1.5 GB from a hostile endpoint), so every
 * request goes through here, on dockerode's connection (modem).
 * The deadline measures the daemon, not docksnap: `timeoutMs` from opening the connection for it
 * being accepted, then `timeoutMs` from the moment the request is on it (the connection made, the
 * request written) to the end of the body, however slowly it trickles in. A request that waited
 * for docksnap to get round to sending it is not charged for the wait.
 * @throws OversizedResponseError, HttpStatusError, SyntaxError for a body that is not JSON, the connection's errors (AbortError at the deadline)
 */
export function getJson(lane: Lane, endpoint: string, query: Record<string, unknown> | undefined, timeoutMs: number, cap: number = READ_LIMITS.apiBody): Promise<ApiBody> {
  const controller = new AbortController();
  const signal = controller.signal;
  let deadline: NodeJS.Timeout | undefined;
  let settled = false;
  const startClock = () => {
    clearTimeout(deadline);
    // Judged only once the event loop has read its sockets: timers run before I/O, so after docksnap
    // held the loop past the deadline (a long read of the host), an answer already waiting counts.
    deadline = setTimeout(() => setImmediate(() => settled || controller.abort()), timeoutMs);
  };
  const answer = new Promise<ApiBody>((resolve, reject) => {
    lane.onConnection = startClock;
    const modem = lane.docker.modem as { dial(options: object, callback: (error: unknown, response: unknown) => void): void };
    modem.dial(
      { path: query ? `${endpoint}?` : endpoint, method: 'GET', options: query ?? {}, isStream: true, statusCodes: EVERY_STATUS, abortSignal: signal },
      (error, response) => {
        if (error) return reject(error);
        const res = response as Readable & { statusCode?: number };
        addAbortSignal(signal, res);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > cap) {
            res.destroy(new OversizedResponseError(`${endpoint} answered with more than ${formatBytes(cap)}: not kept`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) return reject(new HttpStatusError(status, endpoint));
          try {
            resolve(parseHostJson(Buffer.concat(chunks).toString('utf8')));
          } catch (parseError) {
            reject(parseError);
          }
        });
      },
    );
  });
  return answer.finally(() => {
    settled = true;
    clearTimeout(deadline);
  });
}
