import { asInteger, asObject, type JsonObject } from '../container-rows.js';
import { BoltFormatError, readBoltPath } from '../docker-root/bbolt.js';
import type { RootReader } from '../docker-root/root-reader.js';
import { jsonFileRow, type FileInsert } from '../file-row.js';
import { readSqliteState } from './libpod-sqlite.js';

/** What libpod's state database records of one container. */
export interface LibpodContainer {
  /** ContainerConfig: the OCI spec, name, pod, image, labels, ports, log settings, CreateCommand… */
  readonly config: JsonObject | undefined;
  /** ContainerState: state, pid, conmon pid, started/finished times, exit code… */
  readonly state: JsonObject | undefined;
  /** The exit code libpod kept apart (bucket exit-code) once the container exited. */
  readonly exitCode: number | null;
  /** config and state, kept verbatim as files rows (path <db>#<bucket path>). */
  readonly files: FileInsert[];
}

export interface LibpodState {
  readonly kind: 'bolt' | 'sqlite' | null;
  readonly containers: Map<string, LibpodContainer>;
}

const BOLT = 'libpod/bolt_state.db';
const SQLITE = 'libpod/db.sql';

/**
 * Reads libpod's state database the way Podman picks it when none is configured: bolt_state.db
 * when it exists (Podman before 4.8, and hosts upgraded since), else db.sql (SQLite).
 *
 * libpod/bolt_state.db (bbolt; Podman before 4.8, and hosts upgraded since): bucket ctr
 * holds a bucket per container with its config and state JSON. A database that cannot be read
 * leaves a capture error; the containers are then known from containers.json alone.
 */
export function readLibpodState(reader: RootReader): LibpodState {
  if (!reader.stat(BOLT)) return reader.stat(SQLITE) ? readSqliteState(reader) : { kind: null, containers: new Map() };
  const read = reader.read('libpod state', BOLT);
  const containers = new Map<string, LibpodContainer>();
  if (!read) return { kind: 'bolt', containers };
  try {
    const exitCodes = readBoltPath(read.bytes, ['exit-code']).pairs;
    for (const id of readBoltPath(read.bytes, ['ctr']).buckets) {
      const { pairs } = readBoltPath(read.bytes, ['ctr', id]);
      const files: FileInsert[] = [];
      const json = (key: string, role: string): JsonObject | undefined => {
        const bytes = pairs.get(key);
        if (!bytes) return undefined;
        const value = parseJson(bytes);
        // The value is a record inside the database file: its own size, the database's mode and mtime.
        files.push({ ...jsonFileRow(id, role, { path: `${read.path}#ctr/${id}/${key}`, bytes, stat: read.stat }, value), size: bytes.length });
        if (!value) reader.problem(`container ${id}`, `${read.path}#ctr/${id}/${key}`, 'bad-json', `libpod ${key} is not a JSON object`);
        return value;
      };
      const exit = exitCodes.get(id);
      containers.set(id, {
        config: json('config', 'libpod-config.json'),
        state: json('state', 'libpod-state.json'),
        exitCode: exit ? asInteger(Number(exit.toString('utf8'))) : null,
        files,
      });
    }
  } catch (error) {
    if (!(error instanceof BoltFormatError)) throw error;
    reader.problem('libpod state', read.path, error.code, error.message);
  }
  return { kind: 'bolt', containers };
}

/** The bytes as a JSON object; undefined when they are not one. */
export function parseJson(bytes: Buffer): JsonObject | undefined {
  try {
    return asObject(JSON.parse(bytes.toString('utf8')));
  } catch {
    return undefined;
  }
}
