import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordedRoot, underRecordedRoot } from '../../../src/collect/docker-root/reroot.js';

const ID = 'a86b320f3c71a7473d06f2184a955d7f76ef3dfb113b0f22b4a8cd8a544f0793';

test('the recorded root is what precedes containers/<id> in the first path that has it', () => {
  assert.equal(recordedRoot(ID, [undefined, '/etc/resolv.conf', `/var/lib/docker/containers/${ID}/hostname`]), '/var/lib/docker');
  assert.equal(recordedRoot(ID, [`/tmp/docker/containers/${ID}/rootfs`]), '/tmp/docker');
  assert.equal(recordedRoot(ID, [`/containers/${ID}/hosts`]), '/');
  assert.equal(recordedRoot(ID, [`/x/containers/${ID}0/hosts`, 42, '']), undefined);
});

test('a recorded path under the old root becomes root-relative; one elsewhere on the host does not', () => {
  assert.equal(underRecordedRoot(`/var/lib/docker/containers/${ID}/${ID}-json.log`, '/var/lib/docker'), `containers/${ID}/${ID}-json.log`);
  assert.equal(underRecordedRoot('/etc/resolv.conf', '/var/lib/docker'), undefined);
  assert.equal(underRecordedRoot('/var/lib/dockerx/containers/a', '/var/lib/docker'), undefined);
  assert.equal(underRecordedRoot('/var/lib/docker/../../../etc/passwd', '/var/lib/docker'), undefined);
  assert.equal(underRecordedRoot('', '/var/lib/docker'), undefined);
  assert.equal(underRecordedRoot('/var/lib/docker/x', undefined), undefined);
  assert.equal(underRecordedRoot('/containers/x/hosts', '/'), 'containers/x/hosts');
});
