import { realpathSync } from 'node:fs';
import { lstatIfPresent } from '../../util/fs-readonly.js';
import { captureError, type CaptureError } from '../errors.js';

/** The real path of a layer directory, resolved once however many containers share the layer (`known`); a failure is reported for each container. */
export function realPathOnce(path: string | null, subject: string, errors: CaptureError[], known: Map<string, string | Error>): string | undefined {
  if (path === null) return undefined;
  const real = resolveReal(path, known);
  if (typeof real === 'string') return real;
  errors.push(captureError('drift', subject, path, real));
  return undefined;
}

/**
 * realpath through a cache of the parents' real paths: a layer directory whose parents were
 * resolved for another layer costs one lstat per new component, not a readlink per component.
 * Anything unusual (a link, a component missing, `.` or `..`) is left to realpath itself, which
 * also gives the error.
 */
function resolveReal(path: string, known: Map<string, string | Error>): string | Error {
  const cached = known.get(path);
  if (cached !== undefined) return cached;
  let real: string | Error;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const parent = slash > 0 && name !== '' && name !== '.' && name !== '..' ? resolveReal(path.slice(0, slash), known) : undefined;
  const candidate = typeof parent === 'string' ? `${parent === '/' ? '' : parent}/${name}` : undefined;
  if (candidate !== undefined && isPlainEntry(candidate)) real = candidate;
  else {
    try {
      real = realpathSync.native(path);
    } catch (error) {
      real = error as Error;
    }
  }
  known.set(path, real);
  return real;
}

function isPlainEntry(path: string): boolean {
  try {
    return lstatIfPresent(path)?.isSymbolicLink() === false;
  } catch {
    return false;
  }
}
