import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { EXIT } from '../../src/errors.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-exit-');
const snapshot = join(dir, 'a.db');
await writeSnapshotFile(snapshot, minimalSnapshot(), { force: false });

test('item 27: internal errors have their own exit code, 70, documented in --help and README', async () => {
  assert.equal(EXIT.internal, 70);
  assert.ok(!([EXIT.ok, EXIT.failed, EXIT.usage] as number[]).includes(EXIT.internal));
  const help = await runInProcess(['--help']);
  assert.match(help.stdout.replace(/\s+/g, " "), /Exit codes: 0 success; 1 differences found \(diff\) or the operation failed; 2 usage or input error; 70 internal error/);
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.match(readme, /^\| 70 \| internal error/m);
});

test('item 27: an unforeseen failure inside a command is one line and exit 70, never 0 or 1', async () => {
  // The output stream fails under the command (a real Error from inside the command's own write).
  let stderr = '';
  const code = await runCli(['show', snapshot], {
    stdout: { write: () => { throw new RangeError('the output stream broke'); } },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: dir,
  });
  assert.equal(code, 70);
  assert.equal(stderr, 'docksnap: internal error — the output stream broke\n');
  let debug = '';
  await runCli(['show', snapshot], {
    stdout: { write: () => { throw new RangeError('the output stream broke'); } },
    stderr: { write: (text: string) => (debug += text) },
    env: { DOCKSNAP_DEBUG: '1' },
    cwd: dir,
  });
  assert.match(debug, /^docksnap: internal error — the output stream broke\nRangeError: the output stream broke\n\s+at /);
});

test('item 27: a known error stays one line with its own code', async () => {
  const result = await runInProcess(['show', join(dir, 'absent.db')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^docksnap: \S+absent\.db — cannot be read: no such file or directory \(ENOENT\)\n$/);
});
