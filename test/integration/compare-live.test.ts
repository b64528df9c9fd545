import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine, OPT_OUT_ENV } from '../helpers/engine.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { captureEngine, ownEngine, shareTestImage } from '../diff/live.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private Docker engine disabled by ${OPT_OUT_ENV}=1` : false;

/** The private engines differ in how they were launched (socket, pidfile, log under their own temporary directories): not what this test is about. */
const LAUNCH_PATHS = ['process/dockerd/argv', 'process/*/fds/*dockerd.log*', 'daemon/daemon/hosts/*', 'daemon/daemon/pidfile'].flatMap((glob) => ['--ignore', glob]);

/**
 * Three private engines running the same containers by name; on the third, worker runs with
 * `--memory 64m` (Docker records Memory and, twice that, MemorySwap), an extra container runs,
 * and idle is killed. Every other difference between real engines (ids, pids, inodes, roots,
 * times, the killed container's processes and the daemon's fifos for it) must be noise.
 */
describe('compare three live engines: the odd one named with exactly its differences', { skip }, () => {
  const dir = tempDir('docksnap-compare-live-');
  let engines: Engine[] = [];

  before(async () => {
    engines = await Promise.all([ownEngine(), ownEngine(), ownEngine()]);
    const [first, ...others] = engines as [Engine, Engine, Engine];
    for (const other of others) shareTestImage(first, other);
    for (const [i, engine] of engines.entries()) {
      engine.run('worker', ['sleep', '1000'], { flags: ['-e', 'MODE=batch', ...(i === 2 ? ['--memory', '64m'] : [])] });
      engine.run('idle', ['sleep', '1000']);
      engine.run('web', ['sh', '-c', 'sleep 1000 & sleep 1000 & wait']);
      if (i === 2) {
        engine.run('extra', ['sleep', '1000']);
        engine.docker(['kill', 'idle']);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const [i, engine] of engines.entries()) await captureEngine(engine, join(dir, `host${i + 1}.db`));
  });

  after(async () => {
    await Promise.all(engines.map((e) => e.stop()));
  });

  test('host3 first with its differences, the others agree; exit 1', async () => {
    const result = await runInProcess(['compare', dir, ...LAUNCH_PATHS]);
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(result.stdout.split('\n').slice(0, -2), [
      'host3: 4 differences',
      '  + container extra  (on 1 of 3 hosts)',
      '  ~ container idle  /state  "exited (137)"  (majority running on 2 of 3 hosts)',
      '  ~ container worker  /HostConfig/Memory  67108864  (majority 0 on 2 of 3 hosts)',
      '  ~ container worker  /HostConfig/MemorySwap  134217728  (majority 0 on 2 of 3 hosts)',
      '',
      'agree with the majority (2): host1, host2',
      '',
    ]);
  });
});
