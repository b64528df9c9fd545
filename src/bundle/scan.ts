import { createHash } from 'node:crypto';
import { closeSync, openSync, statfsSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import { checkManifest } from './manifest-check.js';
import { LIMITS, MEMBER, MEMBER_ORDER, maxTarBytes, renderSha256Sums, type BundleManifest, type MemberName } from './manifest.js';
import { readTarMembers, type StreamCap } from './tar-read.js';
import { sha256Hex } from '../util/hash.js';
import { bundleDbHeaderProblem, SQLITE_HEADER_BYTES } from '../store/sqlite-header.js';

/** One reason a bundle is not intact, naming its member. */
export interface MemberFailure {
  readonly member: string;
  readonly reason: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface ScanReport {
  readonly valid: boolean;
  /** The manifest, when it could be read and trusted. */
  readonly manifest: BundleManifest | undefined;
  readonly failures: readonly MemberFailure[];
  /** snapshot.db's bytes, with `snapshotTo: 'memory'`. */
  readonly snapshotBytes?: Buffer;
}

export interface ScanOptions {
  /**
   * Write snapshot.db's bytes to this path (created or truncated, mode 0600) while checking them,
   * or with 'memory' keep them in `snapshotBytes` (for verify, which writes nothing).
   */
  readonly snapshotTo?: string | 'memory';
  /** Refuse, once the manifest is read, a snapshot.db larger than the free space of this directory (default: snapshotTo's). */
  readonly roomIn?: string;
}

class StopScan extends Error {}

/**
 * Reads a bundle once, as a stream, and checks it: member names, order and types, the manifest
 * (JSON, self digest, schema, versions), every member's size and SHA-256, and SHA256SUMS.
 * Integrity failures are returned; a hostile or unreadable bundle is thrown. Only `snapshotTo`
 * is ever written, and its content is trustworthy only when the report is valid.
 * snapshot.db's first bytes must be a SQLite header whose page arithmetic gives the declared
 * size, checked before anything more is written, and it is never extracted past the free space.
 * @throws InputError for a file that is not a bundle, truncated or corrupt, from a newer docksnap,
 *   or holding a refused member (unknown name, link, device, `..`, larger than declared, a
 *   snapshot.db that is not the SQLite file it claims to be, or too big for the free space).
 */
export async function scanBundle(path: string, options: ScanOptions = {}): Promise<ScanReport> {
  const cap: StreamCap = { bytes: 512 + LIMITS.manifestBytes + LIMITS.inflateSlackBytes };
  const failures: MemberFailure[] = [];
  const seen: MemberName[] = [];
  let manifest: BundleManifest | undefined;
  let manifestSha256 = '';
  let snapshotBytes: Buffer | undefined;
  const refuse = (member: string, why: string) => new InputError(path, `member ${JSON.stringify(member)} ${why}; refused`);
  try {
    await readTarMembers(path, cap, async (header, body) => {
      const name = MEMBER_ORDER.find((m) => m === header.name);
      if (!name) throw refuse(header.name, `is not a bundle member (a bundle holds ${MEMBER_ORDER.join(', ')})`);
      if (seen.includes(name)) throw refuse(name, 'appears twice');
      if (MEMBER_ORDER[seen.length] !== name) throw refuse(name, `is out of order (expected ${MEMBER_ORDER[seen.length]} here)`);
      seen.push(name);
      if (name === MEMBER.manifest || name === MEMBER.sums) {
        const limit = name === MEMBER.manifest ? LIMITS.manifestBytes : LIMITS.sumsBytes;
        if (header.size > limit) throw refuse(name, `is larger than ${limit} bytes`);
        const text = Buffer.concat(await collect(body)).toString('utf8');
        if (name === MEMBER.sums) return checkSums(text, manifestSha256, manifest, failures);
        const check = checkManifest(path, text);
        if ('failure' in check) {
          failures.push({ member: name, reason: check.failure, expected: check.expected, actual: check.actual });
          throw new StopScan();
        }
        manifest = check.manifest;
        manifestSha256 = sha256Hex(text);
        assertRoomFor(path, manifest, options.snapshotTo, options.roomIn);
        cap.bytes = maxTarBytes(header.size, LIMITS.sumsBytes, manifest.members);
        return;
      }
      const declared = manifest?.members.find((m) => m.name === name);
      if (!declared) throw refuse(name, 'is not listed in the manifest');
      if (header.size > declared.size) throw refuse(name, `is larger than the manifest says (${header.size} > ${declared.size} bytes)`);
      const isDb = name === MEMBER.snapshot;
      const checkHead = isDb
        ? (head: Buffer) => {
            const problem = bundleDbHeaderProblem(head, declared.size);
            if (problem) throw new InputError(path, `its ${MEMBER.snapshot} ${problem}; refused before extracting it`);
          }
        : undefined;
      const actual = await hashBody(body, isDb ? options.snapshotTo : undefined, checkHead);
      if (actual.bytes) snapshotBytes = actual.bytes;
      if (actual.size !== declared.size) failures.push({ member: name, reason: 'size mismatch', expected: `${declared.size} bytes`, actual: `${actual.size} bytes` });
      else if (actual.sha256 !== declared.sha256) failures.push({ member: name, reason: 'sha256 mismatch', expected: declared.sha256, actual: actual.sha256 });
    });
  } catch (error) {
    if (!(error instanceof StopScan)) throw error;
    return { valid: false, manifest: undefined, failures };
  }
  for (const name of MEMBER_ORDER.filter((m) => !seen.includes(m))) failures.push({ member: name, reason: 'is missing' });
  return { valid: failures.length === 0 && manifest !== undefined, manifest, failures, ...(snapshotBytes ? { snapshotBytes } : {}) };
}

/** Refuses, before extracting, a snapshot.db larger than the free space where it would go (or than memory may hold). */
function assertRoomFor(bundle: string, manifest: BundleManifest, target: string | undefined, roomIn: string | undefined): void {
  const size = manifest.members.find((m) => m.name === MEMBER.snapshot)?.size ?? 0;
  if (target === 'memory') {
    if (size > LIMITS.verifyInMemoryBytes) throw new InputError(bundle, `its ${MEMBER.snapshot} declares ${size} bytes, more than verify checks in memory (${LIMITS.verifyInMemoryBytes})`);
    return;
  }
  const dir = roomIn ?? (target === undefined ? undefined : dirname(target));
  if (dir === undefined) return;
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  if (size > free) throw new InputError(bundle, `its ${MEMBER.snapshot} declares ${size} bytes but ${dir} has only ${free} bytes free; nothing extracted`);
}

function checkSums(text: string, manifestSha256: string, manifest: BundleManifest | undefined, failures: MemberFailure[]): void {
  if (!manifest) return;
  const expected = renderSha256Sums(manifestSha256, manifest.members);
  if (text !== expected) failures.push({ member: MEMBER.sums, reason: 'does not match the manifest', expected: sha256Hex(expected), actual: sha256Hex(text) });
}

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks;
}

/**
 * Hashes a member's body, optionally keeping it (a file, or memory). With `checkHead`, the first
 * SQLITE_HEADER_BYTES (or the whole body when shorter) are checked before any byte is kept.
 */
async function hashBody(
  body: AsyncIterable<Buffer>,
  keepIn: string | undefined,
  checkHead?: (head: Buffer) => void,
): Promise<{ size: number; sha256: string; bytes?: Buffer }> {
  const hash = createHash('sha256');
  let size = 0;
  let pending: Buffer[] = [];
  let checked = checkHead === undefined;
  const chunks: Buffer[] = [];
  const fd = keepIn === undefined || keepIn === 'memory' ? undefined : openSync(keepIn, 'w', 0o600);
  const keep = (chunk: Buffer) => {
    if (keepIn === 'memory') chunks.push(chunk);
    else if (fd !== undefined) writeSync(fd, chunk);
  };
  try {
    for await (const chunk of body) {
      hash.update(chunk);
      size += chunk.length;
      if (checked) keep(chunk);
      else {
        pending.push(chunk);
        if (size < SQLITE_HEADER_BYTES) continue;
        const head = Buffer.concat(pending);
        checkHead?.(head);
        checked = true;
        pending = [];
        keep(head);
      }
    }
    if (!checked) {
      const head = Buffer.concat(pending);
      checkHead?.(head);
      keep(head);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { size, sha256: hash.digest('hex'), ...(keepIn === 'memory' ? { bytes: Buffer.concat(chunks) } : {}) };
}

/** One line naming each failing member: `snapshot.db: sha256 mismatch (expected …, actual …)`. */
export function describeFailures(failures: readonly MemberFailure[]): string {
  return failures
    .map((f) => `${f.member}: ${f.reason}${f.expected !== undefined ? ` (expected ${f.expected}, actual ${f.actual ?? '?'})` : ''}`)
    .join('; ');
}
