import { closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readlinkSync, readSync, writeFileSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { describeError, errnoCode } from '../util/errno.js';
import { keyFingerprint } from './redactor.js';

export interface RedactionKey {
  readonly bytes: Buffer;
  /** Public name of the key, recorded in the manifest. */
  readonly fingerprint: string;
  /** Where the key came from. */
  readonly path: string;
}

const MIN_KEY_BYTES = 16;
const MAX_KEY_BYTES = 4096;

/** `$XDG_CONFIG_HOME/docksnap/redact.key`, else `~/.config/docksnap/redact.key`. */
export function defaultKeyPath(env: Readonly<Record<string, string | undefined>>): string {
  const config = env['XDG_CONFIG_HOME'] || join(env['HOME'] || '/root', '.config');
  return join(config, 'docksnap', 'redact.key');
}

/**
 * The redaction key: the file given with --redact-key-file, else the user's key, created on first
 * use (32 random bytes as hex, mode 0600, in a 0700 directory; `onCreated` is told where). A key
 * file's bytes, without a final newline, are the key. A key that other users can read, a link to
 * nowhere, or anything but a regular file is refused: a fresh key that is never saved would make
 * every bundle incomparable without a word.
 * @throws UsageError when the key file is missing, unsafe, not a regular file, or of a bad size; InputError when the user's key cannot be created.
 */
export function loadRedactionKey(
  keyFile: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  onCreated: (path: string) => void = () => undefined,
): RedactionKey {
  if (keyFile !== undefined) {
    const bytes = readKey(keyFile, () => {
      throw new UsageError(keyFile, 'the redaction key file does not exist');
    });
    return withFingerprint(bytes, keyFile);
  }
  const path = defaultKeyPath(env);
  const bytes = readKey(path, () => {
    const created = createKey(path);
    onCreated(path);
    return created;
  });
  return withFingerprint(bytes, path);
}

function readKey(path: string, missing: () => Buffer): Buffer {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return missing();
    throw new UsageError(path, `the redaction key cannot be read: ${describeError(error)}`, { cause: error });
  }
  if (link.isSymbolicLink() && !existsSync(path)) {
    throw new UsageError(path, `the redaction key is a symbolic link to ${readlinkSync(path)}, which does not exist; remove the link (a new key is then created) or point it at your key`);
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new UsageError(path, `the redaction key cannot be read: ${describeError(error)}`, { cause: error });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UsageError(path, 'the redaction key is not a regular file; give a file holding the key');
    if ((stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new UsageError(path, `the redaction key is open to other users (mode ${mode}); run: chmod 600 ${path}`);
    }
    if (stat.size > MAX_KEY_BYTES + 1) throw new UsageError(path, `a redaction key file holds at most ${MAX_KEY_BYTES} bytes`);
    const raw = Buffer.alloc(MAX_KEY_BYTES + 2);
    const length = readSync(fd, raw, 0, raw.length, 0);
    const end = length - (raw[length - 1] === 0x0a ? 1 : 0);
    const bytes = Buffer.from(raw.subarray(0, end));
    if (bytes.length < MIN_KEY_BYTES) throw new UsageError(path, `a redaction key needs at least ${MIN_KEY_BYTES} bytes`);
    if (bytes.length > MAX_KEY_BYTES) throw new UsageError(path, `a redaction key file holds at most ${MAX_KEY_BYTES} bytes`);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function createKey(path: string): Buffer {
  const key = Buffer.from(randomBytes(32).toString('hex'));
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, Buffer.concat([key, Buffer.from('\n')]), { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error) {
    // Another export created it meanwhile: use that one, never a key that is not saved.
    if (errnoCode(error) === 'EEXIST') {
      return readKey(path, () => {
        throw new InputError(path, 'the redaction key vanished while it was being created; run the export again', { cause: error });
      });
    }
    throw new InputError(path, `the redaction key cannot be created: ${describeError(error)}`, { cause: error });
  }
}

function withFingerprint(bytes: Buffer, path: string): RedactionKey {
  return { bytes, fingerprint: keyFingerprint(bytes), path };
}
