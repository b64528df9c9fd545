import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { execCli, BIN_PATH } from '../helpers/exec.js';
import { copyFixture } from '../helpers/copy-fixture.js';
import { SNAPSHOTS } from '../helpers/offline-capture.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir('docksnap-interrupt-');
const tmp = join(root, 'tmp');
const out = join(root, 'out');
mkdirSync(tmp);
mkdirSync(out);
const env = { TMPDIR: tmp, XDG_CONFIG_HOME: join(root, 'config') };

// A snapshot big enough that export, import and a bundle show take a while: 40 MB of capture errors.
const big = join(root, 'big.db');
const line = 'x'.repeat(1000);
await writeSnapshotFile(
  big,
  { ...minimalSnapshot(), capture_error: Array.from({ length: 40_000 }, (_, i) => ({ phase: 'proc', subject: `pid ${i}`, path: null, code: null, message: `${i} ${line}` })) },
  { force: false },
);
const bundle = join(root, 'big.tar');
assert.equal(execCli(['export', big, '-o', bundle, '--no-redact'], { env }).code, 0);

/**
 * Starts the built CLI through the bin, waits until `started()` sees its work in progress, sends
 * `signal`, and returns its exit code. Fails when the work never shows up.
 */
async function interrupt(args: readonly string[], started: () => boolean, signal: NodeJS.Signals): Promise<number | null> {
  const child = spawn(BIN_PATH, args, { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let seen = false;
  while (!seen && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 5));
    seen = started();
  }
  if (!seen) {
    child.kill('SIGKILL');
    await exited;
    assert.fail(`${args[0]}: its work never showed up (${stderr})`);
  }
  child.kill(signal);
  return exited;
}

const inTmp = (prefix: string) => () => readdirSync(tmp).some((n) => n.startsWith(prefix));
const inOut = (name: string) => () => readdirSync(out).some((n) => n.startsWith(`.${name}.`));

test('item 28: SIGTERM during export removes its work directory and temporary bundle', async () => {
  assert.equal(await interrupt(['export', big, '-o', join(out, 'x.tar.gz'), '--no-redact'], inTmp('docksnap-export-'), 'SIGTERM'), 143);
  assert.deepEqual(readdirSync(tmp), []);
  assert.deepEqual(readdirSync(out), []);
});

test('item 28: SIGINT during import removes the temporary snapshot beside the target', async () => {
  assert.equal(await interrupt(['import', bundle, '-o', join(out, 'x.db')], inOut('x.db'), 'SIGINT'), 130);
  assert.deepEqual(readdirSync(out), []);
  assert.deepEqual(readdirSync(tmp), []);
});

test('item 28: SIGTERM during a bundle show removes the extracted bundle directory', async () => {
  assert.equal(await interrupt(['show', bundle], inTmp('docksnap-bundle-'), 'SIGTERM'), 143);
  assert.deepEqual(readdirSync(tmp), []);
});

test('item 28: SIGTERM during a capture removes .NAME.db.<hex>.tmp', async () => {
  // An API that accepts and never answers keeps the capture waiting with its temporary file open.
  const socket = join(root, 'silent.sock');
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  try {
    const tree = copyFixture(join(SNAPSHOTS, 'overlay2-20.10'), join(root, 'fixture'));
    const args = ['capture', '--docker-host', `unix://${socket}`, '--api-timeout', '60', '--docker-root', join(tree, 'docker-root'), '--exec-root', join(root, 'no-exec-root'), '-o', join(out, 'c.db')];
    assert.equal(await interrupt(args, inOut('c.db'), 'SIGTERM'), 143);
    assert.deepEqual(readdirSync(out), []);
  } finally {
    server.close();
  }
});
