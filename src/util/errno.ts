/** Node system errors carry `code` (ENOENT, EACCES…); this reads it without trusting the shape. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The errno code of an error or of the first error in its `cause` chain that has one. */
export function causeErrnoCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 8; depth++) {
    const code = errnoCode(current);
    if (code !== undefined) return code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ESRCH: 'no such process',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'symbolic link not followed',
  EINVAL: 'invalid argument',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'timed out',
  EXDEV: 'crosses a file system boundary',
};

/** One readable line for any thrown value: errno text when it has one, else its message. */
export function describeError(error: unknown): string {
  const code = errnoCode(error);
  if (code !== undefined && code in ERRNO_TEXT) return `${ERRNO_TEXT[code]} (${code})`;
  if (error instanceof Error) return firstLine(error.message);
  return firstLine(String(error));
}

/** True for the errors that mean "the thing vanished or never existed": not worth a stack. */
export function isGone(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR';
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.trim();
}
