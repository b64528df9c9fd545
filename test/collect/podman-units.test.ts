import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerIdOfCgroup, unattributedRole } from '../../src/collect/unattributed.js';
import { claimPodmanProcess } from '../../src/collect/podman/claim.js';
import { parseStorageConf, rootsOfProcesses } from '../../src/collect/podman/locate.js';
import { engineSelected } from '../../src/collect/engine.js';
import { renderCaptureSummary } from '../../src/render/capture-summary.js';
import type { ProcessIdentity } from '../../src/collect/proc/scan.js';

// Ids and cgroup lines as a private rootful Podman 4.3 (cgroupfs) wrote them on this machine.
const ID = '649819f65588ae1fdf8f876513b568c79fd51692c8d0f2e977a9973bc6dd53ee';
const OTHER = 'fdc802e15d130b74548f92bc7a054b8938c4701bd2fc6d67a0ef2a6f06d24f8f';

function proc(pid: number, argv: string[], cgroup = '0::/\n'): ProcessIdentity {
  return { pid, ppid: 1, comm: (argv[0] ?? '').split('/').pop() ?? '', state: 'S', start_time: pid, cmdline: Buffer.alloc(0), argv, cgroup };
}

test('container cgroup shapes of every engine name the container; conmon\'s own cgroup does not', () => {
  assert.equal(containerIdOfCgroup(`4:memory:/libpod_parent/libpod-${ID}\n0::/libpod_parent/libpod-${ID}\n`), ID);
  assert.equal(containerIdOfCgroup(`0::/machine.slice/libpod-${ID}.scope/container\n`), ID);
  assert.equal(containerIdOfCgroup(`0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container\n`), ID);
  assert.equal(containerIdOfCgroup(`0::/system.slice/docker-${ID}.scope\n`), ID);
  assert.equal(containerIdOfCgroup(`4:memory:/docker/${ID}\n`), ID);
  assert.equal(containerIdOfCgroup(`0::/system.slice/cri-containerd-${ID}.scope\n`), ID);
  assert.equal(containerIdOfCgroup(`0::/machine.slice/libpod-conmon-${ID}.scope\n`), undefined);
  assert.equal(containerIdOfCgroup('8:pids:/libpod_parent/conmon\n0::/\n'), undefined);
  assert.equal(containerIdOfCgroup(undefined), undefined);
  assert.deepEqual(unattributedRole(proc(7, ['sleep'], `0::/docker/${ID}\n`)), { role: 'unattributed', container_id: ID, engine_id: null });
});

test('Podman claims its conmon, runtime, API service and container processes, and only its own', () => {
  const context = { engineId: 'podman:/tmp/p/root', root: '/tmp/p/root', containerIds: new Set([ID]) };
  const conmon = proc(7914, ['/usr/bin/conmon', '--api-version', '1', '-c', ID, '-u', ID, '-r', '/usr/sbin/runc', '--exit-command-arg', '--root', '--exit-command-arg', '/tmp/p/root']);
  assert.deepEqual(claimPodmanProcess(conmon, context), { role: 'conmon', container_id: ID, engine_id: 'podman:/tmp/p/root' });
  assert.equal(claimPodmanProcess(proc(1, ['/usr/bin/conmon', '-c', OTHER]), context), undefined);
  assert.deepEqual(claimPodmanProcess(proc(2, ['/usr/sbin/runc', 'start', ID]), context)?.role, 'runtime');
  assert.deepEqual(claimPodmanProcess(proc(3, ['podman', '--root', '/tmp/p/root', 'system', 'service', '--time', '0']), context)?.role, 'podman-service');
  assert.equal(claimPodmanProcess(proc(4, ['podman', 'system', 'service']), context), undefined);
  assert.deepEqual(claimPodmanProcess(proc(5, ['/usr/bin/podman', '--log-level=info', '--root=/tmp/p/root', '--syslog', 'system', 'service', '-t', '0', 'unix:///tmp/p/podman.sock']), context)?.role, 'podman-service');
  // A client of this root whose own arguments hold the two words is not the service.
  assert.equal(claimPodmanProcess(proc(6, ['podman', '--root', '/tmp/p/root', 'run', '--rm', 'busybox', 'echo', 'system', 'service']), context), undefined);
  assert.equal(claimPodmanProcess(proc(7, ['podman', '--root', '/tmp/p/root', 'exec', 'web', 'system', 'service']), context), undefined);
  assert.deepEqual(claimPodmanProcess(proc(7925, ['httpd'], `0::/libpod_parent/libpod-${ID}\n`), context)?.role, 'container');
  assert.equal(claimPodmanProcess(proc(9, ['sleep'], `0::/libpod_parent/libpod-${OTHER}\n`), context), undefined);
});

test('the roots a running conmon names (its --exit-command-arg list) and storage.conf are found', () => {
  const conmon = proc(7914, ['/usr/bin/conmon', '-c', ID, '--exit-command', '/usr/bin/podman', '--exit-command-arg', '--root', '--exit-command-arg', '/tmp/p/root', '--exit-command-arg', '--runroot', '--exit-command-arg', '/tmp/p/runroot']);
  assert.deepEqual([...rootsOfProcesses([conmon, proc(2, ['sshd'])])], [['/tmp/p/root', '/tmp/p/runroot']]);
  const conf = '[storage]\ndriver = "overlay"\n# graphroot = "/nope"\ngraphroot = "/srv/containers"\nrunroot = \'/run/c\'\n[storage.options]\nmount_program = "/usr/bin/fuse-overlayfs"\n';
  assert.deepEqual(parseStorageConf(conf), { graphRoot: '/srv/containers', runRoot: '/run/c', driver: 'overlay' });
});

test('--engine selects by kind or by id', () => {
  assert.equal(engineSelected(undefined, 'docker', 'docker:/var/lib/docker'), true);
  assert.equal(engineSelected('podman', 'docker', 'docker:/var/lib/docker'), false);
  assert.equal(engineSelected('docker:/var/lib/docker', 'docker', 'docker:/var/lib/docker'), true);
  assert.equal(engineSelected('docker:/other', 'docker', 'docker:/var/lib/docker'), false);
  assert.equal(engineSelected('docker:/other', 'docker'), true);
});

test('the capture summary counts unattributed processes and names their containers in one warning line', () => {
  const text = renderCaptureSummary({ path: '/x.db', containers: 2, runningContainers: 1, processes: 9, fds: 40, sockets: 3, errors: 0, unattributed: { [ID]: 2, [OTHER]: 1 }, permissionDenied: [], warnings: [], seconds: 1.5 }, { root: true });
  assert.equal(text, `captured 2 containers, 9 processes, 3 unattributed (1 running containers), 40 fds, 3 sockets, 0 errors in 1.50 s\ndocksnap: warning — 3 processes in 2 containers of no engine read, kept as unattributed: 649819f65588 (2), fdc802e15d13 (1)\n`);
});

test("the capture summary's warnings and denied paths are printed escaped: a name from the host cannot drive the terminal", () => {
  const warning = 'extra certificates from NODE_EXTRA_CA_CERTS (/tmp/ca\u001b[2J\u202e.pem) ignored: no such file or directory (ENOENT)';
  const denied = [{ phase: 'docker-root', subject: 'container x', path: '/var/lib/docker/containers/x\r\n/config.v2.json' }];
  const text = renderCaptureSummary({ path: '/x.db', containers: 0, runningContainers: 0, processes: 0, fds: 0, sockets: 0, errors: 2, unattributed: {}, permissionDenied: denied, warnings: [warning], seconds: 0.5 }, { root: false });
  assert.equal(
    text,
    'captured 0 containers, 0 processes (0 running containers), 0 fds, 0 sockets, 2 errors in 0.50 s\n' +
      'docksnap: warning — extra certificates from NODE_EXTRA_CA_CERTS (/tmp/ca\\x1b[2J\\u202e.pem) ignored: no such file or directory (ENOENT)\n' +
      'docksnap: warning — partial capture: permission denied for the Docker root (/var/lib/docker/containers/x\\r\\n/config.v2.json) (run as root for a full capture)\n',
  );
});
