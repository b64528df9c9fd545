import { posix } from 'node:path';

/**
 * Docker records host-absolute paths frozen at the time of writing (LogPath, HostnamePath,
 * lxc.rootfs…), e.g. /var/lib/docker/containers/<id>/hostname, while the root may now be mounted
 * anywhere. The old root is what precedes `/containers/<id>` in such a path; a recorded path under
 * it is read at the same place under the given root, and a path outside it (the host's
 * /etc/resolv.conf) is not Docker's to read.
 */
export function recordedRoot(containerId: string, recordedPaths: readonly unknown[]): string | undefined {
  const marker = `/containers/${containerId}`;
  for (const path of recordedPaths) {
    if (typeof path !== 'string') continue;
    const at = path.indexOf(marker);
    const end = at + marker.length;
    if (at >= 0 && (path.length === end || path[end] === '/')) return at === 0 ? '/' : path.slice(0, at);
  }
  return undefined;
}

/** The root-relative path of a recorded path under `oldRoot`; undefined when it lies elsewhere on the host. */
export function underRecordedRoot(recorded: unknown, oldRoot: string | undefined): string | undefined {
  if (typeof recorded !== 'string' || recorded === '' || oldRoot === undefined) return undefined;
  const normalized = posix.normalize(recorded);
  const prefix = oldRoot === '/' ? '/' : `${oldRoot}/`;
  return normalized.startsWith(prefix) ? normalized.slice(prefix.length) : undefined;
}
