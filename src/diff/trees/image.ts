import type { ImageRecord } from '../../read/image-records.js';
import type { Entity } from '../entity.js';
import { object, setOf, toTree } from '../tree.js';

/** Images by id (a content address, equal across hosts for the same image): tags as a set, layers in order. */
export function imageEntity(record: ImageRecord): Entity {
  const i = record.image;
  return {
    kind: 'image',
    match: i.id,
    key: i.id,
    nativeId: i.id,
    owner: null,
    role: null,
    source: i.source,
    tree: object([
      ['created_at', i.created_at],
      ['parent_id', i.parent_id],
      ['size', i.size],
      ['os', i.os],
      ['architecture', i.architecture],
      ['tags', setOf(record.tags)],
      ['layers', record.layers.map(({ position: _p, ...rest }) => toTree(rest))],
    ]),
    summary: object([['id', i.id], ['tags', [...record.tags]]]),
  };
}
