import type { TableInserts } from '../../types/snapshot.generated.js';
import { asInteger, asObject, asString, dockerTime } from '../container-rows.js';
import type { RootReader } from './root-reader.js';

export interface GraphImage {
  readonly row: TableInserts['images'];
  readonly parent: string | undefined;
}

/** The image store before 1.10: graph/<id>/json per image (its parent, created, Size), an id being also its layer's id. */
export interface Graph {
  readonly images: ReadonlyMap<string, GraphImage>;
  /** Image ids from `imageId` down to the base; a parent missing from graph/ ends the chain with an error row. */
  chain(imageId: string, subject: string): string[];
}

export function readGraph(reader: RootReader): Graph {
  const images = new Map<string, GraphImage>();
  for (const entry of reader.list('graph', 'graph')) {
    if (!entry.isDirectory() || !/^[0-9a-f]{64}$/.test(entry.name)) continue;
    images.set(entry.name, readGraphImage(reader, entry.name));
  }
  return {
    images,
    chain(imageId, subject) {
      const chain: string[] = [];
      let child: string | undefined;
      for (let id: string | undefined = imageId; id !== undefined; id = images.get(id)?.parent) {
        if (chain.includes(id)) break;
        if (!images.has(id)) {
          const what = child ? `parent of ${child}` : 'image';
          reader.problem(subject, reader.hostPath(`graph/${id}/json`), 'missing-layer', `layer chain broken: ${id} (${what}) is missing from graph/`);
          break;
        }
        chain.push(id);
        child = id;
      }
      return chain;
    },
  };
}

function readGraphImage(reader: RootReader, id: string): GraphImage {
  const json = asObject(reader.readJson(`image ${id}`, `graph/${id}/json`)?.value);
  const parent = asString(json?.['parent']) || undefined;
  return {
    parent,
    row: {
      id,
      created_at: dockerTime(json?.['created']),
      parent_id: parent ?? null,
      size: asInteger(json?.['Size']) ?? asInteger(json?.['size']),
      os: asString(json?.['os']),
      architecture: asString(json?.['architecture']),
      source: 'docker-root',
    },
  };
}
