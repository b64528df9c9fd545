// better-sqlite3's floor for a diff: opens each snapshot read-only, checks its b-trees with
// quick_check as docksnap's open does, and reads every row of every table into JavaScript objects,
// held until both are read, as a diff holds both snapshots before comparing them. Nothing is
// compared or printed but the number of rows read. Plain JavaScript, so that it is timed with
// Node's own start and nothing more.   usage: node read-both.mjs SNAPSHOT-A SNAPSHOT-B
import { createRequire } from 'node:module';

const Database = createRequire(import.meta.url)('better-sqlite3');
const held = [];
for (const path of process.argv.slice(2, 4)) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('quick_check(1)', { simple: true });
    if (integrity !== 'ok') throw new Error(`${path}: ${integrity}`);
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()) {
      held.push(db.prepare(`SELECT * FROM "${name}"`).all());
    }
  } finally {
    db.close();
  }
}
process.stdout.write(`${held.reduce((rows, table) => rows + table.length, 0)}\n`);
