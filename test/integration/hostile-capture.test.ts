import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildHostileTrees, OUTSIDE_SECRET } from '../fixtures/hostile/trees.js';
import { CLI_PATH } from '../helpers/exec.js';
import { tempDir } from '../helpers/tmp.js';

const MAX_RSS = new URL('../helpers/max-rss.cjs', import.meta.url).pathname;
const STRACE = ['/usr/bin/strace', '/bin/strace'].find((path) => existsSync(path));

/** Runs `capture --offline` over the hostile trees as a separate process, optionally under strace. */
function captureHostile(trace: boolean) {
  const base = tempDir();
  const trees = buildHostileTrees(base);
  const output = join(base, 'out.db');
  const straceLog = join(base, 'strace.log');
  const node = [process.execPath, '--require', MAX_RSS, CLI_PATH, 'capture', '--offline', '--docker-root', trees.dockerRoot, '--proc-root', trees.procRoot, '-o', output, '--quiet'];
  const argv = trace && STRACE ? [STRACE, '-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', straceLog, ...node] : node;
  const started = Date.now();
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });
  const seconds = (Date.now() - started) / 1000;
  const maxRssKib = Number(/DOCKSNAP_TEST_MAX_RSS_KIB=(\d+)/.exec(result.stderr)?.[1]);
  return { trees, output, result, seconds, maxRssKib, straceLog };
}

test('capture --offline over a hostile /proc and Docker root: seconds, exit 0, under 200 MiB, refusals named, nothing outside read', () => {
  const { trees, output, result, seconds, maxRssKib } = captureHostile(false);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(seconds < 30, `took ${seconds} s`);
  assert.ok(maxRssKib > 0 && maxRssKib < 200 * 1024, `peak RSS ${maxRssKib} KiB`);
  const db = new Database(output, { readonly: true });
  try {
    const errors = db.prepare('SELECT phase, subject, path, code, message FROM capture_error').all() as { phase: string; subject: string; path: string | null; code: string | null; message: string }[];
    const codeOf = (path: string) => errors.filter((e) => e.path === path).map((e) => e.code);
    const dir = join(trees.dockerRoot, 'containers', trees.victim);
    // Item 4: FIFOs and devices refused by name.
    assert.deepEqual(codeOf(join(dir, 'hostname')), ['not-regular-file']);
    assert.deepEqual(codeOf(join(dir, `${trees.victim}-json.log`)), ['not-regular-file']);
    if (trees.hasDevice) assert.deepEqual(codeOf(join(dir, 'resolv.conf')), ['not-regular-file']);
    assert.deepEqual(codeOf(join(trees.procRoot, '100', 'status')), ['not-regular-file']);
    // Item 6: the oversized config keeps its row with size and hash, no content.
    assert.deepEqual(codeOf(join(dir, 'hostconfig.json')), ['oversized']);
    const big = db.prepare("SELECT size, sha256, content FROM files WHERE role = 'hostconfig.json' AND container_id = ?").get(trees.victim) as { size: number; sha256: string | null; content: Buffer | null };
    assert.equal(big.size, 64 * 1024 * 1024 + 1);
    assert.match(big.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(big.content, null);
    // Item 8: the shared bbolt pages are reported, the volume kept.
    assert.ok(errors.some((e) => e.code === 'bolt-shared-page'));
    assert.deepEqual(db.prepare('SELECT name FROM volumes').pluck().all(), ['shared']);
    // Item 9: the deep config is captured with a too-deep error.
    assert.ok(errors.some((e) => e.code === 'too-deep' && e.subject === `container ${trees.deep}`));
    // Items 1 and 2: nothing from outside the roots anywhere in the snapshot.
    assert.equal(readFileSync(output).includes(OUTSIDE_SECRET), false, 'a secret from outside the roots is in the snapshot');
    assert.equal(db.prepare('SELECT count(*) FROM processes WHERE pid = 200').pluck().get(), 0);
    assert.equal(db.prepare('SELECT host_name FROM snapshot').pluck().get(), null);
  } finally {
    db.close();
  }
});

test('under strace, no path under the planted link targets is ever opened', { skip: STRACE ? false : 'strace is not installed' }, () => {
  const { trees, result, straceLog } = captureHostile(true);
  assert.equal(result.status, 0, result.stderr);
  const opened = readFileSync(straceLog, 'utf8')
    .split('\n')
    .map((line) => /open(?:at2?)?\((?:AT_FDCWD|\d+), "([^"]*)"|open\("([^"]*)"/.exec(line))
    .map((match) => match?.[1] ?? match?.[2])
    .filter((path): path is string => path !== undefined);
  assert.ok(opened.some((path) => path.startsWith(trees.dockerRoot)), 'strace recorded the capture');
  assert.deepEqual(opened.filter((path) => path.startsWith(trees.outside)), []);
  assert.deepEqual(opened.filter((path) => path === '/dev/zero' || path === '/etc/shadow'), []);
});
