/**
 * One suite over every snapshots/<era>/ tree: the tree is copied, captured offline through the
 * CLI (with its proc/ and containerd-root/ when it has them), and `show --json` must equal the
 * show.json beside it once the volatile fields (times, tool version, where the copy lies) are
 * normalized. Nothing under the copied roots may change.
 * UPDATE_SNAPSHOTS=1 rewrites the show.json files from the current output instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOTS, captureFixture, cliJson, normalizeShow } from '../helpers/offline-capture.js';
import { assertMatchesSchema } from '../helpers/schema.js';

const ERAS = readdirSync(SNAPSHOTS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

test('there is a fixture tree per era', () => {
  assert.deepEqual(ERAS, ['docker-1.x', 'docker-29-containerd', 'lxc-2013', 'overlay2-20.10']);
});

for (const era of ERAS) {
  test(`snapshots/${era} captures offline to its show.json, and the tree is unchanged`, async () => {
    const { tree, snapshot, assertUnchanged } = await captureFixture(join(SNAPSHOTS, era));
    const show = await cliJson(['show', snapshot, '--json']);
    assertMatchesSchema('show.schema.json', show);
    const actual = normalizeShow(show, tree);
    const expectedPath = join(SNAPSHOTS, era, 'show.json');
    if (process.env['UPDATE_SNAPSHOTS'] === '1') writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
    assertUnchanged();
  });
}
