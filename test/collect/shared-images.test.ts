import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imagesOnce } from '../../src/collect/shared-images.js';
import type { SnapshotSink } from '../../src/store/write.js';

test('an image two engines hold is written once (the first engine\'s rows); other tables pass through untouched', () => {
  const written: [string, unknown[]][] = [];
  const sink = imagesOnce({ add: (table, rows) => written.push([table, [...rows]]) } as SnapshotSink);
  const image = (source: string) => ({ id: 'sha256:a', created_at: null, parent_id: null, size: null, os: null, architecture: null, source });
  sink.add('images', [image('api')]);
  sink.add('image_tags', [{ image_id: 'sha256:a', tag: 'x:1' }]);
  sink.add('images', [image('containerd-root'), { ...image('containerd-root'), id: 'sha256:b' }]);
  sink.add('image_tags', [{ image_id: 'sha256:a', tag: 'x:1' }, { image_id: 'sha256:a', tag: 'x:2' }]);
  sink.add('image_layers', [{ image_id: 'sha256:a', position: 0, layer_id: '1', diff_id: null, chain_id: null }]);
  sink.add('image_layers', [{ image_id: 'sha256:a', position: 0, layer_id: '7', diff_id: null, chain_id: null }]);
  sink.add('capture_error', [{ phase: 'host', subject: 's', path: null, code: null, message: 'm' }, { phase: 'host', subject: 's', path: null, code: null, message: 'm' }]);
  assert.deepEqual(written.map(([table, rows]) => [table, rows.length]), [['images', 1], ['image_tags', 1], ['images', 1], ['image_tags', 1], ['image_layers', 1], ['image_layers', 0], ['capture_error', 2]]);
  assert.equal((written[2]![1][0] as { id: string }).id, 'sha256:b');
  assert.equal((written[4]![1][0] as { layer_id: string }).layer_id, '1');
});
