/** The bounds of a drift capture (README, "Limits"). Reaching one is a capture_error with the counts. */
export interface DriftLimits {
  /** Entries recorded per container; the walk of a writable layer stops there. */
  readonly maxEntries: number;
  /** A regular file larger than this is recorded without sha256 (hash_skipped too-large). */
  readonly hashMaxBytes: number;
  /** Bytes hashed over the whole capture; files after that are recorded without sha256 (capture-cap). */
  readonly captureHashMaxBytes: number;
}

export const DRIFT_LIMITS: DriftLimits = {
  maxEntries: 100_000,
  hashMaxBytes: 64 * 1024 * 1024,
  captureHashMaxBytes: 1024 * 1024 * 1024,
};

/** Bytes left to hash in this capture, shared by every container's walk. */
export interface HashBudget {
  remaining: number;
}
