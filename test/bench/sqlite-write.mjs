// better-sqlite3's floor for writing a snapshot: a new file with docksnap's DDL, filled with the
// rows of an existing snapshot by one INSERT … SELECT per table inside SQLite (no row passes
// through JavaScript), journal off, one transaction, then one fsync, as a capture writes its
// file. Prints the rows written.   usage: node sqlite-write.mjs SNAPSHOT DDL-FILE OUTPUT
import { closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const Database = createRequire(import.meta.url)('better-sqlite3');
const [source, ddl, output] = process.argv.slice(2);
const db = new Database(output);
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.exec(readFileSync(ddl, 'utf8'));
db.prepare('ATTACH ? AS source').run(source);
let rows = 0;
db.transaction(() => {
  for (const { name } of db.prepare("SELECT name FROM source.sqlite_master WHERE type = 'table'").all()) {
    rows += db.prepare(`INSERT INTO main."${name}" SELECT * FROM source."${name}"`).run().changes;
  }
})();
db.exec('DETACH source');
db.close();
const fd = openSync(output, 'r+');
fsyncSync(fd);
closeSync(fd);
process.stdout.write(`${rows}\n`);
