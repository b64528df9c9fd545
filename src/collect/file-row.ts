import type { TableInserts } from '../types/snapshot.generated.js';
import { sha256Hex } from '../util/hash.js';
import { jsonTextDepth, parseHostJson } from '../util/json-depth.js';
import { READ_LIMITS } from '../util/read-limits.js';
import type { OversizedFileError, ReadResult } from '../util/fs-readonly.js';

export type FileInsert = TableInserts['files'];

/** A `files` row for bytes read verbatim; `parse` turns them into the JSON kept in `parsed` (undefined when it cannot). */
export function fileRow(containerId: string | null, role: string, read: ReadResult, parse: (bytes: Buffer) => unknown): FileInsert {
  let parsed: string | null = null;
  try {
    const value = parse(read.bytes);
    if (value !== undefined) parsed = JSON.stringify(value);
  } catch {
    parsed = null;
  }
  return {
    container_id: containerId,
    role,
    path: read.path,
    size: read.stat.size,
    mode: read.stat.mode & 0o7777,
    mtime: read.stat.mtime.toISOString(),
    sha256: sha256Hex(read.bytes),
    content: read.bytes,
    parsed,
  };
}

/** What parseHostJson was given and found: the document's text and whether it was nested too deep to keep whole. */
export interface ParsedText {
  readonly text: string;
  readonly deep: boolean;
}

/**
 * A `files` row for a JSON file: `parsed` is the content's own text once it is known to parse
 * (re-serializing a 30 KB runc state only to store the same document twice costs time), or, for
 * a document nested deeper than READ_LIMITS.jsonDepth, the document with its deep values cut.
 * `value`: the document when the caller already parsed it with parseHostJson, so it is not parsed again;
 * `known`: the text it was parsed from and whether it was cut, so the text is not decoded and scanned again.
 */
export function jsonFileRow(containerId: string | null, role: string, read: ReadResult, value?: unknown, known?: ParsedText): FileInsert {
  if (known && value !== undefined) return { ...fileRow(containerId, role, read, () => undefined), parsed: known.deep ? JSON.stringify(value) : known.text };
  const text = read.bytes.toString('utf8');
  let parsed: string | null = null;
  try {
    if (value === undefined) {
      const host = parseHostJson(text);
      parsed = host.deep ? JSON.stringify(host.value) : text;
    } else {
      parsed = jsonTextDepth(text) > READ_LIMITS.jsonDepth ? JSON.stringify(value) : text;
    }
  } catch {
    parsed = null;
  }
  return { ...fileRow(containerId, role, read, () => undefined), parsed };
}

/** A `files` row for a file over its read cap: size, mode, time and (when streamed) hash, no content. */
export function omittedFileRow(containerId: string | null, role: string, oversized: OversizedFileError): FileInsert {
  return {
    container_id: containerId,
    role,
    path: oversized.path,
    size: oversized.size,
    mode: oversized.stat.mode & 0o7777,
    mtime: oversized.stat.mtime.toISOString(),
    sha256: oversized.sha256,
    content: null,
    parsed: null,
  };
}
