/**
 * A diff of many snapshots of one host over time: each consecutive pair compared (in capture
 * order), and every entity's changes listed in time order: when the memory limit changed, when a
 * container died. Snapshots are read one at a time and dropped once compared, so memory stays
 * that of one pairwise diff however many snapshots there are.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { openSnapshot } from '../open.js';
import type { SnapshotDb } from '../store/open.js';
import { readSnapshotMeta } from '../read/meta.js';
import { describeError } from '../util/errno.js';
import { diffSnapshotData } from './index.js';
import { readDiffInput, type SnapshotData } from './input.js';
import { compareReportOrder } from './sort.js';
import type { Change, DiffMode, DiffOptions, DiffSummary, SnapshotIdentity, SuppressedChange, Unknown } from './types.js';

/** One comparison of the series: snapshot `from` with the next one, `to` (indexes into `snapshots`). */
export interface TimelineStep {
  readonly from: number;
  readonly to: number;
  readonly mode: DiffMode;
  readonly mode_inferred: boolean;
  readonly summary: DiffSummary;
}

type InStep<T> = T & { readonly step: number };

export interface DiffTimeline {
  /** In capture order (started_at, then path). */
  readonly snapshots: SnapshotIdentity[];
  readonly steps: TimelineStep[];
  /** Every change of every step, by entity (kind, key), then in time order (step), then by path. */
  readonly changes: InStep<Change>[];
  readonly suppressed: InStep<SuppressedChange>[];
  readonly unknowns: InStep<Unknown>[];
}

/** A snapshot file of the series with its capture time, read only when its turn comes. */
export interface SeriesMember {
  readonly path: string;
  readonly started_at: string;
}

/**
 * The snapshots named (files, bundles, or directories whose snapshot files are all taken), in
 * capture order. Files in a directory that are not snapshots are left out.
 * @throws InputError when a named file is not a snapshot or a directory cannot be listed
 */
export async function seriesOf(paths: readonly string[]): Promise<SeriesMember[]> {
  const members: SeriesMember[] = [];
  for (const path of paths) {
    if (isDirectory(path)) {
      for (const file of listFiles(path)) {
        const member = await memberOf(file).catch((error: unknown) => (error instanceof InputError ? undefined : Promise.reject(error)));
        if (member) members.push(member);
      }
    } else members.push(await memberOf(path));
  }
  return members.sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Compares each snapshot of the series with the next. */
export async function diffTimeline(series: readonly SeriesMember[], options: DiffOptions = {}): Promise<DiffTimeline> {
  const snapshots: SnapshotIdentity[] = [];
  const steps: TimelineStep[] = [];
  const changes: InStep<Change>[] = [];
  const suppressed: InStep<SuppressedChange>[] = [];
  const unknowns: InStep<Unknown>[] = [];
  // Each snapshot stays open until compared with the next: the diff reads process lists on demand.
  const open: SnapshotDb[] = [];
  let previous: SnapshotData | undefined;
  try {
    for (const member of series) {
      const db = await openSnapshot(member.path);
      open.push(db);
      const current = readDiffInput(db, { byDigest: true });
      if (previous) {
        const step = steps.length;
        const result = diffSnapshotData(previous, current, options);
        if (step === 0) snapshots.push(result.a);
        steps.push({ from: step, to: step + 1, mode: result.mode, mode_inferred: result.mode_inferred, summary: result.summary });
        changes.push(...result.changes.map((c) => ({ ...c, step })));
        suppressed.push(...result.suppressed.map((c) => ({ ...c, step })));
        unknowns.push(...result.unknowns.map((u) => ({ ...u, step })));
        snapshots.push(result.b);
        open.shift()?.close();
      }
      previous = current;
    }
  } finally {
    for (const db of open) db.close();
  }
  const byEntityThenTime = <T extends InStep<Change | SuppressedChange | Unknown>>(items: T[]) =>
    items.sort((x, y) => compareReportOrder({ ...x, path: '', order: '' }, { ...y, path: '', order: '' }) || x.step - y.step || compareReportOrder({ ...x, order: '' }, { ...y, order: '' }));
  return { snapshots, steps, changes: byEntityThenTime(changes), suppressed: byEntityThenTime(suppressed), unknowns: byEntityThenTime(unknowns) };
}

/** @throws InputError when `path` is not a snapshot */
async function memberOf(path: string): Promise<SeriesMember> {
  const db = await openSnapshot(path);
  try {
    return { path: db.path, started_at: readSnapshotMeta(db).started_at };
  } finally {
    db.close();
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** @throws InputError when `dir` cannot be listed */
function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => resolve(join(dir, e.name))).sort();
  } catch (error) {
    throw new InputError(dir, `cannot be listed: ${describeError(error)}`, { cause: error });
  }
}
