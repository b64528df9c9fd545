import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
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

/** `$XDG_CONFIG_HOME/docksnap/redact.key`, else `~/.config/docksnap/redact.key`. */
export function defaultKeyPath(env: Readonly<Record<string, string | undefined>>): string {
  const config = env['XDG_CONFIG_HOME'] || join(env['HOME'] || '/root', '.config');
  return join(config, 'docksnap', 'redact.key');
}

/**
 * The redaction key: the file given with --redact-key-file, else the user's key, created on first
 * use (32 random bytes as hex, mode 0600, in a 0700 directory). A key file's bytes, without a
 * final newline, are the key.
 * @throws UsageError when the given key file is missing or shorter than 16 bytes; InputError when the user's key cannot be created.
 */
export function loadRedactionKey(keyFile: string | undefined, env: Readonly<Record<string, string | undefined>>): RedactionKey {
  if (keyFile !== undefined) {
    const bytes = readKey(keyFile, () => {
      throw new UsageError(keyFile, 'the redaction key file does not exist');
    });
    return withFingerprint(bytes, keyFile);
  }
  const path = defaultKeyPath(env);
  const bytes = readKey(path, () => createKey(path));
  return withFingerprint(bytes, path);
}

function readKey(path: string, missing: () => Buffer): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return missing();
    throw new UsageError(path, `the redaction key cannot be read: ${describeError(error)}`, { cause: error });
  }
  const end = raw.length - (raw.at(-1) === 0x0a ? 1 : 0);
  const bytes = raw.subarray(0, end);
  if (bytes.length < MIN_KEY_BYTES) throw new UsageError(path, `a redaction key needs at least ${MIN_KEY_BYTES} bytes`);
  return bytes;
}

function createKey(path: string): Buffer {
  const key = Buffer.from(randomBytes(32).toString('hex'));
  try {
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(path, Buffer.concat([key, Buffer.from('\n')]), { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error) {
    // Another export created it meanwhile: use that one.
    if (errnoCode(error) === 'EEXIST') return readKey(path, () => key);
    throw new InputError(path, `the redaction key cannot be created: ${describeError(error)}`, { cause: error });
  }
}

function withFingerprint(bytes: Buffer, path: string): RedactionKey {
  return { bytes, fingerprint: keyFingerprint(bytes), path };
}
