import type { TableInserts } from '../../types/snapshot.generated.js';
import { asObject, asString } from '../container-rows.js';
import type { RootReader } from './root-reader.js';

export type ImageTagInsert = TableInserts['image_tags'];

/**
 * A repositories file: `{"Repositories":{"<repo>":{"<ref>":"<image id>"}}}`. Since 1.10 (repositories.json)
 * each ref is already `repo:tag` or `repo@digest`; before, it is the bare tag, so `repo:` is prefixed.
 */
export function readRepositories(reader: RootReader, path: string, qualified: boolean): ImageTagInsert[] {
  const parsed = reader.readJson('repositories', path)?.value;
  const tags: ImageTagInsert[] = [];
  for (const [repo, refs] of Object.entries(asObject(asObject(parsed)?.['Repositories']) ?? {})) {
    for (const [ref, imageId] of Object.entries(asObject(refs) ?? {})) {
      const id = asString(imageId);
      if (id) tags.push({ image_id: id, tag: qualified ? ref : `${repo}:${ref}` });
    }
  }
  return tags;
}

/** image id → the name to show for it: its first repo:tag, else its first digest reference. */
export function imageNames(tags: readonly ImageTagInsert[]): Map<string, string> {
  const sorted = [...tags].sort((a, b) => Number(a.tag.includes('@')) - Number(b.tag.includes('@')) || a.tag.localeCompare(b.tag));
  const names = new Map<string, string>();
  for (const { image_id, tag } of sorted) if (!names.has(image_id)) names.set(image_id, tag);
  return names;
}
