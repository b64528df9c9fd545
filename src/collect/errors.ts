import type { TableInserts } from '../types/snapshot.generated.js';
import { causeErrnoCode, describeError } from '../util/errno.js';
import { DEEP_JSON_MARKER } from '../util/json-depth.js';
import { READ_LIMITS } from '../util/read-limits.js';

/** A row of capture_error: what a collector could not read. Collectors return these instead of throwing. */
export type CaptureError = TableInserts['capture_error'];

export type CapturePhase = 'host' | 'proc' | 'docker-root' | 'exec-root' | 'podman-root' | 'containerd-root' | 'api' | 'drift' | 'cgroup';

export function captureError(phase: CapturePhase, subject: string, path: string | null, error: unknown): CaptureError {
  return { phase, subject, path, code: causeErrnoCode(error) ?? errorKind(error), message: describeError(error) };
}

/** A capture error that is not a thrown exception (a missing field, a chain that breaks). */
export function captureProblem(
  phase: CapturePhase,
  subject: string,
  path: string | null,
  code: string,
  message: string,
): CaptureError {
  return { phase, subject, path, code, message };
}

function errorKind(error: unknown): string | null {
  if (error instanceof SyntaxError) return 'bad-json';
  return null;
}

/** JSON nested deeper than READ_LIMITS.jsonDepth: kept with its deep values replaced by a marker. */
export function tooDeep(phase: CapturePhase, subject: string, path: string | null): CaptureError {
  return captureProblem(phase, subject, path, 'too-deep', `JSON nested deeper than ${READ_LIMITS.jsonDepth} levels: deeper values kept as "${DEEP_JSON_MARKER}"`);
}
