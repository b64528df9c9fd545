/** On a terminal, capture's progress and its summary count the same containers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { copyFixture } from '../helpers/copy-fixture.js';
import { SNAPSHOTS } from '../helpers/offline-capture.js';
import { tempDir } from '../helpers/tmp.js';

async function captureOnTerminal(era: string, withProc: boolean): Promise<string> {
  const work = tempDir('docksnap-progress-');
  const tree = copyFixture(join(SNAPSHOTS, era), work);
  let stderr = '';
  const roots = ['--docker-root', join(tree, 'docker-root'), ...(withProc ? ['--proc-root', join(tree, 'proc')] : [])];
  const code = await runCli(['capture', '--offline', ...roots, '-o', join(work, 'a.db')], {
    stdout: { write: () => true },
    stderr: { isTTY: true, write: (text: string) => (stderr += text) },
    env: {},
    cwd: work,
  });
  assert.equal(code, 0, stderr);
  return stderr;
}

test('the 2013 host: progress "processes of running containers 1/1", summary "1 containers, 2 processes (1 running containers)"', async () => {
  const stderr = await captureOnTerminal('lxc-2013', true);
  const progress = [...stderr.matchAll(/\rcapturing: processes of running containers (\d+)\/(\d+)/g)].map((m) => `${m[1]}/${m[2]}`);
  assert.deepEqual(progress, ['1/1']);
  // Cleared, then the summary: one container in snapshots/lxc-2013/show.json, running; the saved proc/ holds the daemon (473) and its python (2308).
  assert.match(stderr.split('\r\x1b[K').at(-1)!, /^captured 1 containers, 2 processes \(1 running containers\), /);
});

test('a Docker root without /proc: no progress, and none of its 4 containers counted as running', async () => {
  const stderr = await captureOnTerminal('overlay2-20.10', false);
  assert.doesNotMatch(stderr, /capturing:/);
  assert.match(stderr, /^captured 4 containers, 0 processes \(0 running containers\), /m);
});
