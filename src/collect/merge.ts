/**
 * Joins the Docker root's view and the API's view of the same daemon. The root gives files,
 * layers and logs; the API is the live truth for runtime state. An entity seen by both is
 * marked `both`; one seen by a single source keeps what that source knew.
 */
import type { InsertRows } from '../types/snapshot.generated.js';
import type { DockerRootCapture } from './docker-root/types.js';
import type { ApiCapture } from './docker-api/index.js';
import { containerFromInspect, imagesFromApi, volumesFromApi } from './api-rows.js';

/** The tables both views describe: the merge decides their rows. */
export type DockerView = Pick<
  DockerRootCapture,
  'containers' | 'container_env' | 'container_labels' | 'container_ports' | 'container_mounts' | 'images' | 'image_tags' | 'volumes'
>;

const RUNTIME_FIELDS = ['state', 'running', 'pid', 'exit_code', 'started_at', 'finished_at', 'restart_count', 'oom_killed'] as const;

export function mergeDockerViews(root: DockerView | undefined, api: ApiCapture): DockerView {
  const base: DockerView = root ?? emptyView();
  const containers = new Map(base.containers.map((c) => [c.id, c]));
  const extra = { env: [] as InsertRows<'container_env'>, labels: [] as InsertRows<'container_labels'>, ports: [] as InsertRows<'container_ports'>, mounts: [] as InsertRows<'container_mounts'> };
  for (const inspect of api.containers) {
    const fromApi = containerFromInspect(inspect);
    if (!fromApi) continue;
    const known = containers.get(fromApi.container.id);
    if (known) {
      const runtime = Object.fromEntries(RUNTIME_FIELDS.map((f) => [f, fromApi.container[f]]));
      containers.set(known.id, { ...known, ...runtime, source: 'both' });
      continue;
    }
    containers.set(fromApi.container.id, fromApi.container);
    extra.env.push(...fromApi.env);
    extra.labels.push(...fromApi.labels);
    extra.ports.push(...fromApi.ports);
    extra.mounts.push(...fromApi.mounts);
  }
  const apiImages = imagesFromApi(api);
  return {
    containers: [...containers.values()],
    container_env: [...base.container_env, ...extra.env],
    container_labels: [...base.container_labels, ...extra.labels],
    container_ports: [...base.container_ports, ...extra.ports],
    container_mounts: [...base.container_mounts, ...extra.mounts],
    images: unionBy(base.images, apiImages.images, (i) => i.id),
    image_tags: unionBy(base.image_tags, apiImages.tags, (t) => `${t.image_id}\n${t.tag}`),
    volumes: unionBy(base.volumes, volumesFromApi(api), (v) => v.name),
  };
}

/** Rows keyed by `key`; a key in both lists keeps the first's values, fills its nulls from the second, and is marked `both` when it has a source. */
function unionBy<T extends object>(first: readonly T[], second: readonly T[], key: (row: T) => string): T[] {
  const merged = new Map(first.map((row) => [key(row), row]));
  for (const row of second) {
    const existing = merged.get(key(row));
    if (!existing) {
      merged.set(key(row), row);
      continue;
    }
    const filled = { ...existing } as Record<string, unknown>;
    for (const [field, value] of Object.entries(row)) if (filled[field] === null) filled[field] = value;
    if ('source' in filled) filled['source'] = 'both';
    merged.set(key(row), filled as T);
  }
  return [...merged.values()];
}

function emptyView(): DockerView {
  return { containers: [], container_env: [], container_labels: [], container_ports: [], container_mounts: [], images: [], image_tags: [], volumes: [] };
}
