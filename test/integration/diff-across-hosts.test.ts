import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine, OPT_OUT_ENV } from '../helpers/engine.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { captureEngine, diffJson, ownEngine, shareTestImage } from '../diff/live.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private Docker engine disabled by ${OPT_OUT_ENV}=1` : false;

/**
 * The two test engines differ in how they were launched (socket, pidfile and log under their own
 * temporary directories): real daemon differences, ignored here by --ignore since they are not
 * what this test is about.
 */
const LAUNCH_PATHS = ['process/dockerd/argv/*', 'process/*/fds/*dockerd.log*', 'daemon/daemon/hosts/*', 'daemon/daemon/pidfile'].flatMap((glob) => ['--ignore', glob]);

const CONTAINERS: readonly [string, string[], string[]][] = [
  ['web', ['httpd', '-f', '-p', '127.0.0.1:8080', '-h', '/www'], ['-l', 'com.example.tier=front', '-l', 'com.example.version=1.2']],
  ['worker', ['sleep', '1000'], ['-e', 'LEVEL=1', '-e', 'MODE=batch']],
  ['three', ['sh', '-c', 'sleep 1000 & sleep 1000 & wait'], []],
];

describe('diff across hosts: two private engines running the same containers by name', { skip }, () => {
  const dir = tempDir('docksnap-diff-across-');
  let engines: Engine[] = [];

  before(async () => {
    engines = await Promise.all([ownEngine(), ownEngine()]);
    const [first, second] = engines as [Engine, Engine];
    shareTestImage(first, second);
    for (const engine of engines) for (const [name, command, flags] of CONTAINERS) engine.run(name, command, { flags });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await captureEngine(first, join(dir, 'one.db'));
    await captureEngine(second, join(dir, 'two.db'));
  });

  after(async () => {
    await Promise.all(engines.map((e) => e.stop()));
  });

  test('no differences: ids, pids, start times, inodes, timestamps, layer ids and root paths are noise', async () => {
    const result = await diffJson([join(dir, 'one.db'), join(dir, 'two.db'), '--across-hosts', ...LAUNCH_PATHS]);
    assert.deepEqual(result.entries, []);
    assert.equal(result.code, 0);
  });

  test('text across hosts: readable paths (no ~1) and no cut blobs, even with every change listed', async () => {
    const text = await runInProcess(['diff', join(dir, 'one.db'), join(dir, 'two.db'), '--across-hosts', '--show-runtime', '--show-suppressed']);
    const json = await diffJson([join(dir, 'one.db'), join(dir, 'two.db'), '--across-hosts', '--show-suppressed']);
    assert.ok(json.entries.some((e) => e.path.includes('~1')), 'the JSON has pointers with escaped slashes (daemon fds keyed by path)');
    assert.ok(text.stdout.split('\n').length > 10, text.stdout);
    assert.doesNotMatch(text.stdout, /~1/);
    assert.doesNotMatch(text.stdout, /…/);
    assert.match(text.stdout, /\/fds\/\[<(exec|docker)-root>\/[^\]]*\]/, 'a daemon fd keyed by its path reads as that path, bracketed');
  });

  test('one env var changed on one side: exactly one change', async () => {
    const second = engines[1] as Engine;
    second.remove('worker');
    second.run('worker', ['sleep', '1000'], { flags: ['-e', 'LEVEL=2', '-e', 'MODE=batch'] });
    await captureEngine(second, join(dir, 'two-later.db'));
    const result = await diffJson([join(dir, 'one.db'), join(dir, 'two-later.db'), '--across-hosts', ...LAUNCH_PATHS]);
    assert.deepEqual(result.entries, [
      { entity_kind: 'container', entity_key: 'worker', container: 'worker', path: '/env/LEVEL', kind: 'changed', old: '1', new: '2', group: 'config', rule: null, side: null, reason: null },
    ]);
    assert.equal(result.code, 1);
  });
});
