// The stack's floor for an export: what any export of a snapshot into a compressed file costs on
// Node and better-sqlite3, with no redaction, no report and no tar: the snapshot opened read-only
// and checked with quick_check as docksnap's open does, copied compacted by VACUUM INTO, that copy
// gzip-compressed (zlib's default level, as export's) into OUTPUT, which is fsync'ed. Prints the
// compressed size.   usage: node copy-gzip.mjs SNAPSHOT OUTPUT.gz   (OUTPUT and OUTPUT.db must not exist)
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const Database = createRequire(import.meta.url)('better-sqlite3');
const [source, output] = process.argv.slice(2);
const copy = `${output}.db`;
const db = new Database(source, { readonly: true, fileMustExist: true });
try {
  const integrity = db.pragma('quick_check(1)', { simple: true });
  if (integrity !== 'ok') throw new Error(`${source}: ${integrity}`);
  db.prepare('VACUUM INTO ?').run(copy);
} finally {
  db.close();
}
try {
  await pipeline(createReadStream(copy), createGzip(), createWriteStream(output, { flags: 'wx' }));
} finally {
  rmSync(copy, { force: true });
}
const fd = openSync(output, 'r+');
fsyncSync(fd);
closeSync(fd);
process.stdout.write(`${statSync(output).size}\n`);
