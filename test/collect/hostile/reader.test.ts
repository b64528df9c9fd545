import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { readProcText } from '../../../src/collect/proc/read-file.js';
import { NotRegularFileError, OversizedFileError, readFileInRoot, readResolvedFile, resolveInRoot } from '../../../src/util/fs-readonly.js';
import { READ_LIMITS } from '../../../src/util/read-limits.js';
import { runInProcess } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

/** A root beside an `outside` directory holding a secret, as in a case directory holding a seized disk. */
function rootBesideSecret() {
  const base = tempDir();
  const root = join(base, 'root');
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'secret'), 'SECRET');
  return { base, root };
}

test('item 1: a link whose first component is missing cannot climb out of the root', () => {
  const { base, root } = rootBesideSecret();
  symlinkSync('nope/../../../../outside/secret', join(root, 'a', 'b', 'hosts'));
  const resolved = resolveInRoot(root, 'a/b/hosts');
  assert.ok(resolved.startsWith(`${root}/`), resolved);
  assert.throws(() => readFileInRoot(root, 'a/b/hosts'), { code: 'ENOENT' });
  const reader = createRootReader(root);
  assert.equal(reader.read('s', 'a/b/hosts'), undefined);
  assert.notEqual(resolveInRoot(root, 'a/b/hosts'), join(base, 'outside', 'secret'));
});

test('item 2: a saved /proc file or pid directory that links out is read inside the tree, never outside', () => {
  const { base, root } = rootBesideSecret();
  mkdirSync(join(root, '7'));
  symlinkSync(join(base, 'outside', 'secret'), join(root, '7', 'environ'));
  symlinkSync('../../outside/secret', join(root, '7', 'limits'));
  symlinkSync(join(base, 'outside'), join(root, '8'));
  assert.equal(readProcText(root, '7/environ'), undefined);
  assert.equal(readProcText(root, '7/limits'), undefined);
  assert.equal(readProcText(root, '8/secret'), undefined);
  // A link inside the tree still works, as on a disk image.
  writeFileSync(join(root, '7', 'real-status'), 'Name:\tx\n');
  symlinkSync('real-status', join(root, '7', 'status'));
  assert.equal(readProcText(root, '7/status'), 'Name:\tx\n');
});

test('item 4: a FIFO is refused at once, a link to /dev/zero resolves inside the root, a device node is refused without being opened', () => {
  const { root } = rootBesideSecret();
  execFileSync('mkfifo', [join(root, 'a', 'fifo')]);
  symlinkSync('/dev/zero', join(root, 'a', 'zero'));
  const started = Date.now();
  assert.throws(() => readFileInRoot(root, 'a/fifo'), (error: unknown) => error instanceof NotRegularFileError && error.fileType === 'FIFO');
  assert.throws(() => readFileInRoot(root, 'a/zero'), { code: 'ENOENT' });
  assert.throws(() => readProcText(root, 'a/fifo'), NotRegularFileError);
  assert.ok(Date.now() - started < 1000);
  try {
    execFileSync('mknod', [join(root, 'a', 'dev'), 'c', '1', '5'], { stdio: 'ignore' });
  } catch {
    return; // not root: no device node can be made
  }
  assert.throws(() => readFileInRoot(root, 'a/dev'), (error: unknown) => error instanceof NotRegularFileError && error.fileType === 'character device');
});

test('item 6: a file over its cap keeps its size and a streamed hash, never its bytes in memory', () => {
  const { root } = rootBesideSecret();
  const path = join(root, 'a', 'big.json');
  writeFileSync(path, '');
  truncateSync(path, READ_LIMITS.text + 1);
  assert.throws(
    () => readFileInRoot(root, 'a/big.json', { cap: READ_LIMITS.text }),
    (error: unknown) =>
      error instanceof OversizedFileError &&
      error.size === READ_LIMITS.text + 1 &&
      // sha256 of 4 MiB + 1 zero bytes, computed independently:
      error.sha256 === execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0],
  );
  const reader = createRootReader(root);
  assert.equal(reader.read('s', 'a/big.json', 'text'), undefined);
  assert.equal(reader.oversized('a/big.json')?.size, READ_LIMITS.text + 1);
  assert.deepEqual(reader.errors.map((e) => e.code), ['oversized']);
});

test('item 6: --log-tail-bytes above its documented maximum is a usage error (exit 2), not a raw Node error', async () => {
  for (const value of ['1e20', String(READ_LIMITS.logTail + 1)]) {
    const result = await runInProcess(['capture', '--offline', '--docker-root', tempDir(), '--log-tail-bytes', value, '-o', join(tempDir(), 'x.db')]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--log-tail-bytes.*from 0 to 67108864/);
  }
});

test('a kernel file that reports no size is read whole past the first buffer, and one over its cap is refused', { skip: !readableKallsyms() && 'no readable /proc/kallsyms' }, () => {
  // /proc/kallsyms reports size 0 and holds megabytes: the read grows its buffer, then gives it back.
  const whole = readResolvedFile('/proc/kallsyms', { cap: 64 * 1024 * 1024, lstatFirst: false });
  assert.equal(whole.stat.size, 0);
  assert.ok(whole.bytes.length > 1024 * 1024, `${whole.bytes.length} bytes`);
  assert.deepEqual(whole.bytes, readFileSync('/proc/kallsyms'));
  assert.throws(() => readResolvedFile('/proc/kallsyms', { cap: 100_000, lstatFirst: false }), (error: unknown) => error instanceof OversizedFileError && error.size > 100_000);
  // A small unsized file after them is read exactly.
  assert.equal(readResolvedFile('/proc/self/comm', { lstatFirst: false }).bytes.toString(), readFileSync('/proc/self/comm', 'utf8'));
});

function readableKallsyms(): boolean {
  try {
    return readFileSync('/proc/kallsyms').length > 1024 * 1024;
  } catch {
    return false;
  }
}
