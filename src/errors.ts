/** Exit codes docksnap uses; README documents them. */
export const EXIT = {
  ok: 0,
  /** `diff` found differences, or an operation failed. */
  failed: 1,
  /** Bad usage or bad input (not a snapshot, newer schema, not a Docker root, existing output). */
  usage: 2,
  /**
   * A bug or an unforeseen failure inside docksnap (sysexits EX_SOFTWARE). Never 0 or 1, so an
   * internal error can never pass for success or for "differences found".
   */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Base of every error docksnap raises on purpose. `what` names the object (a path, an id, an
 * option), `why` says what is wrong with it; the CLI prints `docksnap: <what> — <why>`.
 */
export class DocksnapError extends Error {
  readonly exitCode: ExitCode;
  readonly what: string;
  readonly why: string;

  constructor(what: string, why: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(`${what} — ${why}`, options);
    this.name = new.target.name;
    this.what = what;
    this.why = why;
    this.exitCode = exitCode;
  }
}

/** The command line itself is wrong: unknown value, conflicting flags. Exit 2. */
export class UsageError extends DocksnapError {
  constructor(what: string, why: string, options?: { cause?: unknown }) {
    super(what, why, EXIT.usage, options);
  }
}

/** An input is unusable: not SQLite, not a snapshot, newer schema, not a Docker root, output exists. Exit 2. */
export class InputError extends DocksnapError {
  constructor(what: string, why: string, options?: { cause?: unknown }) {
    super(what, why, EXIT.usage, options);
  }
}

/** The operation itself failed (write error, bundle checksum mismatch). Exit 1. */
export class OperationError extends DocksnapError {
  constructor(what: string, why: string, options?: { cause?: unknown }) {
    super(what, why, EXIT.failed, options);
  }
}

export function isDocksnapError(error: unknown): error is DocksnapError {
  return error instanceof DocksnapError;
}
