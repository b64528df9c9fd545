import type { SnapshotSink } from '../store/write.js';
import type { TableInserts } from '../types/snapshot.generated.js';

/** The key of each row that names an image, which several engines may hold (content-addressed: the same id is the same image). */
const KEYS = {
  images: (r: TableInserts['images']) => r.id,
  image_tags: (r: TableInserts['image_tags']) => `${r.image_id}\n${r.tag}`,
  image_layers: (r: TableInserts['image_layers']) => `${r.image_id}\n${r.position}`,
} as const;

/**
 * A sink that keeps the first row of an image and drops the same image from a later engine
 * (Docker's API and containerd's moby namespace, Docker and Podman with one imported image):
 * image ids are content digests, so the rows describe one image; its layer directories are
 * the first engine's.
 */
export function imagesOnce(sink: SnapshotSink): SnapshotSink {
  const seen = new Map<string, Set<string>>();
  return {
    add(table, rows) {
      if (!(table in KEYS)) return sink.add(table, rows);
      const key = KEYS[table as keyof typeof KEYS] as (row: unknown) => string;
      const keys = seen.get(table) ?? new Set<string>();
      seen.set(table, keys);
      const fresh = rows.filter((row) => {
        const k = key(row);
        if (keys.has(k)) return false;
        keys.add(k);
        return true;
      });
      sink.add(table, fresh);
    },
  };
}
