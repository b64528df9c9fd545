import type { InsertRows } from '../../types/snapshot.generated.js';
import type { SnapshotSink } from '../../store/write.js';
import type { CaptureError } from '../errors.js';

export type DockerRootEra = 'lxc' | 'v1' | 'v2';

export interface DockerRootOptions {
  /** Bytes kept from the end of each container's json log. */
  readonly logTailBytes: number;
  /** The containerd root holding the images and layers of Docker's containerd image store, when not the one under the Docker root. */
  readonly containerdRoot?: string | undefined;
  /**
   * When given, each container's files and log tail go here as soon as it is read, and the
   * capture's `files` and `container_logs` stay empty: a root of 10,000 containers is not held
   * in memory whole.
   */
  readonly sink?: SnapshotSink | undefined;
}

/** The snapshot tables a Docker root fills. */
export type DockerRootTable =
  | 'containers'
  | 'container_env'
  | 'container_labels'
  | 'container_ports'
  | 'container_mounts'
  | 'container_layers'
  | 'container_logs'
  | 'files'
  | 'images'
  | 'image_tags'
  | 'image_layers'
  | 'volumes';

/**
 * What a Docker data root holds, as rows of the snapshot tables. Paths recorded inside Docker's
 * files (containers.log_path, mounts, layer paths) are kept as Docker wrote them; paths that were
 * actually read (files.path, container_logs.path) are where they were found under the given root.
 */
export type DockerRootCapture = { readonly [T in DockerRootTable]: InsertRows<T> } & {
  readonly era: DockerRootEra | null;
  readonly storage_driver: string | null;
  /** The containerd root whose `moby` images are this root's images (Docker's containerd image store); null for any other root. */
  readonly containerd_store_root: string | null;
  readonly errors: CaptureError[];
};
