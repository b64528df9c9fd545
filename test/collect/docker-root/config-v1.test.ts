import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v1ChildRows } from '../../../src/collect/docker-root/config-v1.js';
import type { JsonObject } from '../../../src/collect/container-rows.js';

const ID = 'c'.repeat(64);

test('0.6: PortSpecs are exposed ports and PortMapping {Tcp:{container:host}} their bindings', () => {
  const config = {
    Config: { PortSpecs: ['8000:8000', '53/udp'], Env: ['HOME=/', 'TERM'] },
    NetworkSettings: { PortMapping: { Tcp: { '8000': '8000' }, Udp: {} } },
  } as JsonObject;
  const rows = v1ChildRows(ID, config, { Binds: null, ContainerIDFile: '' } as JsonObject);
  assert.deepEqual(rows.ports, [
    { container_id: ID, container_port: 53, proto: 'udp', host_ip: '', host_port: null },
    { container_id: ID, container_port: 8000, proto: 'tcp', host_ip: '', host_port: 8000 },
  ]);
  assert.deepEqual(rows.env.map((e) => [e.name, e.value]), [['HOME', '/'], ['TERM', null]]);
});

test('1.x: ExposedPorts, NetworkSettings.Ports and HostConfig.PortBindings', () => {
  const config = {
    Config: { ExposedPorts: { '80/tcp': {}, '443/tcp': {} } },
    NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '49153' }], '443/tcp': null } },
  } as JsonObject;
  const rows = v1ChildRows(ID, config, { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '' }] } } as JsonObject);
  assert.deepEqual(rows.ports.map((p) => [p.container_port, p.host_ip, p.host_port]), [[80, '0.0.0.0', 49153], [443, '', null]]);
});

test('mounts: Volumes with VolumesRW before 1.7, MountPoints when recorded', () => {
  const legacy = { Volumes: { '/data': '/var/lib/docker/vfs/dir/abc', '/ro': '/srv/ro' }, VolumesRW: { '/data': true, '/ro': false } } as JsonObject;
  assert.deepEqual(v1ChildRows(ID, legacy, undefined).mounts.map((m) => [m.destination, m.source, m.rw, m.type]), [
    ['/data', '/var/lib/docker/vfs/dir/abc', 1, null],
    ['/ro', '/srv/ro', 0, null],
  ]);
  const v17 = { ...legacy, MountPoints: { '/data': { Name: 'abc', Destination: '/data', Driver: 'local', RW: true, Source: '/var/lib/docker/volumes/abc/_data' } } } as JsonObject;
  assert.deepEqual(v1ChildRows(ID, v17, undefined).mounts.map((m) => [m.destination, m.name, m.driver, m.source]), [['/data', 'abc', 'local', '/var/lib/docker/volumes/abc/_data']]);
});

test('mounts: a container created with -v but never started has its binds only in HostConfig.Binds', () => {
  const created = { Config: { Image: 'ubuntu' }, Volumes: {} } as JsonObject;
  const rows = v1ChildRows(ID, created, { Binds: ['/srv/www:/www:ro', '/var/log/app:/logs'], ContainerIDFile: '' } as JsonObject);
  assert.deepEqual(rows.mounts.map((m) => [m.destination, m.type, m.source, m.rw]), [
    ['/www', 'bind', '/srv/www', 0],
    ['/logs', 'bind', '/var/log/app', 1],
  ]);
  const started = { Volumes: { '/www': '/srv/www' }, VolumesRW: { '/www': false } } as JsonObject;
  assert.deepEqual(v1ChildRows(ID, started, { Binds: ['/srv/www:/www:ro'] } as JsonObject).mounts.map((m) => [m.destination, m.type]), [['/www', null]]);
});
