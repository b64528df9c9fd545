import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diffSnapshotData } from '../../src/diff/index.js';
import { readDiffInput, type SnapshotData } from '../../src/diff/input.js';
import type { Change, DiffResult } from '../../src/diff/types.js';
import { openSnapshot } from '../../src/open.js';
import { renderDiffJson } from '../../src/render/diff-json.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { tempDir } from '../helpers/tmp.js';
import { diffFakes, fakeSnapshot, hexId, type FakeHost } from './synthetic.js';

const dir = tempDir('docksnap-diff-symmetry-');
const web = hexId('web');
const A: FakeHost = {
  containers: [
    { id: web, name: 'web', env: { MODE: 'blue', B: '1', A: '1' }, labels: { 'a.b': '1' } },
    { id: hexId('old'), name: 'old' },
    { id: hexId('same'), name: 'same', startedAt: '2026-01-01T00:00:01Z', pid: 500 },
  ],
};
const B: FakeHost = {
  containers: [
    { id: hexId('web2'), name: 'web', env: { A: '1', MODE: 'green', B: '1' }, labels: { 'a.b': '1' }, memory: 67108864 },
    { id: hexId('new'), name: 'new' },
    { id: hexId('same'), name: 'same', startedAt: '2026-01-01T00:05:00Z', pid: 700 },
  ],
};

async function data(name: string, host: FakeHost): Promise<SnapshotData> {
  const path = join(dir, `${name}.db`);
  await writeSnapshotFile(path, fakeSnapshot(host), { force: true });
  const db = await openSnapshot(path);
  try {
    return readDiffInput(db);
  } finally {
    db.close();
  }
}

const [a, b] = [await data('a', A), await data('b', B)];

function inverse<T extends Pick<Change, 'kind' | 'old' | 'new'>>(c: T): T {
  const kind = c.kind === 'added' ? 'removed' : c.kind === 'removed' ? 'added' : 'changed';
  return { ...c, kind, old: c.new, new: c.old };
}

const options = { showSuppressed: true, showRuntime: true, color: false };
const json = (r: DiffResult) => renderDiffJson(r, options);

test('a recreated container with a new memory limit and env value, one removed, one added, one restarted: exactly those', () => {
  const result = diffSnapshotData(a, b);
  assert.equal(result.mode, 'same-host');
  const config = result.changes.filter((c) => c.group === 'config').map((c) => `${c.kind} ${c.entity_kind} ${c.entity_key} ${c.path}`);
  assert.deepEqual(config, ['added container new ', 'removed container old ', 'changed container web /HostConfig/Memory', 'changed container web /env/MODE']);
  const runtimeEntities = new Set(result.changes.filter((c) => c.group === 'runtime').map((c) => `${c.entity_kind} ${c.entity_key.replace(/ \(pid \d+\)/, '')}`));
  assert.deepEqual([...runtimeEntities].sort(), ['container same', 'container web', 'file web/hostname', 'process same: sleep 1000', 'process web: sleep 1000']);
});

test('diff B A is the exact inverse of diff A B, entry by entry, in the same order', () => {
  const ab = diffSnapshotData(a, b);
  const ba = diffSnapshotData(b, a);
  assert.deepEqual(ba.changes, ab.changes.map(inverse));
  assert.deepEqual(ba.suppressed, ab.suppressed.map(inverse));
  assert.deepEqual(ba.summary, { ...ab.summary, added: ab.summary.removed, removed: ab.summary.added });
});

test('two runs give identical bytes', () => {
  assert.equal(json(diffSnapshotData(a, b)), json(diffSnapshotData(a, b)));
  assert.equal(json(diffSnapshotData(a, b, { mode: 'across-hosts' })), json(diffSnapshotData(a, b, { mode: 'across-hosts' })));
});

test('reordering env and labels gives no change', async () => {
  const web = (env: Record<string, string>, labels: Record<string, string>) => ({ containers: [{ id: hexId('w'), name: 'w', env, labels }] });
  const result = await diffFakes(dir, web({ A: '1', B: '2', C: '3' }, { x: '1', y: '2' }), web({ C: '3', A: '1', B: '2' }, { y: '2', x: '1' }));
  assert.deepEqual(result.changes, []);
  assert.deepEqual(result.suppressed, []);
});

test('the inputs are never modified', () => {
  const freeze = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const v of Object.values(value)) freeze(v);
  };
  const before = JSON.stringify([a, b]);
  freeze(a);
  freeze(b);
  assert.doesNotThrow(() => diffSnapshotData(a, b, { mode: 'across-hosts' }));
  assert.doesNotThrow(() => diffSnapshotData(b, a));
  assert.equal(JSON.stringify([a, b]), before);
});
