import { lstatSync, readdirSync, readlinkSync, type Dirent, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { OversizedFileError, readFileInRoot, readResolvedFile, readResolvedTail, readTailInRoot, type ReadResult } from '../../util/fs-readonly.js';
import { READ_LIMITS, type ReadKind } from '../../util/read-limits.js';
import { errnoCode } from '../../util/errno.js';
import { traceRead } from '../../util/read-trace.js';
import { captureError, captureProblem, tooDeep, type CaptureError, type CapturePhase } from '../errors.js';
import { parseHostJson } from '../../util/json-depth.js';
import type { ParsedText } from '../file-row.js';
import { createPathResolver, type PathResolver } from './path-resolver.js';

/**
 * Every read of the Docker root goes through one RootReader: paths are root-relative, symlinks
 * resolve inside the root (fs-readonly), and a failure becomes a capture_error row instead of an
 * exception. A file that does not exist is simply absent; a link whose target is missing (or
 * lies outside the root) is reported as dangling.
 */
export interface RootReader {
  readonly root: string;
  readonly errors: CaptureError[];
  /**
   * The file's bytes, when a regular file of at most the cap for `kind` (default config);
   * undefined when absent, unreadable, not regular or oversized (then an error row names it).
   */
  read(subject: string, path: string, kind?: ReadKind): ReadResult | undefined;
  /** The size and streamed hash of a file that read() refused as over its cap. */
  oversized(path: string): OversizedFileError | undefined;
  /** A JSON file: its bytes and parsed value (undefined, with a bad-json error row, when it does not parse; deep values cut, with a too-deep row). */
  readJson(subject: string, path: string): { read: ReadResult; value: unknown; parsed?: ParsedText } | undefined;
  /** The first line of a small marker file (mount-id, cache-id, parent…), trimmed; undefined when absent. */
  readLine(subject: string, path: string): string | undefined;
  /** The last `bytes` of a file. */
  readTail(subject: string, path: string, bytes: number): (ReadResult & { offset: number }) | undefined;
  /** Directory entries sorted by name, so rows come in a stable order (empty when absent or unreadable). */
  list(subject: string, path: string): Dirent[];
  /** lstat of the resolved path; undefined when absent. */
  stat(path: string): Stats | undefined;
  /** The host path `path` resolves to under the root. */
  hostPath(path: string): string;
  problem(subject: string, path: string | null, code: string, message: string): void;
}

export function createRootReader(root: string, phase: CapturePhase = 'docker-root'): RootReader {
  const errors: CaptureError[] = [];
  const oversized = new Map<string, OversizedFileError>();
  const paths = createPathResolver(root);
  const hostPath = (path: string): string => {
    try {
      return paths.resolve(path);
    } catch {
      return posix.join(root, path);
    }
  };
  /**
   * The regular files of each directory list() read, by the directory's host path. Reading one of
   * them skips the lstat before the open: the listing's entry type is the same check (a device
   * node or FIFO never opened) made a moment earlier, and the open's fstat still refuses anything
   * but a regular file.
   */
  const listedFiles = new Map<string, ReadonlySet<string>>();
  const listedAsFile = (host: string): boolean => {
    const slash = host.lastIndexOf('/');
    return listedFiles.get(host.slice(0, slash))?.has(host.slice(slash + 1)) === true;
  };
  /** The fast path opens the cached directory's entry O_NOFOLLOW; a link there (ELOOP) takes the full resolution. */
  const viaCache = <T>(path: string, fast: (hostPath: string) => T, slow: () => T): T => {
    try {
      return fast(paths.file(path));
    } catch (error) {
      if (errnoCode(error) === 'ELOOP') return slow();
      throw error;
    }
  };

  /** ENOENT: absent, unless the entry itself exists (a dangling link), which is worth reporting. */
  function failed(subject: string, path: string, error: unknown): undefined {
    if (errnoCode(error) === 'ENOENT') {
      const entry = danglingLink(paths, path);
      if (entry) errors.push(captureProblem(phase, subject, posix.join(root, path), 'dangling-link', `symbolic link to ${entry} leads to nothing inside the root`));
      return undefined;
    }
    if (error instanceof OversizedFileError) oversized.set(path, error);
    errors.push(captureError(phase, subject, error instanceof OversizedFileError ? error.path : hostPath(path), error));
    return undefined;
  }

  return {
    root,
    errors,
    read(subject, path, kind = 'config') {
      const options = { cap: READ_LIMITS[kind] };
      try {
        return viaCache(path, (host) => readResolvedFile(host, { ...options, lstatFirst: !listedAsFile(host) }), () => readFileInRoot(root, path, options));
      } catch (error) {
        return failed(subject, path, error);
      }
    },
    readJson(subject, path) {
      const read = this.read(subject, path);
      if (!read) return undefined;
      try {
        const text = read.bytes.toString('utf8');
        const { value, deep } = parseHostJson(text);
        if (deep) errors.push(tooDeep(phase, subject, read.path));
        return { read, value, parsed: { text, deep } };
      } catch (error) {
        errors.push(captureError(phase, subject, read.path, error));
        return { read, value: undefined };
      }
    },
    oversized: (path) => oversized.get(path),
    readLine(subject, path) {
      const read = this.read(subject, path, 'text');
      return read ? (read.bytes.toString('utf8').split('\n', 1)[0] ?? '').trim() : undefined;
    },
    readTail(subject, path, bytes) {
      try {
        return viaCache(path, (host) => readResolvedTail(host, bytes, !listedAsFile(host)), () => readTailInRoot(root, path, bytes));
      } catch (error) {
        return failed(subject, path, error);
      }
    },
    list(subject, path) {
      try {
        const dir = paths.resolve(path);
        traceRead('readdir', dir);
        const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        listedFiles.set(dir, new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name)));
        return entries;
      } catch (error) {
        failed(subject, path, error);
        return [];
      }
    },
    stat(path) {
      try {
        return paths.stat(path);
      } catch {
        return undefined;
      }
    },
    hostPath,
    problem(subject, path, code, message) {
      errors.push(captureProblem(phase, subject, path, code, message));
    },
  };
}

/** The link target when the last component of `path` is a symbolic link (its directory resolved in the root). */
function danglingLink(paths: PathResolver, path: string): string | undefined {
  try {
    const entry = paths.file(path);
    return lstatSync(entry).isSymbolicLink() ? readlinkSync(entry) : undefined;
  } catch {
    return undefined;
  }
}
