import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSnapshot } from '../../src/open.js';
import { Engine, uniqueName, useEngine } from '../helpers/engine.js';
import { execCli } from '../helpers/exec.js';
import { tempDir } from '../helpers/tmp.js';

const engine = await useEngine();
const NOBODY = 65534;

describe('a capture by a user who is not root', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  const name = uniqueName('nonroot');
  after(async () => {
    docker.remove(name);
    await docker.stop();
  });

  test('is partial, says so in one warning line, and exits 0', async () => {
    docker.run(name, ['sleep', '1000']);
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const path = join(dir, 'partial.db');
    const result = execCli(['capture', '--docker-host', docker.info.host, '-o', path], { uid: NOBODY });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${path}\n`);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('docksnap: warning'));
    assert.equal(warnings.length, 1, result.stderr);
    assert.match(
      warnings[0] ?? '',
      /^docksnap: warning — partial capture: permission denied for the Docker API \(\/version\), the Docker root \(\S+\), \/proc of \d+ processes \([^)]+\) \(run as root for a full capture\)$/,
    );
    assert.ok(existsSync(path));
    const db = await openSnapshot(path);
    try {
      const denied = db.all<{ phase: string }>("SELECT DISTINCT phase FROM capture_error WHERE code = 'EACCES' ORDER BY phase").map((r) => r.phase);
      assert.deepEqual(denied, ['api', 'docker-root', 'proc']);
      assert.ok((db.get<{ n: number }>('SELECT count(*) AS n FROM processes')?.n ?? 0) > 0, 'what /proc shows every user is still captured');
    } finally {
      db.close();
    }
  });
});
