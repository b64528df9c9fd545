import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capture } from '../../src/capture.js';
import { openSnapshot } from '../../src/open.js';
import { runInProcess } from '../helpers/cli.js';
import { Engine, uniqueName, useEngine } from '../helpers/engine.js';
import { readTar } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';

const engine = await useEngine();

describe('bundles of a live capture of a private engine', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  const dir = tempDir('docksnap-live-bundle-');
  const env = { XDG_CONFIG_HOME: join(dir, 'config') };
  const name = uniqueName('bundle-token');
  const steady = uniqueName('bundle-steady');
  const tokens = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')] as const;
  const steadyToken = randomBytes(16).toString('hex');
  const logPassword = randomBytes(8).toString('hex');

  /** Runs the token container with `token`, captures, and exports with the user's key. */
  async function captureAndExport(label: string, token: string): Promise<{ raw: string; bundle: string }> {
    docker.remove(name);
    docker.run(name, ['sh', '-c', `echo "login password=${logPassword}"; exec sleep 1000`], { flags: ['-e', `API_TOKEN=${token}`] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const raw = join(dir, `${label}.db`);
    await capture({ offline: false, force: false, dockerHost: docker.info.host, logTailBytes: 65536, apiTimeoutMs: 5000, output: raw });
    const bundle = join(dir, `${label}.tar`);
    const exported = await runInProcess(['export', raw, '-o', bundle], env);
    assert.equal(exported.code, 0, exported.stderr);
    return { raw, bundle };
  }

  let first: { raw: string; bundle: string };
  let second: { raw: string; bundle: string };

  before(async () => {
    docker.run(steady, ['sleep', '1000'], { flags: ['-e', `API_TOKEN=${steadyToken}`] });
    first = await captureAndExport('before', tokens[0]);
    second = await captureAndExport('after', tokens[1]);
  });

  after(async () => {
    docker.remove(name, steady);
    await docker.stop();
  });

  async function tokenRows(path: string, container: string): Promise<{ env: string | undefined; environ: string | undefined; places: number }> {
    const db = await openSnapshot(path);
    try {
      const row = db.get<{ id: string; pid: number }>('SELECT id, pid FROM containers WHERE name = ?', container);
      assert.ok(row, container);
      return {
        env: db.get<{ value: string }>("SELECT value FROM container_env WHERE container_id = ? AND name = 'API_TOKEN'", row.id)?.value,
        environ: db.get<{ value: string }>("SELECT value FROM process_environ WHERE pid = ? AND name = 'API_TOKEN'", row.pid)?.value,
        places: db.get<{ n: number }>(
          `SELECT (SELECT count(*) FROM files WHERE container_id = ? AND instr(content, ?) > 0) + (SELECT count(*) FROM api_responses WHERE instr(body, ?) > 0) AS n`,
          row.id, tokens[0], tokens[0],
        )?.n ?? 0,
      };
    } finally {
      db.close();
    }
  }

  test('the raw snapshot holds API_TOKEN in the container env, the process environ, config files and the API view', async () => {
    const raw = await tokenRows(first.raw, name);
    assert.equal(raw.env, tokens[0]);
    assert.equal(raw.environ, tokens[0]);
    assert.ok(raw.places >= 2, `config.v2.json and the inspect body hold it too (${raw.places} places)`);
    assert.ok(readFileSync(first.raw).includes(logPassword), 'and the log tail holds the password');
  });

  test('the bundle holds neither the token nor the logged password: not in the tar, not in any page of snapshot.db', async () => {
    const tar = readFileSync(first.bundle);
    const db = (await readTar(tar)).get('snapshot.db') ?? Buffer.alloc(0);
    assert.ok(db.length > 0);
    for (const secret of [tokens[0], steadyToken, logPassword]) {
      assert.ok(!tar.includes(secret), `tar holds ${secret}`);
      for (let offset = 0; offset < db.length; offset += 4096) assert.ok(!db.subarray(offset, offset + 4096).includes(secret), `page at ${offset}`);
    }
    const redacted = await tokenRows(first.bundle, name);
    assert.match(redacted.env ?? '', /^REDACTED:[0-9a-f]{12}$/);
    assert.equal(redacted.environ, redacted.env, 'the env and the process environ redact alike');
  });

  test('with the same key, the changed API_TOKEN redacts differently and the unchanged one alike; neither value shows', async () => {
    const [a, b] = [await tokenRows(first.bundle, name), await tokenRows(second.bundle, name)];
    assert.notEqual(a.env, b.env);
    assert.equal((await tokenRows(first.bundle, steady)).env, (await tokenRows(second.bundle, steady)).env);
    for (const bundle of [first.bundle, second.bundle]) for (const token of tokens) assert.ok(!readFileSync(bundle).includes(token));
  });

  test('import of the live bundle gives a snapshot whose show --json equals the redacted source', async () => {
    const members = await readTar(readFileSync(first.bundle));
    const redacted = join(dir, 'live-member.db');
    writeFileSync(redacted, members.get('snapshot.db') ?? Buffer.alloc(0));
    const imported = join(dir, 'live-imported.db');
    assert.equal((await runInProcess(['import', first.bundle, '-o', imported])).code, 0);
    const expected = await runInProcess(['show', redacted, '--json']);
    assert.equal(expected.code, 0);
    assert.equal((await runInProcess(['show', imported, '--json'])).stdout, expected.stdout);
    assert.equal((await runInProcess(['verify', first.bundle])).code, 0);
  });
});
