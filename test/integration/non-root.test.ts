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
    const id = docker.run(name, ['sleep', '1000']);
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const path = join(dir, 'partial.db');
    const result = execCli(['capture', '--docker-host', docker.info.host, '-o', path], { uid: NOBODY });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${path}\n`);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('docksnap: warning'));
    // With neither the API nor the root readable no engine knows the container: its process is
    // kept as unattributed and named, never guessed to be this daemon's.
    const [partial, ...unattributed] = [...warnings.filter((w) => w.includes('partial capture')), ...warnings.filter((w) => !w.includes('partial capture'))];
    assert.equal(warnings.length, 2, result.stderr);
    assert.match(unattributed[0] ?? '', /^docksnap: warning — \d+ processes in \d+ containers of no engine read, kept as unattributed: [0-9a-f]{12} \(\d+\)/);
    assert.match(
      partial ?? '',
      /^docksnap: warning — partial capture: permission denied for the Docker API \(\/version\), the Docker root \(\S+\), \/proc of \d+ processes \([^)]+\) \(run as root for a full capture\)$/,
    );
    assert.ok(existsSync(path));
    const db = await openSnapshot(path);
    try {
      const denied = db.all<{ phase: string }>("SELECT DISTINCT phase FROM capture_error WHERE code = 'EACCES' ORDER BY phase").map((r) => r.phase);
      assert.deepEqual(denied, ['api', 'docker-root', 'proc']);
      assert.ok((db.get<{ n: number }>('SELECT count(*) AS n FROM processes')?.n ?? 0) > 0, 'what /proc shows every user is still captured');
      assert.equal(db.get<{ role: string }>('SELECT role FROM processes WHERE container_id = ?', id)?.role, 'unattributed');
    } finally {
      db.close();
    }
  });
});
