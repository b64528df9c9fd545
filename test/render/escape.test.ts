import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeControl, isTerminalSafe, line } from '../../src/render/escape.js';
import { fuzzParameters } from '../helpers/fuzz.js';

test('control characters are written as visible escapes', () => {
  assert.equal(escapeControl('a\x1b]0;pwned\x07b'), 'a\\x1b]0;pwned\\x07b');
  assert.equal(escapeControl('web\nFAKE  1.2.3.4:80'), 'web\\nFAKE  1.2.3.4:80');
  assert.equal(escapeControl('\t\r\x00\x7f\x9b2J'), '\\t\\r\\x00\\x7f\\x9b2J');
  assert.equal(escapeControl('evil\u202Etxt.exe\u2028'), 'evil\\u202etxt.exe\\u2028');
});

test('printable text, backslashes and non-ASCII letters are kept', () => {
  for (const text of ['/var/lib/docker', 'C:\\path\\n', 'café ñ 日本 🐳', '"quoted"', '']) assert.equal(escapeControl(text), text);
});

test('the line tag escapes values and keeps the literal parts', () => {
  const name = 'web\x1b[2J\nroot';
  assert.equal(line`container ${name}  pid ${42}\n`, 'container web\\x1b[2J\\nroot  pid 42\n');
  assert.equal(line`${null} ${undefined}`, 'null undefined');
});

test('for any string: the escaped form is terminal-safe, escaping twice changes nothing, and safe text is kept', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      const escaped = escapeControl(text);
      assert.ok(isTerminalSafe(escaped));
      assert.equal(escapeControl(escaped), escaped);
      if (isTerminalSafe(text)) assert.equal(escaped, text);
    }),
    fuzzParameters(500),
  );
});
