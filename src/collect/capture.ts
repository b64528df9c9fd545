import { resolve } from 'node:path';
import { TOOL_VERSION } from '../version.js';
import { SCHEMA_VERSION } from '../types/snapshot.generated.js';
import type { SnapshotContent } from '../store/write.js';
import { readHostFacts, type HostFacts } from './host.js';
import type { CaptureError } from './errors.js';

export interface CaptureOptions {
  /** The /proc tree to read: the live /proc, or a saved copy. */
  readonly procRoot: string;
}

export interface CollectedSnapshot {
  readonly content: SnapshotContent;
  readonly host: HostFacts;
}

/** Runs every collector and gathers their rows and errors into one snapshot's content. Never throws on host state. */
export async function collectSnapshot(options: CaptureOptions): Promise<CollectedSnapshot> {
  const startedAt = new Date().toISOString();
  const errors: CaptureError[] = [];
  const procRoot = resolve(options.procRoot);
  const host = readHostFacts(procRoot);
  errors.push(...host.errors);
  const content: SnapshotContent = {
    snapshot: {
      id: 1,
      tool_version: TOOL_VERSION,
      schema_version: SCHEMA_VERSION,
      ...host.facts,
      mode: 'live',
      started_at: startedAt,
      finished_at: new Date().toISOString(),
      proc_root: procRoot,
      docker_root: null,
      exec_root: null,
      docker_host: null,
      docker_version: null,
      storage_driver: null,
      docker_root_era: null,
      options: JSON.stringify({}),
    },
    capture_error: errors,
  };
  return { content, host: host.facts };
}
