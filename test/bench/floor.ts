import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FLOOR_SOURCE = fileURLToPath(new URL('./floor.c', import.meta.url));
const NODE_READS = fileURLToPath(new URL('./node-reads.mjs', import.meta.url));
const SQLITE_WRITE = fileURLToPath(new URL('./sqlite-write.mjs', import.meta.url));
const READ_BOTH = fileURLToPath(new URL('./read-both.mjs', import.meta.url));
const COPY_GZIP = fileURLToPath(new URL('./copy-gzip.mjs', import.meta.url));
const SNAPSHOT_DDL = fileURLToPath(new URL('../../schemas/snapshot.sql', import.meta.url));
/** curl's own ceiling for --parallel-max. docksnap sends every inspect at once, one connection each. */
const CURL_PARALLEL_MAX = 300;

/** Compiles floor.c into `dir`; returns the binary's path. */
export function buildFloor(dir: string): string {
  const binary = join(dir, 'floor');
  execFileSync('cc', ['-O2', '-o', binary, FLOOR_SOURCE]);
  return binary;
}

/**
 * The floor of one capture, as one command: floor.c replays the traced file reads while, at the
 * same time, curl makes the traced API requests in parallel (`--parallel`, one connection per
 * request in flight, as docksnap does): first the daemon's own endpoints and the container list,
 * then every inspect (an inspect needs the list's ids). Both must succeed.
 */
export function floorCommand(floor: string, trace: string, socket: string, dir: string): { argv: string[]; parallel: number; requests: number; inspects: number } {
  const requests = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('api\tGET '))
    .map((line) => line.slice('api\tGET '.length));
  const inspect = (path: string) => /^\/containers\/[^/?]+\/json$/.test(path);
  const daemonConfig = join(dir, 'daemon.curl');
  const inspectConfig = join(dir, 'inspects.curl');
  const inspects = requests.filter(inspect);
  writeFileSync(daemonConfig, curlConfig(requests.filter((p) => !inspect(p))));
  writeFileSync(inspectConfig, curlConfig(inspects));
  const parallel = Math.max(1, Math.min(CURL_PARALLEL_MAX, requests.length));
  const curl = `curl -sS --fail --unix-socket "$2" --parallel --parallel-immediate --parallel-max ${parallel}`;
  const api = inspects.length > 0 ? `${curl} -K "$3" && ${curl} -K "$4"` : `${curl} -K "$3"`;
  const script = `"$0" "$1" >/dev/null & reads=$!; ${api} || exit 1; wait $reads`;
  return { argv: ['sh', '-c', script, floor, trace, socket, daemonConfig, inspectConfig], parallel, requests: requests.length, inspects: inspects.length };
}

function curlConfig(paths: readonly string[]): string {
  return paths.map((path) => `url = "http://localhost${path}"\noutput = "/dev/null"\n`).join('');
}

/** Node's floor for the reads of `trace`: the same file reads as floor.c, by Node's synchronous fs calls, nothing else. */
export function nodeReadsCommand(trace: string): string[] {
  return [process.execPath, NODE_READS, trace];
}

/** better-sqlite3's floor for writing `snapshot`: its rows copied into `output` (which must not exist) inside SQLite. */
export function sqliteWriteCommand(snapshot: string, output: string): string[] {
  return [process.execPath, SQLITE_WRITE, snapshot, SNAPSHOT_DDL, output];
}

/** better-sqlite3's floor for a diff of `a` and `b`: both checked and read whole into JavaScript, nothing compared. */
export function readBothCommand(a: string, b: string): string[] {
  return [process.execPath, READ_BOTH, a, b];
}

/** The stack's floor for an export of `snapshot`: checked, copied by VACUUM INTO and gzip-compressed into `output` (which must not exist). */
export function copyGzipCommand(snapshot: string, output: string): string[] {
  return [process.execPath, COPY_GZIP, snapshot, output];
}
