import type { ContainerDriftRow } from '../../types/snapshot.generated.js';
import type { Entity } from '../entity.js';
import { containerMatchKey } from '../keys.js';
import { object, toTree } from '../tree.js';
import type { DiffMode } from '../types.js';

/**
 * A container's filesystem drift: its writable layer's entries keyed by path (`/~1etc~1passwd`),
 * each with its kind, metadata and sha256, so a file added, removed or rewritten between two
 * snapshots is one change at its path (content compared by sha256). Matched like its container.
 */
export function driftEntity(container: { id: string; name: string | null }, rows: readonly ContainerDriftRow[], mode: DiffMode, label: string): Entity {
  const key = containerMatchKey(container, mode);
  return {
    kind: 'drift',
    match: key,
    key: label,
    nativeId: container.id,
    owner: container.id,
    role: null,
    source: null,
    tree: object(rows.map(({ container_id: _id, path, ...entry }) => [path, toTree(entry)] as const)),
    summary: object([['entries', rows.length]]),
  };
}
