/**
 * The CRI plugin's checkpoint of a container's status, <root>/io.containerd.grpc.v1.cri/containers/<id>/status:
 * JSON `{"Version":"v1","Pid":…,"CreatedAt":…,"StartedAt":…,"FinishedAt":…,"ExitCode":…,"Reason":"…","Message":"…"}`,
 * times in Unix nanoseconds, 0 when not reached. It holds what containerd itself keeps no record
 * of: a Kubernetes container's start and finish times, its exit code, and why it ended (Reason
 * `OOMKilled`). The CRI's containers live in containerd's `k8s.io` namespace.
 */
import { asObject, asString } from '../container-rows.js';
import type { RootReader } from '../docker-root/root-reader.js';
import { jsonFileRow, omittedFileRow, type FileInsert } from '../file-row.js';
import { isSafeName } from './runtime-state.js';

export const CRI_NAMESPACE = 'k8s.io';
const CRI_CONTAINERS = 'io.containerd.grpc.v1.cri/containers';
const STATUS_VERSION = 'v1';

export interface CriStatus {
  readonly pid: number | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly exitCode: number | null;
  readonly reason: string | null;
}

export interface CriStatusRead {
  readonly status: CriStatus | undefined;
  readonly files: FileInsert[];
}

/**
 * The checkpoint of the CRI container `id`, kept as its `cri-status.json` file. undefined status
 * when there is none, or it is not a version-1 status (then a capture_error row says so).
 */
export function readCriStatus(root: RootReader, id: string): CriStatusRead {
  if (!isSafeName(id)) return { status: undefined, files: [] };
  const key = `${CRI_NAMESPACE}/${id}`;
  const path = `${CRI_CONTAINERS}/${id}/status`;
  const read = root.readJson(`container ${key}`, path);
  if (!read) {
    const oversized = root.oversized(path);
    return { status: undefined, files: oversized ? [omittedFileRow(key, 'cri-status.json', oversized)] : [] };
  }
  const files = [jsonFileRow(key, 'cri-status.json', read.read, read.value, read.parsed)];
  const value = asObject(read.value);
  // The text readJson parsed: its digits give the times exactly (see unixNanosTime).
  const text = read.parsed?.text;
  if (value?.['Version'] !== STATUS_VERSION || text === undefined) {
    if (value) root.problem(`container ${key}`, read.read.path, 'bad-cri-status', `not a version ${STATUS_VERSION} CRI status checkpoint`);
    return { status: undefined, files };
  }
  const finishedAt = unixNanosTime(text, value, 'FinishedAt');
  return {
    status: {
      pid: positiveInteger(value['Pid']),
      startedAt: unixNanosTime(text, value, 'StartedAt'),
      finishedAt,
      exitCode: finishedAt !== null && Number.isSafeInteger(value['ExitCode']) ? (value['ExitCode'] as number) : null,
      reason: asString(value['Reason']) || null,
    },
    files,
  };
}

/**
 * A top-level time field of the checkpoint as RFC 3339 with nanoseconds. Unix nanoseconds (about
 * 1.7e18) are past what a JavaScript number holds exactly, so the digits are taken from the JSON
 * text, where Go's encoder wrote them, and kept only when they are the parsed value's. null when
 * 0, absent, not an integer, or outside the dates JavaScript can hold.
 */
function unixNanosTime(text: string, value: Record<string, unknown>, field: string): string | null {
  const parsed = value[field];
  if (typeof parsed !== 'number' || parsed <= 0) return null;
  const digits = new RegExp(`"${field}":(\\d{1,19})[,}]`).exec(text)?.[1];
  if (digits === undefined || Number(digits) !== parsed) return null;
  const nanos = BigInt(digits);
  const seconds = nanos / 1_000_000_000n;
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return null;
  return `${date.toISOString().slice(0, 19)}.${String(nanos % 1_000_000_000n).padStart(9, '0')}Z`;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}
