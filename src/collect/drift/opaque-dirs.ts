import { execFileSync } from 'node:child_process';

/**
 * Opaque directories of an overlay writable layer, as paths relative to it ('/data'). Node has no
 * getxattr, so this asks getfattr (Debian's `attr` package) once per layer: a recursive, physical
 * walk (-R -P: never following a link) that dumps only the opaque attribute, so a layer of a
 * million files prints nothing but its few opaque directories. No shell is involved.
 * @throws Error when getfattr is missing (ENOENT), fails, or prints more than `maxOutputBytes`
 */
export function readOpaqueDirs(upper: string, maxOutputBytes = 8 * 1024 * 1024): Set<string> {
  let output: string;
  try {
    output = execFileSync('getfattr', ['-R', '-P', '-h', '--absolute-names', '-d', '-e', 'text', '-m', '^(trusted|user)\\.overlay\\.opaque$', upper], {
      encoding: 'latin1',
      maxBuffer: maxOutputBytes,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C' },
    });
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { status?: number | null; stdout?: string };
    // getfattr exits 1 when some file vanished or refused a read, with whatever it dumped.
    if (failed.code === 'ENOENT' || failed.code === 'ENOBUFS' || failed.status !== 1 || typeof failed.stdout !== 'string') throw error;
    output = failed.stdout;
  }
  return parseOpaqueDump(output, upper);
}

/** Parses getfattr's dump: `# file: <escaped path>` then `name="y"` lines. */
export function parseOpaqueDump(output: string, upper: string): Set<string> {
  const opaque = new Set<string>();
  let file: string | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('# file: ')) file = unescapeGetfattr(line.slice(8));
    else if (file !== undefined && /^(trusted|user)\.overlay\.opaque="y"$/.test(line)) {
      if (file === upper) continue;
      if (file.startsWith(`${upper}/`)) opaque.add(file.slice(upper.length));
    }
  }
  return opaque;
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
