/**
 * Item 17 of issue #10: the redaction key. A link to nowhere at the key path, a key other users
 * can read, and a key path that is a FIFO or a directory are refused with one line and exit 2,
 * and no bundle is written; a new key is announced on stderr with its path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-redact-key-');
const source = join(dir, 'source.db');
await writeSnapshotFile(source, minimalSnapshot(), { force: false });
const ONE_LINE = /^docksnap: .+ — .+\n$/;

/** A fresh config home whose docksnap/redact.key is prepared by `prepare`. */
function configHome(name: string, prepare: (keyPath: string) => void): { env: Record<string, string>; keyPath: string } {
  const home = join(dir, name);
  mkdirSync(join(home, 'docksnap'), { recursive: true, mode: 0o700 });
  const keyPath = join(home, 'docksnap', 'redact.key');
  prepare(keyPath);
  return { env: { XDG_CONFIG_HOME: home }, keyPath };
}

async function assertRefused(name: string, env: Record<string, string>, reason: RegExp, extra: string[] = []): Promise<void> {
  const output = join(dir, `${name}.tar`);
  const result = await runInProcess(['export', source, '-o', output, ...extra], env);
  assert.equal(result.code, 2, `${name}: ${result.stderr}`);
  assert.match(result.stderr, ONE_LINE);
  assert.match(result.stderr, reason);
  assert.ok(!existsSync(output), `${name}: no bundle written`);
}

test('a dangling symbolic link at the key path is refused, not replaced by a fresh unsaved key', async () => {
  const { env, keyPath } = configHome('dangling', (path) => symlinkSync(join(dir, 'moved-away.key'), path));
  await assertRefused('dangling', env, /symbolic link to .*moved-away\.key, which does not exist; remove the link/);
  assert.ok(!existsSync(join(dir, 'moved-away.key')), 'nothing is created through the link');
  await assertRefused('dangling-given', {}, /symbolic link to .*moved-away\.key, which does not exist/, ['--redact-key-file', keyPath]);
});

test('a key that other users can read or write is refused with the chmod that fixes it', async () => {
  const { env, keyPath } = configHome('readable', (path) => writeFileSync(path, 'a-key-of-enough-bytes-here\n', { mode: 0o644 }));
  chmodSync(keyPath, 0o644);
  await assertRefused('readable', env, new RegExp(`open to other users \\(mode 0644\\); run: chmod 600 ${keyPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  chmodSync(keyPath, 0o620);
  await assertRefused('group-writable', env, /mode 0620/);
  chmodSync(keyPath, 0o600);
  const result = await runInProcess(['export', source, '-o', join(dir, 'fixed.tar')], env);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(readFileSync(keyPath, 'utf8'), 'a-key-of-enough-bytes-here\n', 'the key itself is never changed');
});

test('a FIFO or a directory as the key is refused at once, without blocking', async () => {
  const fifo = configHome('fifo', (path) => execFileSync('mkfifo', ['-m', '600', path]));
  await assertRefused('fifo', fifo.env, /not a regular file/);
  const directory = configHome('directory', (path) => mkdirSync(path, { mode: 0o700 }));
  await assertRefused('directory', directory.env, /not a regular file/);
});

test('a new key is announced on stderr with its path, once', async () => {
  const home = join(dir, 'new');
  const keyPath = join(home, 'docksnap', 'redact.key');
  const first = await runInProcess(['export', source, '-o', join(dir, 'new-1.tar')], { XDG_CONFIG_HOME: home });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stderr.split('\n')[0], `docksnap: new key created at ${keyPath} (mode 0600); keep it: bundles compare only when exported with the same key`);
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  const second = await runInProcess(['export', source, '-o', join(dir, 'new-2.tar')], { XDG_CONFIG_HOME: home });
  assert.equal(second.code, 0, second.stderr);
  assert.ok(!second.stderr.includes('new key'), second.stderr);
});
