import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { brief, diffFakes, fakeSnapshot, hexId } from './synthetic.js';

const dir = tempDir('docksnap-diff-hostile-');

test('env and label keys named __proto__, constructor and prototype, and dotted label keys, diff like any other and pollute nothing', async () => {
  // JSON.parse keeps "__proto__" as an own key, as the capture does with the host's data.
  const envA = JSON.parse('{"__proto__":"p1","constructor":"c1","prototype":"x1","PATH":"/bin"}') as Record<string, string>;
  const envB = JSON.parse('{"__proto__":"p2","constructor":"c1","prototype":"x2","PATH":"/bin"}') as Record<string, string>;
  const labelsA = JSON.parse('{"com.example.version":"1","__proto__":"a","constructor":"k"}') as Record<string, string>;
  const labelsB = JSON.parse('{"com.example.version":"2","__proto__":"a","prototype":"new"}') as Record<string, string>;
  const web = hexId('web');
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const result = await diffFakes(dir, { containers: [{ id: web, name: 'web', env: envA, labels: labelsA }] }, { containers: [{ id: web, name: 'web', env: envB, labels: labelsB }] });
  assert.deepEqual(brief(result), [
    'config changed container web /env/__proto__ "p1" → "p2"',
    'config changed container web /env/prototype "x1" → "x2"',
    'config changed container web /labels/com.example.version "1" → "2"',
    'config removed container web /labels/constructor "k" → null',
    'config added container web /labels/prototype null → "new"',
  ]);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before, 'Object.prototype untouched');
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
  assert.equal(({} as Record<string, unknown>)['p2'], undefined);
});

test('control characters in names and values reach the terminal only as visible escapes, in a pair and in a series', async () => {
  const web = hexId('web');
  const name = 'web\x1b[2J\u202e';
  const a = { containers: [{ id: web, name, env: { MODE: 'blue' } }] };
  const b = { containers: [{ id: web, name, env: { MODE: 'gr\x1b]0;owned\x07een\nx' } }] };
  const [pa, pb] = [join(dir, 'esc-a.db'), join(dir, 'esc-b.db')];
  await writeSnapshotFile(pa, fakeSnapshot(a), { force: false });
  await writeSnapshotFile(pb, { ...fakeSnapshot(b), snapshot: { ...fakeSnapshot(b).snapshot, started_at: '2026-01-02T00:00:00.000Z' } }, { force: false });
  const pair = await runInProcess(['diff', pa, pb]);
  assert.equal(pair.stdout.split('\n')[0], '~ container web\\x1b[2J\\u202e  /env/MODE  blue → "gr\\u001b]0;owned\\u0007een\\nx"');
  const series = await runInProcess(['diff', pa, pb, pa]);
  for (const out of [pair.stdout, series.stdout, (await runInProcess(['diff', pa, pb, '--format', 'markdown'])).stdout]) {
    assert.doesNotMatch(out, /[\x1b\x07\u202e]/);
  }
  assert.match(series.stdout, /\ncontainer web\\x1b\[2J\\u202e\n {2}#2 → #3 {2}~ \/env\/MODE {2}blue → "gr\\u001b\]0;owned\\u0007een\\nx"\n/);
});
