import { InputError } from '../errors.js';
import type { SnapshotDb } from '../store/open.js';

/**
 * The id of the container named `ref`: an exact name (with or without the leading /), an exact
 * id, or an unambiguous id prefix.
 * @throws InputError when nothing matches or a prefix matches several containers
 */
export function findContainerId(db: SnapshotDb, ref: string): string {
  const name = ref.replace(/^\//, '');
  const byName = db.get<{ id: string }>('SELECT id FROM containers WHERE name = ?', name);
  if (byName) return byName.id;
  const matches = db.all<{ id: string; name: string | null }>(
    "SELECT id, name FROM containers WHERE substr(id, 1, length(?)) = ? ORDER BY id",
    ref,
    ref,
  );
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length === 0) throw new InputError(ref, `no container of ${db.path} has this name or id`);
  const listed = matches.slice(0, 5).map((m) => `${m.id.slice(0, 12)} (${m.name ?? '-'})`).join(', ');
  throw new InputError(ref, `matches ${matches.length} containers: ${listed}; give more of the id`);
}
