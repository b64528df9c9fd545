/**
 * Turns a copy of a Podman storage root from the bbolt era into the SQLite era: libpod/db.sql is
 * created with Podman's own schema (test/fixtures/podman/sqlite-state.sql) and filled with the
 * config and state JSON the real Podman wrote to bolt_state.db (copied byte for byte), then
 * bolt_state.db is removed, as on a host that has only ever run Podman 5.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readBoltPath } from '../../src/collect/docker-root/bbolt.js';

const SCHEMA = new URL('../fixtures/podman/sqlite-state.sql', import.meta.url);

export function convertBoltToSqlite(root: string): void {
  const bolt = readFileSync(join(root, 'libpod/bolt_state.db'));
  const db = new Database(join(root, 'libpod/db.sql'));
  try {
    db.exec(readFileSync(SCHEMA, 'utf8'));
    const exitCodes = readBoltPath(bolt, ['exit-code']).pairs;
    db.transaction(() => {
      for (const id of readBoltPath(bolt, ['ctr']).buckets) {
        const { pairs } = readBoltPath(bolt, ['ctr', id]);
        const config = pairs.get('config')!.toString('utf8');
        const state = pairs.get('state')!.toString('utf8');
        const parsedConfig = JSON.parse(config) as { name: string; pod?: string };
        const parsedState = JSON.parse(state) as { state: number; exitCode?: number };
        db.prepare('INSERT INTO IDNamespace VALUES (?)').run(id);
        db.prepare('INSERT INTO ContainerConfig VALUES (?, ?, ?, ?)').run(id, parsedConfig.name, parsedConfig.pod || null, config);
        db.prepare('INSERT INTO ContainerState VALUES (?, ?, ?, ?)').run(id, parsedState.state, parsedState.exitCode ?? 0, state);
        const exit = exitCodes.get(id);
        if (exit) db.prepare('INSERT INTO ContainerExitCode VALUES (?, ?, ?)').run(id, 0, Number(exit.toString('utf8')));
      }
    })();
  } finally {
    db.close();
  }
  rmSync(join(root, 'libpod/bolt_state.db'));
}
