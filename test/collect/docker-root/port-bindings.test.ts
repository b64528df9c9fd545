import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveBindings, portMappingBindings } from '../../../src/collect/docker-root/port-bindings.js';

test('what was bound wins over what was asked, port by port; asked-only ports stay', () => {
  const asked = { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '', HostPort: '5353' }] };
  const bound = { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '443/tcp': null, '9/tcp': [] };
  assert.deepEqual(effectiveBindings(asked, bound), {
    '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }],
    '53/udp': [{ HostIp: '', HostPort: '5353' }],
  });
  assert.deepEqual(effectiveBindings(asked, null), asked);
  assert.deepEqual(effectiveBindings(undefined, undefined), {});
});

test('the 0.x PortMapping becomes the later bindings shape', () => {
  assert.deepEqual(portMappingBindings({ Tcp: { '3306': '49156' }, Udp: { '53': '5353' } }), {
    '3306/tcp': [{ HostIp: '', HostPort: '49156' }],
    '53/udp': [{ HostIp: '', HostPort: '5353' }],
  });
  assert.deepEqual(portMappingBindings(null), {});
});
