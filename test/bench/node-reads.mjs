// Node's floor for a capture's reads: replays the file reads of a `capture --trace-reads` file
// with the synchronous fs calls docksnap's readers use (open O_NOFOLLOW|O_NONBLOCK, read to the
// end, close; readlink; readdir; lstat; a log's tail by fstat and pread), and nothing else: no
// parsing, no API, no SQLite. The same lines as floor.c, so the two floors differ only in the
// language. Prints the number of operations replayed. Plain JavaScript, so that it is timed with
// Node's own start and nothing more.   usage: node node-reads.mjs TRACE-FILE
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readSync, readdirSync, readlinkSync } from 'node:fs';

const buffer = Buffer.allocUnsafe(1 << 20);
const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function readWhole(path) {
  const fd = openSync(path, flags);
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

function readTail(path, bytes) {
  const fd = openSync(path, flags);
  try {
    const size = fstatSync(fd).size;
    for (let offset = Math.max(0, size - bytes); offset < size; ) {
      const n = readSync(fd, buffer, 0, buffer.length, offset);
      if (n <= 0) break;
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
}

const replay = {
  read: readWhole,
  readlink: (path) => readlinkSync(path),
  readdir: (path) => readdirSync(path),
  lstat: (path) => lstatSync(path, { throwIfNoEntry: false }),
  tail: (target) => {
    const tab = target.indexOf('\t');
    if (tab > 0) readTail(target.slice(tab + 1), Number(target.slice(0, tab)));
  },
};

let operations = 0;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  const tab = line.indexOf('\t');
  const run = tab > 0 ? replay[line.slice(0, tab)] : undefined;
  if (!run) continue;
  operations++;
  try {
    run(line.slice(tab + 1));
  } catch {
    // A file gone since the trace was written costs its failed call, as in floor.c.
  }
}
process.stdout.write(`${operations}\n`);
