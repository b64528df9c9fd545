import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { collectFromApi, startApiCapture } from '../../src/collect/docker-api/index.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const servers: { close(): unknown }[] = [];
after(() => servers.forEach((s) => s.close()));

const GONE = 'c'.repeat(64);
const KEPT = 'd'.repeat(64);

/** A daemon stand-in on a unix socket that answers like Docker, except that one container vanished after the listing. */
async function fakeDaemon(path: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = (request.url ?? '').replace(/^\/v[\d.]+/, '').split('?')[0];
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url === '/version') return json(200, { Version: '20.10.24', ApiVersion: '1.41' });
    if (url === '/info') return json(200, { Driver: 'overlay2', DockerRootDir: '/var/lib/docker' });
    if (url === '/containers/json') return json(200, [{ Id: GONE }, { Id: KEPT }]);
    if (url === `/containers/${GONE}/json`) return json(404, { message: `No such container: ${GONE}` });
    if (url === `/containers/${KEPT}/json`) return json(200, { Id: KEPT, Name: '/kept', State: { Running: true, Pid: 42 } });
    if (url === '/volumes') return json(200, { Volumes: [{ Name: 'v1', Driver: 'local' }] });
    return json(200, []);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  servers.push(server);
  return server;
}

test('a container removed between the listing and its inspect is a not-found capture error, and the rest is kept', async () => {
  const socket = join(dir, 'fake.sock');
  await fakeDaemon(socket);
  const api = await collectFromApi(`unix://${socket}`, 2000);
  assert.deepEqual(api.containers.map((c) => c['Id']), [KEPT]);
  assert.deepEqual(api.errors.map((e) => [e.subject, e.path, e.code]), [[`container ${GONE}`, `/containers/${GONE}/json`, 'not-found']]);
  assert.deepEqual(api.volumes.map((v) => v['Name']), ['v1']);
  assert.equal(api.info?.['Driver'], 'overlay2');
  assert.deepEqual(api.responses.map((r) => r.endpoint).sort(), ['/containers/json', `/containers/${KEPT}/json`, '/images/json', '/info', '/networks', '/version', '/volumes'].sort());
});

test('a daemon that accepts but never answers costs one timeout, and nothing else is asked', async () => {
  const socket = join(dir, 'hung.sock');
  const hung = createNetServer(() => {
    // accept, read, never answer
  });
  await new Promise<void>((resolve) => hung.listen(socket, resolve));
  servers.push(hung);
  const api = await collectFromApi(`unix://${socket}`, 300);
  assert.deepEqual(api.errors.map((e) => [e.path, e.code]), [['/version', 'timeout'], [`unix://${socket}`, 'skipped']]);
  assert.deepEqual(api.requests, ['/version']);
  assert.equal(api.responses.length, 0);
});

test('a socket where nothing listens is reported with its errno', async () => {
  const api = await collectFromApi(`unix://${join(dir, 'absent.sock')}`, 300);
  assert.equal(api.errors[0]?.code, 'ENOENT');
  assert.equal(api.errors[0]?.path, '/version');
});

test('an endpoint that is neither unix:// nor tcp:// is reported, not thrown', async () => {
  const api = await collectFromApi('http://somewhere', 300);
  assert.equal(api.errors.length, 1);
  assert.match(api.errors[0]?.message ?? '', /not unix:\/\/\/path or tcp:\/\/host\[:port\]/);
});

/** A daemon stand-in listing `count` containers, whose inspects answer after `delayMs` (never, when undefined). */
async function slowDaemon(path: string, count: number, delayMs: number | undefined): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => i.toString(16).padStart(64, 'e'));
  const server = createServer((request, response) => {
    const url = (request.url ?? '').split('?')[0] ?? '';
    const json = (body: unknown) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const inspect = /^\/containers\/([0-9a-f]{64})\/json$/.exec(url);
    if (inspect) {
      if (delayMs !== undefined) setTimeout(() => json({ Id: inspect[1] }), delayMs);
      return;
    }
    if (url === '/containers/json') return json(ids.map((Id) => ({ Id })));
    if (url === '/volumes') return json({ Volumes: [] });
    return json(url === '/version' ? { Version: '20.10.24' } : url === '/info' ? {} : []);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  servers.push(server);
  return ids;
}

test('each request has the whole timeout from when it is sent: 320 inspects answered after 200 ms each all arrive though together they take longer than the timeout', async () => {
  const socket = join(dir, 'slow.sock');
  const ids = await slowDaemon(socket, 320, 200);
  const timeoutMs = 1500;
  const started = performance.now();
  const api = await collectFromApi(`unix://${socket}`, timeoutMs);
  const elapsed = performance.now() - started;
  assert.deepEqual(api.errors, []);
  assert.deepEqual(api.containers.map((c) => c['Id']).sort(), [...ids].sort());
  // The requests are sent a few at a time, so together they outlast one timeout: a deadline counted from when each was asked for would have expired.
  assert.ok(elapsed > timeoutMs, `the inspects took ${elapsed.toFixed(0)} ms in all`);
});

test('a daemon that lists its containers but never answers an inspect costs a few timeouts: once 16 requests went unanswered, the rest are not sent', async () => {
  const socket = join(dir, 'stuck.sock');
  const ids = await slowDaemon(socket, 100, undefined);
  const api = await collectFromApi(`unix://${socket}`, 300);
  const inspectErrors = api.errors.filter((e) => e.path?.startsWith('/containers/') && e.path !== '/containers/json');
  assert.equal(inspectErrors.length, ids.length);
  const codes = new Map<string, number>();
  for (const e of inspectErrors) codes.set(e.code ?? '', (codes.get(e.code ?? '') ?? 0) + 1);
  // 16 in flight at once; those sent while the first 16 timeouts came in time out too.
  const timeouts = codes.get('timeout') ?? 0;
  assert.ok(timeouts >= 16 && timeouts < 32, `${timeouts} timeouts`);
  assert.equal(codes.get('skipped'), ids.length - timeouts);
  assert.equal(codes.size, 2);
});

test('an answer that arrived within its deadline counts though docksnap held the event loop past it', async () => {
  const socket = join(dir, 'held.sock');
  // The daemon stand-in runs in its own process, so that it answers while this one is busy; it
  // says when it has received the first 16 inspects (all lanes in flight), and answers each after 200 ms.
  const daemon = spawn(process.execPath, ['-e', HELD_DAEMON, socket, '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
  servers.push({ close: () => daemon.kill('SIGKILL') });
  const lines = createInterface({ input: daemon.stdout! });
  const next = (): Promise<string> => new Promise((resolve) => lines.once('line', resolve));
  assert.equal(await next(), 'listening');
  const session = await startApiCapture(`unix://${socket}`, 500);
  assert.equal(await next(), 'inspects 16');
  // A long synchronous read of the host: the 500 ms deadlines pass while the answers wait on their sockets.
  const until = performance.now() + 1500;
  while (performance.now() < until);
  const api = await session.finish();
  assert.deepEqual(api.errors, []);
  assert.equal(api.containers.length, 20);
});

const HELD_DAEMON = `
const { createServer } = require('node:http');
const [socket, count] = process.argv.slice(1);
const ids = Array.from({ length: Number(count) }, (_, i) => i.toString(16).padStart(64, 'f'));
let inspects = 0;
createServer((request, response) => {
  const url = (request.url ?? '').split('?')[0];
  const json = (body) => { response.writeHead(200, { 'Content-Type': 'application/json' }); response.end(JSON.stringify(body)); };
  const inspect = /^\\/containers\\/([0-9a-f]{64})\\/json$/.exec(url);
  if (inspect) {
    if (++inspects === 16) console.log('inspects 16');
    return setTimeout(() => json({ Id: inspect[1] }), 200);
  }
  if (url === '/containers/json') return json(ids.map((Id) => ({ Id })));
  if (url === '/volumes') return json({ Volumes: [] });
  json(url === '/version' ? { Version: '20.10.24' } : url === '/info' ? {} : []);
}).listen(socket, () => console.log('listening'));
`;
