/**
 * A big host behind a slow daemon: the capture reads a large saved /proc and a Docker root of
 * 400 containers while a stand-in daemon answers every inspect after 50 ms, with --api-timeout
 * shorter than the whole capture. Every inspect must be in the snapshot: the requests are sent
 * early, answered while the host is read, and each deadline counts from its own request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { writeGeneratedHost } from '../bench/generated-host.js';
import { CLI_PATH } from '../helpers/exec.js';
import { tempDir } from '../helpers/tmp.js';

const CONTAINERS = 400;
const INSPECT_DELAY_MS = 50;
const API_TIMEOUT_S = 1;

test('with a daemon answering each inspect after 50 ms and --api-timeout below the capture time, every inspect of 400 containers is captured', async () => {
  const dir = tempDir();
  const host = writeGeneratedHost(dir, CONTAINERS, { processesPerContainer: 3 });
  // Expected values from the root's own files: its container directories and their config.v2.json.
  const ids = readdirSync(join(host.dockerRoot, 'containers')).sort();
  assert.equal(ids.length, CONTAINERS);
  const config = (id: string) => JSON.parse(readFileSync(join(host.dockerRoot, 'containers', id, 'config.v2.json'), 'utf8')) as Record<string, unknown> & { State: { Running: boolean } };

  const socket = join(dir, 'docker.sock');
  const inspected = new Set<string>();
  const server = createServer((request, response) => {
    const path = (request.url ?? '').replace(/^\/v[\d.]+/, '').split('?')[0] ?? '';
    const answer = (body: unknown) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (path === '/version') return answer({ Version: '20.10.24', ApiVersion: '1.41' });
    if (path === '/info') return answer({ Driver: 'overlay2', DockerRootDir: host.dockerRoot });
    if (path === '/containers/json') return answer(ids.map((id) => ({ Id: id, State: config(id).State.Running ? 'running' : 'exited' })));
    const inspect = /^\/containers\/([0-9a-f]{64})\/json$/.exec(path);
    if (inspect) {
      const id = inspect[1]!;
      setTimeout(() => {
        inspected.add(id);
        answer({ ...config(id), Id: id });
      }, INSPECT_DELAY_MS);
      return;
    }
    if (path === '/volumes') return answer({ Volumes: [] });
    return answer([]);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  try {
    const output = join(dir, 'capture.db');
    const started = performance.now();
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const args = [CLI_PATH, 'capture', '--docker-host', `unix://${socket}`, '--docker-root', host.dockerRoot, '--exec-root', join(dir, 'exec'), '--proc-root', host.procRoot!, '--api-timeout', String(API_TIMEOUT_S), '-o', output, '-q'];
      execFile(process.execPath, args, { env: { PATH: process.env['PATH'] ?? '', HOME: dir, NO_COLOR: '1' } }, (error, _stdout, stderrText) => resolve({ code: error ? Number(error.code ?? -1) : 0, stderr: stderrText }));
    });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(code, 0, stderr);
    // The premise: the capture as a whole outlasts one API timeout, so starved or early-started deadlines would expire.
    assert.ok(seconds > API_TIMEOUT_S, `the capture took ${seconds.toFixed(2)} s, not more than --api-timeout ${API_TIMEOUT_S} s: the host is too small to show anything`);

    const db = new Database(output, { readonly: true });
    try {
      const stored = db.prepare("SELECT endpoint FROM api_responses WHERE endpoint LIKE '/containers/%/json'").pluck().all() as string[];
      assert.deepEqual(stored.sort(), ids.map((id) => `/containers/${id}/json`));
      assert.deepEqual([...inspected].sort(), ids);
      const timeouts = db.prepare("SELECT path FROM capture_error WHERE phase = 'api'").pluck().all();
      assert.deepEqual(timeouts, []);
      const running = ids.filter((id) => config(id).State.Running);
      const withProcesses = db.prepare("SELECT DISTINCT container_id FROM processes WHERE role = 'container'").pluck().all() as string[];
      assert.deepEqual(withProcesses.sort(), running);
      assert.equal(db.prepare("SELECT count(*) FROM containers WHERE source = 'both'").pluck().get(), CONTAINERS);
    } finally {
      db.close();
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
