import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../helpers/tmp.js';
import { brief, diffFakes, hexId } from './synthetic.js';

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
