import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v2ChildRows } from '../../../src/collect/docker-root/config-v2.js';
import type { JsonObject } from '../../../src/collect/container-rows.js';

const ID = 'f'.repeat(64);

test('ports: Config and ContainerConfig exposed ports, bindings asked (PortBindings) and bound (NetworkSettings.Ports)', () => {
  const config = JSON.parse(`{
    "Config": {"ExposedPorts": {"27017/tcp": {}, "8080/tcp": {}}},
    "ContainerConfig": {"ExposedPorts": {"27017/tcp": {}, "12345/tcp": {}}},
    "NetworkSettings": {"Ports": {"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "18080"}]}}
  }`) as JsonObject;
  const hostConfig = { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }], '53/udp': [{ HostIp: '', HostPort: '5353' }] } } as JsonObject;
  assert.deepEqual(v2ChildRows(ID, config, hostConfig).ports.map((p) => `${p.container_port}/${p.proto} ${p.host_ip} ${p.host_port}`), [
    '53/udp  5353',
    '8080/tcp 127.0.0.1 18080',
    '12345/tcp  null',
    '27017/tcp  null',
  ]);
});

test('mounts from MountPoints: volume, bind and tmpfs with their fields', () => {
  const config = JSON.parse(`{"MountPoints": {
    "/data": {"Source": "/var/lib/docker/volumes/vol1/_data", "Destination": "/data", "RW": true, "Name": "vol1", "Driver": "local", "Type": "volume", "Propagation": ""},
    "/etc/app": {"Source": "/srv/app", "Destination": "/etc/app", "RW": false, "Name": "", "Driver": "", "Type": "bind", "Propagation": "rprivate"},
    "/scratch": {"Source": "", "Destination": "/scratch", "RW": true, "Type": "tmpfs"}
  }}`) as JsonObject;
  assert.deepEqual(
    v2ChildRows(ID, config, undefined).mounts.map((m) => [m.destination, m.type, m.source, m.name, m.driver, m.rw, m.propagation]),
    [
      ['/data', 'volume', '/var/lib/docker/volumes/vol1/_data', 'vol1', 'local', 1, null],
      ['/etc/app', 'bind', '/srv/app', null, null, 0, 'rprivate'],
      ['/scratch', 'tmpfs', null, null, null, 1, null],
    ],
  );
});

test('env and labels come from Config; a missing config gives no rows', () => {
  const config = { Config: { Env: ['A=1', 'B=x=y'], Labels: { 'com.example/a.b': 'v' } } } as JsonObject;
  const rows = v2ChildRows(ID, config, undefined);
  assert.deepEqual(rows.env.map((e) => [e.position, e.name, e.value]), [[0, 'A', '1'], [1, 'B', 'x=y']]);
  assert.deepEqual(rows.labels, [{ container_id: ID, key: 'com.example/a.b', value: 'v' }]);
  assert.deepEqual(v2ChildRows(ID, undefined, undefined), { env: [], labels: [], ports: [], mounts: [] });
});
