import type { RootReader } from '../docker-root/root-reader.js';
import type { JsonObject } from '../container-rows.js';
import { jsonFileRow, type FileInsert } from '../file-row.js';
import { queryForeignSqlite } from '../../store/foreign-sqlite.js';
import { parseJson, type LibpodContainer, type LibpodState } from './libpod-state.js';

const SQLITE = 'libpod/db.sql';

const SQLITE_QUERIES = {
  containers: `SELECT c.ID AS id, c.JSON AS config, s.JSON AS state, s.ExitCode AS exitCode
                 FROM ContainerConfig c LEFT JOIN ContainerState s ON s.ID = c.ID ORDER BY c.ID`,
  exitCodes: 'SELECT ID AS id, ExitCode AS exitCode FROM ContainerExitCode',
};

/**
 * Reads libpod/db.sql (SQLite; Podman 4.8 and later, the default since 5.0): ContainerConfig and
 * ContainerState hold each container's config and state JSON, ContainerExitCode the exit codes
 * kept after exit. The database (and its -wal) is read through the in-root reader and queried
 * from a private copy, so the host's file is never opened for writing.
 */
export function readSqliteState(reader: RootReader): LibpodState {
  const containers = new Map<string, LibpodContainer>();
  const main = reader.read('libpod state', SQLITE);
  if (!main) return { kind: 'sqlite', containers };
  const wal = reader.stat(`${SQLITE}-wal`) ? reader.read('libpod state', `${SQLITE}-wal`) : undefined;
  let rows: Record<string, unknown[]>;
  try {
    rows = queryForeignSqlite([{ suffix: '', bytes: main.bytes }, ...(wal ? [{ suffix: '-wal' as const, bytes: wal.bytes }] : [])], SQLITE_QUERIES);
  } catch (error) {
    reader.problem('libpod state', main.path, 'bad-sqlite', `not a readable libpod SQLite state: ${error instanceof Error ? error.message : String(error)}`);
    return { kind: 'sqlite', containers };
  }
  const exitCodes = new Map((rows['exitCodes'] as { id: string; exitCode: number }[]).map((r) => [r.id, r.exitCode]));
  for (const row of rows['containers'] as { id: string; config: string; state: string | null; exitCode: number | null }[]) {
    const files: FileInsert[] = [];
    const json = (text: string | null, table: string, role: string): JsonObject | undefined => {
      if (text === null) return undefined;
      const bytes = Buffer.from(text, 'utf8');
      const value = parseJson(bytes);
      const path = `${main.path}#${table}/${row.id}`;
      files.push({ ...jsonFileRow(row.id, role, { path, bytes, stat: main.stat }, value), size: bytes.length });
      if (!value) reader.problem(`container ${row.id}`, path, 'bad-json', `libpod ${table} JSON is not an object`);
      return value;
    };
    containers.set(row.id, {
      config: json(row.config, 'ContainerConfig', 'libpod-config.json'),
      state: json(row.state, 'ContainerState', 'libpod-state.json'),
      exitCode: exitCodes.get(row.id) ?? row.exitCode,
      files,
    });
  }
  return { kind: 'sqlite', containers };
}

