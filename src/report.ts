import { diffSnapshots } from './diff/index.js';
import { openSnapshot } from './open.js';
import { readReportData } from './read/report-data.js';
import { renderDiffReport } from './render/report-diff.js';
import { renderSnapshotReport } from './render/report-snapshot.js';
import type { SnapshotDb } from './store/open.js';

/** The report of one open snapshot (export builds it from the redacted copy, shown as `shownPath`). */
export function snapshotReportHtml(db: SnapshotDb, shownPath: string = db.path): string {
  return renderSnapshotReport({ ...readReportData(db), path: shownPath });
}

/**
 * The self-contained HTML report of one snapshot, or of the diff from `a` to `b`. Snapshots or
 * bundles, opened read-only.
 * @throws InputError when a file is not a snapshot or bundle this docksnap reads
 */
export async function buildReport(a: string, b?: string): Promise<string> {
  const first = await openSnapshot(a);
  try {
    if (b === undefined) return snapshotReportHtml(first);
    const second = await openSnapshot(b);
    try {
      return renderDiffReport(diffSnapshots(first, second));
    } finally {
      second.close();
    }
  } finally {
    first.close();
  }
}
