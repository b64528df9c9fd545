import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { collectFromApi } from '../../src/collect/docker-api/index.js';
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
