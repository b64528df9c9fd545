import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostname, parseHosts, parseResolvConf } from '../../../src/collect/docker-root/etc-files.js';

test('hostname: the first line, trimmed', () => {
  assert.deepEqual(parseHostname('8e8b7f23eb7c\n'), { hostname: '8e8b7f23eb7c' });
  assert.deepEqual(parseHostname(''), { hostname: '' });
});

test('hosts: address and names per line, comments and blank lines dropped', () => {
  const text = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback # loopback\n\n# comment\n172.17.0.2\t8e8b7f23eb7c\n';
  assert.deepEqual(parseHosts(text).entries, [
    { address: '127.0.0.1', names: ['localhost'] },
    { address: '::1', names: ['localhost', 'ip6-localhost', 'ip6-loopback'] },
    { address: '172.17.0.2', names: ['8e8b7f23eb7c'] },
  ]);
});

test('resolv.conf: nameservers, search, options and domain; both comment styles', () => {
  const text = '# Generated\nnameserver 8.8.8.8\nnameserver 8.8.4.4 ; google\nsearch localdomain example.com\noptions ndots:2 timeout:1\ndomain example.com\nsortlist 10.0.0.0\n';
  assert.deepEqual(parseResolvConf(text), {
    nameservers: ['8.8.8.8', '8.8.4.4'],
    search: ['localdomain', 'example.com'],
    options: ['ndots:2', 'timeout:1'],
    domain: 'example.com',
  });
});
