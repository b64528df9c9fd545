import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDockerdCommand, parseDockerdFlags } from '../../../src/collect/daemon/dockerd-flags.js';
import { DEFAULTS, findDockerds, pickServingDaemon, type Dockerd } from '../../../src/collect/daemon/find-daemons.js';

test('dockerd is recognised in every era', () => {
  assert.ok(isDockerdCommand(['/usr/bin/dockerd', '-H', 'fd://']));
  assert.ok(isDockerdCommand(['docker', 'daemon']));
  assert.ok(isDockerdCommand(['/usr/bin/docker', '-d']));
  assert.ok(isDockerdCommand(['/usr/bin/docker', '-D', '-H', 'unix:///var/run/docker.sock', '-d', '-g', '/srv/docker']));
  assert.ok(isDockerdCommand(['docker', '-H', 'unix:///tmp/e/docker.sock', 'daemon', '-D']));
  assert.ok(!isDockerdCommand(['docker', 'ps']));
  assert.ok(!isDockerdCommand(['/usr/bin/containerd']));
});

test('a client starting a detached container is not a daemon, whatever its -H names', () => {
  assert.ok(!isDockerdCommand(['docker', '-H', 'unix:///tmp/e/docker.sock', 'run', '-d', '--name', 'web', 'busybox', 'httpd']));
  assert.ok(!isDockerdCommand(['/usr/bin/docker', '--host=unix:///tmp/e/docker.sock', 'exec', '-d', 'web', 'sleep', '1']));
  assert.ok(!isDockerdCommand(['docker', 'container', 'run', '--detach', 'busybox']));
  assert.ok(!isDockerdCommand(['docker', '-l', 'debug', 'logs', '-d']));
});

test('flags are read in --flag value, --flag=value, -Hvalue and -H=value forms', () => {
  const flags = parseDockerdFlags([
    'dockerd',
    '--bridge=none',
    '-H',
    'unix:///tmp/e/docker.sock',
    '-Htcp://127.0.0.1:2375',
    '-H=fd://',
    '--data-root=/srv/docker',
    '--exec-root',
    '/run/x',
    '--pidfile',
    '/tmp/e/docker.pid',
    '--containerd=/run/containerd/containerd.sock',
  ]);
  assert.deepEqual(flags, {
    dataRoot: '/srv/docker',
    execRoot: '/run/x',
    pidfile: '/tmp/e/docker.pid',
    hosts: ['unix:///tmp/e/docker.sock', 'tcp://127.0.0.1:2375', 'fd://'],
    containerd: '/run/containerd/containerd.sock',
    configFile: null,
  });
  assert.equal(parseDockerdFlags(['docker', '-d', '-g', '/var/lib/old']).dataRoot, '/var/lib/old');
  assert.equal(parseDockerdFlags(['docker', 'daemon', '--graph=/g']).dataRoot, '/g');
});

function dockerd(pid: number, argv: string[]): Dockerd {
  return { process: { pid, ppid: 1, comm: 'dockerd', state: 'S', start_time: 1, cmdline: Buffer.alloc(0), argv, cgroup: undefined }, flags: parseDockerdFlags(argv), defaults: DEFAULTS };
}

test('of several dockerd, the one whose -H names the endpoint is picked; else the one listening there', () => {
  const a = dockerd(10, ['dockerd', '-H', 'unix:///tmp/a/docker.sock']);
  const b = dockerd(20, ['dockerd', '-H', 'unix:///tmp/b/docker.sock']);
  const plain = dockerd(30, ['dockerd']);
  assert.equal(pickServingDaemon([a, b], 'unix:///tmp/b/docker.sock', () => [])?.process.pid, 20);
  assert.equal(pickServingDaemon([a, plain], 'unix:///var/run/docker.sock', () => [])?.process.pid, 30, 'no -H means the default socket');
  const fd = dockerd(40, ['dockerd', '-H', 'fd://']);
  assert.equal(pickServingDaemon([a, fd], 'unix:///srv/docker.sock', (pid) => (pid === 40 ? ['/srv/docker.sock'] : []))?.process.pid, 40);
  assert.equal(pickServingDaemon([a, b], 'unix:///nowhere.sock', () => []), undefined);
});

test("a dockerd's child still showing the dockerd's command (between fork and exec) is not a second daemon", () => {
  const argv = ['dockerd', '-H', 'unix:///tmp/a/docker.sock'];
  const cmdline = Buffer.from(`${argv.join('\0')}\0`);
  const process = (pid: number, ppid: number) => ({ pid, ppid, comm: 'dockerd', state: 'S', start_time: pid, cmdline, argv, cgroup: undefined });
  // The fork has the lower pid once pids wrap: it must not be taken for the daemon serving the socket.
  const found = findDockerds([process(341, 7720), process(7720, 1)]);
  assert.deepEqual(found.map((d) => d.process.pid), [7720]);
  assert.equal(pickServingDaemon(found, 'unix:///tmp/a/docker.sock', () => [])?.process.pid, 7720);
});

test('of two dockerds whose -H names the endpoint, the one listening on the socket serves it', () => {
  const exiting = dockerd(29445, ['dockerd', '-H', 'unix:///tmp/a/docker.sock']);
  const serving = dockerd(30726, ['dockerd', '-H', 'unix:///tmp/a/docker.sock']);
  assert.equal(pickServingDaemon([exiting, serving], 'unix:///tmp/a/docker.sock', (pid) => (pid === 30726 ? ['/tmp/a/docker.sock'] : []))?.process.pid, 30726);
});

test('a `docker -H … run -d` client beside the daemon, its pid lower once pids wrap, is not the daemon serving that endpoint', () => {
  const identity = (pid: number, argv: string[]) => ({ pid, ppid: 1, comm: argv[0]!, state: 'S', start_time: pid, cmdline: Buffer.from(`${argv.join('\0')}\0`), argv, cgroup: undefined });
  const host = 'unix:///tmp/a/docker.sock';
  const found = findDockerds([
    identity(812, ['docker', '-H', host, 'run', '-d', '--name', 'web', 'busybox', 'sleep', '1000']),
    identity(30412, ['dockerd', '-H', host, '--data-root', '/tmp/a/data']),
  ]);
  // Its sockets unreadable (a capture by a user who is not root), the daemon is known by its flags alone.
  assert.equal(pickServingDaemon(found, host, () => [])?.flags.dataRoot, '/tmp/a/data');
});
