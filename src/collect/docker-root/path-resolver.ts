import { lstatSync } from 'node:fs';
import { posix } from 'node:path';
import { resolveInRoot } from '../../util/fs-readonly.js';

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
}

export function createPathResolver(root: string): PathResolver {
  const resolved = new Map<string, string>([['', root]]);
  const resolve = (path: string): string => {
    const parts = path.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) return resolveInRoot(root, path);
    const key = parts.join('/');
    const cached = resolved.get(key);
    if (cached !== undefined) return cached;
    const parent = resolve(parts.slice(0, -1).join('/'));
    const candidate = posix.join(parent, parts[parts.length - 1] ?? '');
    const host = isLink(candidate) ? resolveInRoot(root, key) : candidate;
    resolved.set(key, host);
    return host;
  };
  return {
    resolve,
    file(path) {
      const base = posix.basename(path);
      if (base === '..' || base === '.' || base === '') return resolve(path);
      return posix.join(resolve(posix.dirname(path)), base);
    },
  };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
