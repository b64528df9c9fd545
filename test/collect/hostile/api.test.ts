import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { collectFromApi } from '../../../src/collect/docker-api/index.js';
import { DEEP_JSON_MARKER } from '../../../src/util/json-depth.js';
import { READ_LIMITS } from '../../../src/util/read-limits.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir();
const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

const ID = 'e'.repeat(64);

/** A daemon stand-in whose image list never ends (streamed as fast as it is read) and whose inspect nests 100,000 levels. */
async function hostileDaemon(path: string): Promise<{ sent: () => number }> {
  let sent = 0;
  const server = createServer((request, response) => {
    const url = (request.url ?? '').replace(/^\/v[\d.]+/, '').split('?')[0];
    const json = (body: string) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(body);
    };
    if (url === '/version') return json('{"Version":"20.10.24"}');
    if (url === '/containers/json') return json(JSON.stringify([{ Id: ID }]));
    if (url === `/containers/${ID}/json`) return json(`{"Id":"${ID}","Config":{"Labels":{"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`);
    if (url === '/images/json') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.from(`{"Id":"sha256:${'f'.repeat(64)}","RepoTags":["x"]},`.repeat(1000));
      response.write('[');
      const pump = () => {
        while (!response.destroyed && sent < 4 * READ_LIMITS.apiBody) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('close', () => undefined);
      return pump();
    }
    return json('[]');
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  servers.push(server);
  return { sent: () => sent };
}

test('item 7: an API body over the cap is an oversized capture_error, nothing of it is kept, and the capture goes on', async () => {
  const socket = join(dir, 'hostile.sock');
  const daemon = await hostileDaemon(socket);
  const before = process.memoryUsage().rss;
  const api = await collectFromApi(`unix://${socket}`, 20_000);
  const grown = process.memoryUsage().rss - before;
  const oversized = api.errors.filter((e) => e.code === 'oversized');
  assert.deepEqual(oversized.map((e) => [e.path, e.code]), [['/images/json', 'oversized']]);
  assert.match(oversized[0]!.message, /more than 64 MiB/);
  assert.equal(api.responses.some((r) => r.endpoint === '/images/json'), false);
  assert.ok(daemon.sent() < 2 * READ_LIMITS.apiBody, `the connection was closed early (${daemon.sent()} bytes sent)`);
  assert.ok(grown < 200 * 1024 * 1024, `RSS grew by ${grown} bytes`);
  // The capture went on: the container was inspected.
  assert.deepEqual(api.containers.map((c) => c['Id']), [ID]);
});

test('item 9: an API body nested 100,000 levels is kept to the depth limit with a too-deep capture_error', async () => {
  const socket = join(dir, 'deep.sock');
  await hostileDaemon(socket);
  const api = await collectFromApi(`unix://${socket}`, 20_000);
  assert.deepEqual(api.errors.filter((e) => e.code === 'too-deep').map((e) => e.path), [`/containers/${ID}/json`]);
  const body = api.responses.find((r) => r.endpoint === `/containers/${ID}/json`)!.body;
  assert.ok(body.includes(DEEP_JSON_MARKER));
  assert.ok(body.length < 10_000);
});
