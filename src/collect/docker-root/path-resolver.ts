import { lstatSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { resolveInRoot } from '../../util/fs-readonly.js';
import { traceRead } from '../../util/read-trace.js';

/**
 * Root-relative paths to host paths with every link resolved inside the root (resolveInRoot),
 * each directory looked up once: a capture of 1,000 containers resolves containers/ once, not
 * 5,000 times. `file` leaves the last component unresolved for an O_NOFOLLOW open.
 */
export interface PathResolver {
  /** The host path of `path` with all its components resolved. */
  resolve(path: string): string;
  /** The host path of `path`'s directory, resolved, joined with its last component as is. */
  file(path: string): string;
  /** lstat of the resolved path (taken while resolving it); undefined when it does not exist. */
  stat(path: string): Stats | undefined;
}

export function createPathResolver(root: string): PathResolver {
  const resolved = new Map<string, { host: string; stat: Stats | undefined }>([['', { host: root, stat: lstat(root) }]]);
  const lookup = (path: string): { host: string; stat: Stats | undefined } => {
    // A path already in its normal form (the usual case) is its own key.
    const known = resolved.get(path);
    if (known !== undefined) return known;
    const parts = path.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) {
      const host = resolveInRoot(root, path);
      return { host, stat: lstat(host) };
    }
    const key = parts.join('/');
    const cached = resolved.get(key);
    if (cached !== undefined) return cached;
    const parent = lookup(parts.slice(0, -1).join('/')).host;
    const candidate = posix.join(parent, parts[parts.length - 1] ?? '');
    let entry = { host: candidate, stat: lstat(candidate) };
    if (entry.stat?.isSymbolicLink()) {
      const host = resolveInRoot(root, key);
      entry = { host, stat: lstat(host) };
    }
    resolved.set(key, entry);
    return entry;
  };
  return {
    resolve: (path) => lookup(path).host,
    stat: (path) => lookup(path).stat,
    file(path) {
      const slash = path.lastIndexOf('/');
      const base = path.slice(slash + 1);
      if (base === '..' || base === '.' || base === '') return lookup(path).host;
      const dir = lookup(slash < 0 ? '' : path.slice(0, slash)).host;
      return dir.endsWith('/') ? `${dir}${base}` : `${dir}/${base}`;
    },
  };
}

function lstat(path: string): Stats | undefined {
  traceRead('lstat', path);
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
