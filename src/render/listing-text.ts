import type { SnapshotListing } from '../read/list.js';
import { renderTable } from './table.js';

export function renderListingText(listings: readonly SnapshotListing[]): string {
  if (listings.length === 0) return 'no snapshots\n';
  return renderTable(
    ['CAPTURED', 'HOST', 'MODE', 'CONTAINERS', 'PATH'],
    listings.map((l) => [l.started_at, l.host_name, l.mode, l.container_count, l.path]),
  );
}
