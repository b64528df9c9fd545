/**
 * Live discovery of Podman's API sockets: the rootful /run/podman/podman.sock and the capturing
 * user's $XDG_RUNTIME_DIR/podman/podman.sock, from the environment the capture is given (never
 * process.env), each tied to the graph root it serves. Real unix sockets in a temporary directory.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { locatePodman, podmanSockets, rootlessStorage } from '../../src/collect/podman/locate.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-psock-');
const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function listen(path: string): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done, fail) => server.once('error', fail).listen(path, done));
}

const home = join(dir, 'home');
const run = join(dir, 'run');
const storage = join(home, '.local/share/containers/storage');
const noRootful = `unix://${join(dir, 'absent/podman.sock')}`;

test('the rootless storage, runroot and socket follow XDG_RUNTIME_DIR, XDG_DATA_HOME and HOME; none without an absolute runtime dir', () => {
  assert.deepEqual(rootlessStorage({ XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/ann' }), {
    root: '/home/ann/.local/share/containers/storage', runRoot: '/run/user/1000/containers', socket: '/run/user/1000/podman/podman.sock',
  });
  assert.equal(rootlessStorage({ XDG_RUNTIME_DIR: '/run/user/1000', XDG_DATA_HOME: '/data/ann', HOME: '/home/ann' })?.root, '/data/ann/containers/storage');
  assert.equal(rootlessStorage({ HOME: '/home/ann' }), undefined);
  assert.equal(rootlessStorage({ XDG_RUNTIME_DIR: 'run/user/1000', HOME: '/home/ann' }), undefined);
  assert.equal(rootlessStorage({ XDG_RUNTIME_DIR: '/run/user/1000' }), undefined);
});

test('a socket at $XDG_RUNTIME_DIR/podman/podman.sock is the API of the rootless storage; the rootful socket of the rootful root', async () => {
  const environment = { XDG_RUNTIME_DIR: run, HOME: home };
  assert.deepEqual([...podmanSockets('/var/lib/containers/storage', environment, noRootful)], [], 'no socket there yet');
  await listen(join(run, 'podman/podman.sock'));
  assert.deepEqual([...podmanSockets('/var/lib/containers/storage', environment, noRootful)], [[storage, `unix://${run}/podman/podman.sock`]]);
  assert.deepEqual([...podmanSockets('/var/lib/containers/storage', {}, noRootful)], [], 'no runtime dir given: only the rootful socket is tried');
  const rootful = join(dir, 'rootful/podman.sock');
  await listen(rootful);
  assert.deepEqual(
    [...podmanSockets('/var/lib/containers/storage', environment, `unix://${rootful}`)],
    [['/var/lib/containers/storage', `unix://${rootful}`], [storage, `unix://${run}/podman/podman.sock`]],
  );
});

test('a plain file or a link where the socket should be is not an API', () => {
  const fake = join(dir, 'fake');
  mkdirSync(join(fake, 'podman'), { recursive: true });
  writeFileSync(join(fake, 'podman/podman.sock'), '');
  assert.deepEqual([...podmanSockets('/r', { XDG_RUNTIME_DIR: fake, HOME: home }, noRootful)], []);
  const linked = join(dir, 'linked');
  mkdirSync(join(linked, 'podman'), { recursive: true });
  symlinkSync(join(run, 'podman/podman.sock'), join(linked, 'podman/podman.sock'));
  assert.deepEqual([...podmanSockets('/r', { XDG_RUNTIME_DIR: linked, HOME: home }, noRootful)], []);
});

test('live discovery with nothing named finds the capturing user\'s rootless storage with its runroot and socket, from the environment given', async () => {
  mkdirSync(join(storage, 'libpod'), { recursive: true });
  const socket = join(run, 'podman/podman.sock');
  const context = { offline: false, explicit: false, roots: {}, processes: [] };
  const found = locatePodman({ ...context, environment: { XDG_RUNTIME_DIR: run, HOME: home } }).filter((i) => i.root === storage);
  assert.deepEqual(found, [{ root: storage, runRoot: join(run, 'containers'), endpoint: `unix://${socket}` }]);
  assert.deepEqual(locatePodman({ ...context, environment: {} }).filter((i) => i.root === storage), [], 'not without the environment');
  assert.deepEqual(locatePodman({ ...context, explicit: true, environment: { XDG_RUNTIME_DIR: run, HOME: home } }), [], 'not when the user named other roots');
});
