import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInProcess } from '../helpers/cli.js';
import { usageMessage } from '../../src/cli/usage-message.js';

const CASES: readonly (readonly string[])[] = [
  [],
  ['nosuch'],
  ['capture', '--bogus'],
  ['show'],
  ['diff'],
  ['diff', 'a.db', 'b.db', '--format', 'xml'],
  ['export'],
  ['import'],
  ['verify'],
  ['query', 'a.db'],
];

for (const args of CASES) {
  test(`docksnap ${args.join(' ') || '(no arguments)'}: one line, the help hint once, exit 2`, async () => {
    const { code, stdout, stderr } = await runInProcess(args);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^docksnap: usage — [^\n]+\n$/);
    assert.equal(stderr.split('(see docksnap --help)').length, 2, stderr);
  });
}

test('a value outside the choices names the option, the value and the choices', async () => {
  const { stderr } = await runInProcess(['diff', 'a.db', 'b.db', '--format', 'xml']);
  assert.equal(stderr, 'docksnap: usage — --format "xml" is not one of "text", "json", "markdown" (see docksnap --help)\n');
});

test('no arguments asks for a command', async () => {
  assert.equal((await runInProcess([])).stderr, 'docksnap: usage — give a command (see docksnap --help)\n');
});

test("yargs' multi-line messages become one line, each bad argument named", () => {
  const message = 'Invalid values:\n  Argument: format, Given: "xml", Choices: "text", "json"\n  Argument: only, Given: "x", Choices: "a"';
  assert.equal(usageMessage(message), '--format "xml" is not one of "text", "json"; --only "x" is not one of "a" (see docksnap --help)');
  assert.equal(usageMessage('Unknown argument: x\nDid you mean y?'), 'Unknown argument: x Did you mean y? (see docksnap --help)');
});
