import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { collectSnapshot, type CaptureOptions, type CollectedSnapshot } from './collect/capture.js';
import { writeSnapshotFile, type SnapshotContent } from './store/write.js';
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
  readonly processes: number;
  readonly fds: number;
  readonly sockets: number;
  readonly errors: number;
  /** Capture errors that say permission was denied: what a non-root capture missed. */
  readonly permissionDenied: readonly { readonly phase: string; readonly subject: string; readonly path: string | null }[];
  readonly seconds: number;
}

/**
 * Captures a snapshot and writes it atomically (mode 0600, never over an existing file unless forced).
 * @throws InputError when the output exists (without force) or its directory is missing — before any
 * capture work; offline, when the Docker root is not one.
 */
export async function capture(options: CaptureFileOptions): Promise<CaptureSummary> {
  const started = performance.now();
  if (options.output !== undefined) assertTargetWritable(options.output, options);
  if (options.traceReads !== undefined) assertTargetWritable(options.traceReads, options);
  if (options.traceReads !== undefined) startReadTrace();
  let collected: CollectedSnapshot;
  try {
    collected = await collectSnapshot(options);
  } finally {
    const trace = stopReadTrace();
    if (options.traceReads !== undefined) await writeAtomically(options.traceReads, options, (temp) => writeFileSync(temp, trace.map((line) => `${line}\n`).join('')));
  }
  const { content, host } = collected;
  const path = resolve(options.output ?? defaultSnapshotName(host.host_name, new Date(content.snapshot.started_at)));
  await writeSnapshotFile(path, content, options);
  return { path, ...summarize(content), seconds: (performance.now() - started) / 1000 };
}

function summarize(content: SnapshotContent): Omit<CaptureSummary, 'path' | 'seconds'> {
  const errors = content.capture_error ?? [];
  return {
    containers: content.containers?.length ?? 0,
    processes: content.processes?.length ?? 0,
    fds: content.process_fds?.length ?? 0,
    sockets: content.sockets?.length ?? 0,
    errors: errors.length,
    permissionDenied: errors.filter((e) => e.code === 'EACCES' || e.code === 'EPERM').map(({ phase, subject, path }) => ({ phase, subject, path })),
  };
}

/** `docksnap-<host>-<yyyymmddThhmmssZ>.db`, the host name reduced to file-name-safe characters. */
export function defaultSnapshotName(hostName: string | null, at: Date): string {
  const host = (hostName ?? 'unknown').replace(/[^A-Za-z0-9._-]/g, '_');
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `docksnap-${host}-${stamp}.db`;
}
