import type { SnapshotDb } from '../store/open.js';
import type { ImageLayerRow, ImageRow } from '../types/snapshot.generated.js';
import { groupBy } from './group.js';

/** An image with its tags and its layer chain (top to base). */
export interface ImageRecord {
  readonly image: ImageRow;
  readonly tags: readonly string[];
  readonly layers: readonly Omit<ImageLayerRow, 'image_id'>[];
}

export function readImageRecords(db: SnapshotDb): ImageRecord[] {
  const tags = groupBy(db.all<{ image_id: string; tag: string }>('SELECT image_id, tag FROM image_tags ORDER BY image_id, tag'), (t) => t.image_id);
  const layers = groupBy(db.all<ImageLayerRow>('SELECT * FROM image_layers ORDER BY image_id, position'), (l) => l.image_id);
  return db.all<ImageRow>('SELECT * FROM images ORDER BY id').map((image) => ({
    image,
    tags: (tags.get(image.id) ?? []).map((t) => t.tag),
    layers: (layers.get(image.id) ?? []).map(({ image_id: _image, ...rest }) => rest),
  }));
}
