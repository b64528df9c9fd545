import { execFileSync } from 'node:child_process';

const LAYERS_PER_CALL = 256;

/**
 * Opaque directories of overlay writable layers, by layer, as paths relative to it ('/data').
 * Node has no getxattr, so this asks getfattr (Debian's `attr` package), one call for up to 256
 * layers (one process per capture, not per container): a recursive, physical walk (-R -P: never
 * following a link) that dumps only the opaque attribute, so a layer of a million files prints
 * nothing but its few opaque directories. No shell is involved.
 * @throws Error when getfattr is missing (ENOENT), fails, or prints more than `maxOutputBytes`
 */
export function readOpaqueDirsOf(uppers: readonly string[], maxOutputBytes = 8 * 1024 * 1024): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>(uppers.map((upper) => [upper, new Set<string>()]));
  for (let i = 0; i < uppers.length; i += LAYERS_PER_CALL) {
    const batch = uppers.slice(i, i + LAYERS_PER_CALL);
    for (const [file, upper] of dumpedFiles(getfattr(batch, maxOutputBytes), batch)) found.get(upper)?.add(file);
  }
  return found;
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
  let file: string | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('# file: ')) file = unescapeGetfattr(line.slice(8));
    else if (file !== undefined && /^(trusted|user)\.overlay\.opaque="y"$/.test(line)) {
      const upper = uppers.find((u) => file!.startsWith(`${u}/`));
      if (upper !== undefined) yield [file.slice(upper.length), upper];
    }
  }
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
