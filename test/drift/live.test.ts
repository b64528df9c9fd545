/**
 * Drift on a private Docker engine of its own (it is stopped halfway, to read its root offline):
 * a container that adds a file, modifies one from the image, deletes one, adds a setuid
 * executable, a FIFO, a link and an opaque directory. `show --drift` must list exactly what
 * `docker diff` lists for it, live and again offline from the stopped engine's root.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { capture } from '../../src/capture.js';
import { Engine, isAlive, OPT_OUT_ENV, startEngine, stopEngine, uniqueName, type EngineInfo } from '../helpers/engine.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private Docker engine disabled by ${OPT_OUT_ENV}=1` : false;

const SCENARIO = [
  'echo hello drift > /etc/added.txt',
  'echo changed >> /www/index.html',
  'rm /bin/wget',
  'printf "#!/bin/sh\\necho root\\n" > /tmp/suid && chmod 4755 /tmp/suid',
  'rm -rf /data && mkdir /data && echo c > /data/c',
  'mkfifo /tmp/fifo',
  'ln -s /etc/passwd /tmp/link',
  'touch /tmp/done',
  'exec sleep 1000',
].join('; ');

interface DriftJson {
  entries: { path: string; kind: string; type: string | null; sha256: string | null; link_target: string | null; flags: string[]; magic: string | null }[];
  errors: unknown[];
}

describe('drift of a container on a private engine, live and offline', { skip }, () => {
  let info: EngineInfo;
  let docker: Engine;
  const dir = tempDir();
  const name = uniqueName('drift');
  let dockerDiff: string[];
  let addedBytes: Buffer;

  before(async () => {
    info = await startEngine();
    docker = new Engine(info, true);
    docker.run(`${name}-base`, ['sh', '-c', 'mkdir -p /data/sub && echo a > /data/a && echo b > /data/sub/b']);
    docker.docker(['wait', `${name}-base`]);
    docker.docker(['commit', `${name}-base`, `${name}:base`]);
    docker.docker(['run', '-d', '--name', name, '--network', 'none', `${name}:base`, 'sh', '-c', SCENARIO]);
    const deadline = Date.now() + 20_000;
    while (!docker.docker(['diff', name]).includes('A /tmp/done')) {
      if (Date.now() > deadline) throw new Error('the scenario did not finish in 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    dockerDiff = docker.docker(['diff', name]).split('\n').sort();
    addedBytes = Buffer.from(docker.docker(['exec', name, 'cat', '/etc/added.txt']) + '\n');
  });

  after(async () => {
    if (info) await stopEngine(info);
  });

  const driftOf = async (snapshot: string): Promise<{ lines: string[]; json: DriftJson }> => {
    const text = await runInProcess(['show', snapshot, '--container', name, '--drift']);
    assert.equal(text.code, 0, text.stderr);
    const json = await runInProcess(['show', snapshot, '--container', name, '--drift', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as DriftJson;
    assertMatchesSchema('drift.schema.json', parsed);
    return { lines: text.stdout.trimEnd().split('\n').map((line) => line.split('  ')[0]!).sort(), json: parsed };
  };

  let live: DriftJson;

  test('live: show --drift lists exactly what docker diff lists, with flags and the sha256 of the added bytes', async () => {
    const snapshot = join(dir, 'live.db');
    await capture({ offline: false, force: false, dockerHost: info.host, logTailBytes: 65536, apiTimeoutMs: 5000, output: snapshot });
    const { lines, json } = await driftOf(snapshot);
    assert.deepEqual(lines, dockerDiff);
    // What the scenario did, as docker diff itself reports it.
    for (const line of ['A /etc/added.txt', 'C /www/index.html', 'D /bin/wget', 'A /tmp/suid', 'C /data', 'D /data/a', 'D /data/sub', 'A /data/c', 'A /tmp/fifo', 'A /tmp/link']) {
      assert.ok(dockerDiff.includes(line), `docker diff lists ${line}`);
    }
    const entry = (path: string) => json.entries.find((e) => e.path === path)!;
    assert.equal(entry('/etc/added.txt').sha256, createHash('sha256').update(addedBytes).digest('hex'));
    assert.deepEqual(entry('/tmp/suid').flags, ['executable', 'setuid']);
    assert.equal(entry('/tmp/suid').magic, 'script');
    assert.deepEqual(entry('/data').flags, ['opaque']);
    assert.equal(entry('/data/sub').type, 'dir');
    assert.equal(entry('/tmp/fifo').type, 'fifo');
    assert.equal(entry('/tmp/link').link_target, '/etc/passwd');
    assert.equal(entry('/bin/wget').type, 'symlink');
    assert.deepEqual(json.errors, []);
  });

  test('diff of two live captures: the rewritten, added and removed files by path and sha256; a pid file is runtime churn', async () => {
    docker.docker(['exec', name, 'sh', '-c', 'echo more >> /etc/added.txt; rm /tmp/link; echo new > /etc/new; echo 1 > /tmp/app.pid']);
    const after = join(dir, 'live-after.db');
    await capture({ offline: false, force: false, dockerHost: info.host, logTailBytes: 65536, apiTimeoutMs: 5000, output: after });
    const result = await runInProcess(['diff', join(dir, 'live.db'), after, '--only', 'drift', '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const changes = JSON.parse(result.stdout) as { entity_key: string; path: string; kind: string; old: unknown; new: unknown; group: string; rule: string | null }[];
    assertMatchesSchema('diff.schema.json', changes);
    const rewritten = Buffer.from(docker.docker(['exec', name, 'cat', '/etc/added.txt']) + '\n');
    const config = changes.filter((c) => c.group === 'config').map(({ entity_key, path, kind, old, new: now }) => ({ entity_key, path, kind, old: kind === 'changed' ? old : null, new: kind === 'changed' ? now : null }));
    assert.deepEqual(config, [
      { entity_key: name, path: '/~1etc~1added.txt/sha256', kind: 'changed', old: createHash('sha256').update(addedBytes).digest('hex'), new: createHash('sha256').update(rewritten).digest('hex') },
      { entity_key: name, path: '/~1etc~1added.txt/size', kind: 'changed', old: addedBytes.length, new: rewritten.length },
      { entity_key: name, path: '/~1etc~1new', kind: 'added', old: null, new: null },
      { entity_key: name, path: '/~1tmp~1link', kind: 'removed', old: null, new: null },
    ]);
    assert.deepEqual(changes.filter((c) => c.rule === 'drift-churn').map((c) => [c.path, c.kind, c.group]), [['/~1tmp~1app.pid', 'added', 'runtime']]);
    dockerDiff = docker.docker(['diff', name]).split('\n').sort();
    live = (await driftOf(after)).json;
  });

  test('offline from the stopped engine\'s root: the same drift as the last live capture', async () => {
    process.kill(info.pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (isAlive(info.pid)) {
      if (Date.now() > deadline) throw new Error('dockerd did not stop in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const snapshot = join(dir, 'offline.db');
    await capture({ offline: true, force: false, dockerRoot: info.dataRoot, logTailBytes: 65536, apiTimeoutMs: 5000, output: snapshot });
    const { lines, json } = await driftOf(snapshot);
    assert.deepEqual(lines, dockerDiff);
    assert.deepEqual(json, live);
  });
});
