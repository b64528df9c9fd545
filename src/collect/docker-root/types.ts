import type { TableInserts } from '../../types/snapshot.generated.js';
import type { CaptureError } from '../errors.js';

type Rows<T extends keyof TableInserts> = TableInserts[T][];

export type DockerRootEra = 'lxc' | 'v1' | 'v2';

export interface DockerRootOptions {
  /** Bytes kept from the end of each container's json log. */
  readonly logTailBytes: number;
}

/**
 * What a Docker data root holds, as rows of the snapshot tables. Paths recorded inside Docker's
 * files (containers.log_path, mounts, layer paths) are kept as Docker wrote them; paths that were
 * actually read (files.path, container_logs.path) are where they were found under the given root.
 */
export interface DockerRootCapture {
  readonly era: DockerRootEra | null;
  readonly storage_driver: string | null;
  readonly containers: Rows<'containers'>;
  readonly container_env: Rows<'container_env'>;
  readonly container_labels: Rows<'container_labels'>;
  readonly container_ports: Rows<'container_ports'>;
  readonly container_mounts: Rows<'container_mounts'>;
  readonly container_layers: Rows<'container_layers'>;
  readonly container_logs: Rows<'container_logs'>;
  readonly files: Rows<'files'>;
  readonly images: Rows<'images'>;
  readonly image_tags: Rows<'image_tags'>;
  readonly image_layers: Rows<'image_layers'>;
  readonly volumes: Rows<'volumes'>;
  readonly errors: CaptureError[];
}
