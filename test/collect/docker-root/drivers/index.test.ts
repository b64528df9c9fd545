import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STORAGE_DRIVERS, storageDriver } from '../../../../src/collect/docker-root/drivers/index.js';

test('each known driver names where a layer keeps its files', () => {
  assert.deepEqual(storageDriver('overlay2')?.layerDirectories('L'), ['overlay2/L/diff']);
  assert.deepEqual(storageDriver('overlay')?.layerDirectories('L'), ['overlay/L/upper', 'overlay/L/root']);
  assert.deepEqual(storageDriver('aufs')?.layerDirectories('L'), ['aufs/diff/L']);
  assert.equal(storageDriver('aufs')?.parentsFile?.('L'), 'aufs/layers/L');
  assert.deepEqual(storageDriver('vfs')?.layerDirectories('L'), ['vfs/dir/L']);
  assert.deepEqual(storageDriver('btrfs')?.layerDirectories('L'), ['btrfs/subvolumes/L']);
  assert.deepEqual(storageDriver('devicemapper')?.layerDirectories('L'), []);
});

test('an unknown or absent driver has no reader (the caller reports it)', () => {
  assert.equal(storageDriver('weirdfs'), undefined);
  assert.equal(storageDriver('__proto__'), undefined);
  assert.equal(storageDriver(null), undefined);
  assert.deepEqual([...STORAGE_DRIVERS.keys()].sort(), ['aufs', 'btrfs', 'devicemapper', 'overlay', 'overlay2', 'vfs', 'zfs']);
});
