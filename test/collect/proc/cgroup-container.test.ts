/**
 * The container a /proc/PID/cgroup names, for every layout. The lines are written in the
 * kernel's format (Documentation/admin-guide/cgroup-v2.rst, "Processes": `0::$PATH` on v2,
 * `hierarchy-ID:controller-list:cgroup-path` per v1 hierarchy) with the paths each engine and
 * driver creates (runc's systemd driver: `<slice>/<prefix>-<id>.scope`; the kubelet's slices
 * `kubepods-<qos>-pod<uid with _>.slice`, cgroupfs `kubepods/<qos>/pod<uid>/<id>`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupContainers, containerOfCgroup, ownContainerOfCgroup } from '../../../src/collect/proc/cgroup-container.js';
import { parseCgroup } from '../../../src/collect/proc/cgroup.js';

const ID = '3f4e1c0b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f';
const INNER = 'aa'.repeat(32);
const UID = '0f6d1b2c-3a4e-4f5a-8b6c-7d8e9f0a1b2c';
const SLICE_UID = UID.replaceAll('-', '_');

function one(text: string) {
  const found = containerOfCgroup(text);
  return found && { id: found.containerId, hint: found.engineHint, path: found.path, pod: found.podUid ?? null, qos: found.qosClass ?? null, uid: found.rootlessUid ?? null };
}

test('v2, Docker with the systemd driver and with cgroupfs', () => {
  assert.deepEqual(one(`0::/system.slice/docker-${ID}.scope\n`), { id: ID, hint: 'docker', path: `/system.slice/docker-${ID}.scope`, pod: null, qos: null, uid: null });
  assert.deepEqual(one(`0::/docker/${ID}\n`), { id: ID, hint: 'docker', path: `/docker/${ID}`, pod: null, qos: null, uid: null });
  // A process in a child cgroup of the container's (systemd inside the container) is still the container's.
  assert.equal(one(`0::/system.slice/docker-${ID}.scope/init.scope\n`)?.path, `/system.slice/docker-${ID}.scope`);
  // A removed cgroup's processes show the path with " (deleted)" after it.
  assert.equal(one(`0::/docker/${ID} (deleted)\n`)?.id, ID);
});

test('Podman: machine.slice scopes, libpod_parent, and the conmon scope that is not the container', () => {
  assert.deepEqual(one(`0::/machine.slice/libpod-${ID}.scope/container\n`)?.hint, 'podman');
  assert.equal(one(`0::/machine.slice/libpod-${ID}.scope/container\n`)?.path, `/machine.slice/libpod-${ID}.scope`);
  assert.equal(one(`0::/libpod_parent/libpod-${ID}\n`)?.hint, 'podman');
  const conmon = cgroupContainers(`0::/machine.slice/libpod-conmon-${ID}.scope\n`);
  assert.deepEqual(conmon.map((c) => [c.containerId, c.engineHint, c.monitor]), [[ID, 'podman', true]]);
  assert.equal(containerOfCgroup(`0::/machine.slice/libpod-conmon-${ID}.scope\n`), undefined);
});

test('Kubernetes: the pod uid and QoS class from the systemd slices and from cgroupfs directories', () => {
  const systemd = `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${SLICE_UID}.slice/cri-containerd-${ID}.scope\n`;
  assert.deepEqual(one(systemd), {
    id: ID, hint: 'containerd', path: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${SLICE_UID}.slice/cri-containerd-${ID}.scope`, pod: UID, qos: 'burstable', uid: null,
  });
  assert.deepEqual(one(`0::/kubepods.slice/kubepods-pod${SLICE_UID}.slice/crio-${ID}.scope\n`)?.qos, 'guaranteed');
  assert.deepEqual(one(`0::/kubepods.slice/kubepods-pod${SLICE_UID}.slice/crio-${ID}.scope\n`)?.hint, 'cri-o');
  assert.deepEqual(one(`0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${SLICE_UID}.slice/docker-${ID}.scope\n`)?.qos, 'besteffort');
  // cgroupfs: the bare id says no engine (containerd, Docker and CRI-O all write it so).
  assert.deepEqual(one(`11:memory:/kubepods/burstable/pod${UID}/${ID}\n0::/kubepods/burstable/pod${UID}/${ID}\n`), {
    id: ID, hint: null, path: `/kubepods/burstable/pod${UID}/${ID}`, pod: UID, qos: 'burstable', uid: null,
  });
  assert.equal(one(`0::/kubepods/pod${UID}/${ID}\n`)?.qos, 'guaranteed');
  // The pod's own cgroup names no container.
  assert.equal(one(`0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${SLICE_UID}.slice\n`), undefined);
});

test('rootless: the user whose systemd instance holds the container', () => {
  assert.deepEqual(one(`0::/user.slice/user-1000.slice/user@1000.service/user.slice/docker-${ID}.scope\n`), {
    id: ID, hint: 'docker', path: `/user.slice/user-1000.slice/user@1000.service/user.slice/docker-${ID}.scope`, pod: null, qos: null, uid: 1000,
  });
  assert.equal(one(`0::/user.slice/user-1001.slice/user@1001.service/user.slice/libpod-${ID}.scope/container\n`)?.uid, 1001);
});

test('hybrid and v1: the v2 line first, else the first v1 line naming a container', () => {
  const hybrid = `12:pids:/system.slice/docker-${ID}.scope\n4:memory:/system.slice/docker-${ID}.scope\n1:name=systemd:/system.slice/docker-${ID}.scope\n0::/system.slice/docker-${ID}.scope\n`;
  const found = containerOfCgroup(hybrid);
  assert.deepEqual([found?.hierarchyId, found?.controllers], [0, '']);
  // cgroupfs on a hybrid host: the unified line stays where systemd put the daemon.
  const cgroupfs = `4:memory:/docker/${ID}\n1:name=systemd:/docker/${ID}\n0::/system.slice/containerd.service\n`;
  assert.deepEqual([containerOfCgroup(cgroupfs)?.containerId, containerOfCgroup(cgroupfs)?.controllers], [ID, 'memory']);
  assert.equal(one(`4:memory:/lxc/${ID}\n`)?.hint, 'docker');
  assert.equal(one(`0::/default/${ID}\n`)?.hint, null);
});

test('a container in a container: both, outermost first; an engine takes the innermost of its own', () => {
  const text = `0::/docker/${ID}/docker/${INNER}\n`;
  assert.deepEqual(cgroupContainers(text).map((c) => c.containerId), [ID, INNER]);
  assert.equal(containerOfCgroup(text)?.containerId, INNER);
  assert.equal(ownContainerOfCgroup(text, new Set([ID]))?.containerId, ID);
  assert.equal(ownContainerOfCgroup(text, new Set(['c'.repeat(64)])), undefined);
});

test('what names no container: short ids, system services, malformed lines', () => {
  assert.equal(containerOfCgroup(`0::/system.slice/docker.service\n`), undefined);
  assert.equal(containerOfCgroup(`0::/docker/${ID.slice(0, 63)}\n`), undefined);
  assert.equal(containerOfCgroup(`0::/docker/${ID}x\n`), undefined);
  assert.equal(containerOfCgroup(`x::/docker/${ID}\n`), undefined);
  assert.equal(containerOfCgroup(undefined), undefined);
  assert.deepEqual(parseCgroup(5, `garbage\n0::/a:b\n`), [{ pid: 5, hierarchy_id: 0, controllers: '', path: '/a:b' }]);
});
