import { InputError } from '../errors.js';
import type { SnapshotDb } from '../store/open.js';

/**
 * Parses a JSON document docksnap itself stored (argv arrays, options, daemon hosts). Text that
 * is not JSON, or not the expected shape, means the file was altered: it is refused as damaged
 * (exit 2) rather than misread.
 * @throws InputError naming the table and column.
 */
export function parseStoredJson(db: SnapshotDb, where: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw damaged(db, where, `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A stored JSON array of strings (argv, hosts). @throws InputError when it is anything else. */
export function parseStoredStrings(db: SnapshotDb, where: string, text: string): string[] {
  const value = parseStoredJson(db, where, text);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw damaged(db, where, 'is not a JSON array of strings');
  return value;
}

/** A stored JSON object (options). @throws InputError when it is anything else. */
export function parseStoredObject(db: SnapshotDb, where: string, text: string): Record<string, unknown> {
  const value = parseStoredJson(db, where, text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged(db, where, 'is not a JSON object');
  return value as Record<string, unknown>;
}

function damaged(db: SnapshotDb, where: string, why: string): InputError {
  return new InputError(db.path, `is damaged: a value of ${where} ${why}`);
}
