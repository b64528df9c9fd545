import { execFileSync } from 'node:child_process';

/** Bytes of layer paths per getfattr call: far below the kernel's 2 MiB for a command line, however long the paths. */
const PATH_BYTES_PER_CALL = 256 * 1024;

/**
 * Opaque directories of overlay writable layers, by layer, as paths relative to it ('/data').
 * Node has no getxattr, so this asks getfattr (Debian's `attr` package), one call for as many
 * layers as 256 KiB of paths hold (a few processes per capture, not one per container): a recursive, physical walk (-R -P: never
 * following a link) that dumps only the opaque attribute, so a layer of a million files prints
 * nothing but its few opaque directories. No shell is involved.
 * @throws Error when getfattr is missing (ENOENT), fails, or prints more than `maxOutputBytes`
 */
export function readOpaqueDirsOf(uppers: readonly string[], maxOutputBytes = 8 * 1024 * 1024): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>(uppers.map((upper) => [upper, new Set<string>()]));
  for (const batch of batches(uppers)) {
    for (const [file, upper] of dumpedFiles(getfattr(batch, maxOutputBytes), batch)) found.get(upper)?.add(file);
  }
  return found;
}

function* batches(paths: readonly string[]): Generator<string[]> {
  let batch: string[] = [];
  let bytes = 0;
  for (const path of paths) {
    const size = Buffer.byteLength(path) + 1;
    if (batch.length > 0 && bytes + size > PATH_BYTES_PER_CALL) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(path);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** The opaque directories of one layer (see readOpaqueDirsOf). */
export function readOpaqueDirs(upper: string): Set<string> {
  return readOpaqueDirsOf([upper]).get(upper) ?? new Set();
}

function getfattr(paths: readonly string[], maxOutputBytes: number): string {
  try {
    return execFileSync('getfattr', ['-R', '-P', '-h', '--absolute-names', '-d', '-e', 'text', '-m', '^(trusted|user)\\.overlay\\.opaque$', '--', ...paths], {
      encoding: 'latin1',
      maxBuffer: maxOutputBytes,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C' },
    });
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { status?: number | null; stdout?: string };
    // getfattr exits 1 when some file vanished or refused a read, with whatever it dumped.
    if (failed.code === 'ENOENT' || failed.code === 'ENOBUFS' || failed.status !== 1 || typeof failed.stdout !== 'string') throw error;
    return failed.stdout;
  }
}

/** Parses getfattr's dump (`# file: <escaped path>` then `name="y"` lines) into [path in its layer, layer]. */
function* dumpedFiles(output: string, uppers: readonly string[]): Generator<[string, string]> {
  const layers = new Set(uppers);
  let file: string | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('# file: ')) file = unescapeGetfattr(line.slice(8));
    else if (file !== undefined && /^(trusted|user)\.overlay\.opaque="y"$/.test(line)) {
      const upper = layerOf(file, layers);
      if (upper !== undefined) yield [file.slice(upper.length), upper];
    }
  }
}

/** The longest of `layers` that `file` lies strictly below (a lookup per `/` of the path, not a scan of the layers). */
function layerOf(file: string, layers: ReadonlySet<string>): string | undefined {
  for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
    const prefix = file.slice(0, slash);
    if (layers.has(prefix)) return prefix;
  }
  return undefined;
}

/** getfattr writes bytes outside printable ASCII, and backslash, as \ooo octal. Decoded as UTF-8, like readdir's names. */
function unescapeGetfattr(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const octal = escaped[i] === '\\' ? /^[0-7]{3}/.exec(escaped.slice(i + 1))?.[0] : undefined;
    if (octal) {
      bytes.push(parseInt(octal, 8));
      i += 3;
    } else {
      bytes.push(escaped.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
