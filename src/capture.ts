import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { collectSnapshot, type CaptureOptions, type CollectedSnapshot } from './collect/capture.js';
import { readHostFacts } from './collect/host.js';
import { TLS_KEY_READABLE } from './collect/docker-api/index.js';
import { writeSnapshotStream, type SnapshotSink } from './store/write.js';
import { assertTargetWritable, writeAtomically } from './util/atomic-write.js';
import { startReadTrace, stopReadTrace } from './util/read-trace.js';

export interface CaptureFileOptions extends CaptureOptions {
  /** Output file; default `docksnap-<host>-<UTC yyyymmddThhmmssZ>.db` in the current directory. */
  readonly output?: string | undefined;
  readonly force: boolean;
  /** Also write every read made of the host (files, links, directories, API requests) to this file, one per line. */
  readonly traceReads?: string | undefined;
}

export interface CaptureSummary {
  /** Absolute path of the snapshot written. */
  readonly path: string;
  readonly containers: number;
  /**
   * Running containers: those with captured processes, what the progress counter counts. With no
   * container list (API down, root unreadable) they are seen in /proc only, and may outnumber `containers`.
   */
  readonly runningContainers: number;
  readonly processes: number;
  readonly fds: number;
  readonly sockets: number;
  readonly errors: number;
  /** Processes in a container cgroup of no engine read, by the container id their cgroup names. */
  readonly unattributed: Readonly<Record<string, number>>;
  /** Capture errors that say permission was denied: what a non-root capture missed. */
  readonly permissionDenied: readonly { readonly phase: string; readonly subject: string; readonly path: string | null }[];
  /** Capture errors that are warnings to show the user (a TLS key others can read, an ignored config.json). */
  readonly warnings: readonly string[];
  readonly seconds: number;
}

/**
 * Captures a snapshot, streaming it into a file written atomically (mode 0600, never over an
 * existing file unless forced).
 * @throws InputError when the output exists (without force) or its directory is missing — before any
 * capture work; offline, when the Docker root is not one.
 */
export async function capture(options: CaptureFileOptions): Promise<CaptureSummary> {
  const started = performance.now();
  const path = resolve(options.output ?? defaultSnapshotName(hostNameOf(options), new Date()));
  assertTargetWritable(path, options);
  if (options.traceReads !== undefined) assertTargetWritable(options.traceReads, options);
  if (options.traceReads !== undefined) startReadTrace();
  const counts = new Map<string, number>();
  const withProcesses = new Set<string>();
  let collected: CollectedSnapshot | undefined;
  try {
    await writeSnapshotStream(path, options, async (sink) => {
      const counting: SnapshotSink = {
        add: (table, rows) => {
          counts.set(table, (counts.get(table) ?? 0) + rows.length);
          if (table === 'processes') for (const row of rows as readonly { container_id: string | null; engine_id: string | null }[]) if (row.container_id && row.engine_id !== null) withProcesses.add(row.container_id);
          sink.add(table, rows);
        },
      };
      collected = await collectSnapshot(options, counting);
      return collected.snapshot;
    });
  } finally {
    const trace = stopReadTrace();
    if (options.traceReads !== undefined) await writeAtomically(options.traceReads, options, (temp) => writeFileSync(temp, trace.map((line) => `${line}\n`).join('')));
  }
  const errors = collected?.errors ?? [];
  return {
    path,
    containers: counts.get('containers') ?? 0,
    runningContainers: withProcesses.size,
    processes: counts.get('processes') ?? 0,
    fds: counts.get('process_fds') ?? 0,
    sockets: counts.get('sockets') ?? 0,
    errors: errors.length,
    unattributed: Object.fromEntries(collected?.unattributed ?? []),
    permissionDenied: errors.filter((e) => e.code === 'EACCES' || e.code === 'EPERM').map(({ phase, subject, path: where }) => ({ phase, subject, path: where })),
    warnings: errors.filter((e) => WARNING_CODES.has(e.code ?? '')).map((e) => e.message),
    seconds: (performance.now() - started) / 1000,
  };
}

const WARNING_CODES = new Set([TLS_KEY_READABLE, 'docker-config']);

/** The captured host's name for the default file name: from its /proc (live or given), else unknown. */
function hostNameOf(options: CaptureFileOptions): string | null {
  const procRoot = options.procRoot ?? (options.offline ? undefined : '/proc');
  return procRoot === undefined ? null : readHostFacts(resolve(procRoot)).facts.host_name;
}

/** `docksnap-<host>-<yyyymmddThhmmssZ>.db`, the host name reduced to file-name-safe characters. */
export function defaultSnapshotName(hostName: string | null, at: Date): string {
  const host = (hostName ?? 'unknown').replace(/[^A-Za-z0-9._-]/g, '_');
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `docksnap-${host}-${stamp}.db`;
}
