/** compare's Markdown and HTML: the same differences as the text, host data escaped (a container named like markup stays text). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { escapeHtml } from '../../src/render/html.js';
import { REPORT_CSP } from '../../src/render/report-page.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeSnapshot, hexId } from '../diff/synthetic.js';

const dir = tempDir('docksnap-compare-render-');
const HOSTILE = '<script>alert(1)</script>|`x`';
for (const [i, name] of ['a', 'b', 'c'].entries()) {
  const containers = [
    { id: hexId(`web-${name}`), name: 'web', pid: 1000 + i, memory: name === 'c' ? 1048576 : 0 },
    ...(name === 'c' ? [{ id: hexId('bad-c'), name: HOSTILE, pid: 1500 }] : []),
  ];
  await writeSnapshotFile(join(dir, `${name}.db`), fakeSnapshot({ host: name, boot: name, containers }), { force: false });
}
const paths = ['a', 'b', 'c'].map((n) => join(dir, `${n}.db`));

test('markdown: the hosts table in rank order, then a table of each odd host\'s differences; pipes and markup escaped', async () => {
  const result = await runInProcess(['compare', ...paths, '--format', 'markdown']);
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], '# docksnap compare');
  assert.deepEqual(lines.filter((l) => /^\| \d+ \| /.test(l)).map((l) => l.split(' | ').slice(0, 3).join(' | ')), ['| 1 | c | 2', '| 2 | a | 0', '| 3 | b | 0']);
  assert.ok(lines.includes('## c: 2 differences'), result.stdout);
  assert.ok(lines.includes('| ~ | container web | `/HostConfig/Memory` | `1048576` | majority 0 on 2 of 3 hosts |'), result.stdout);
  assert.ok(lines.includes('| + | container &lt;script>alert(1)&lt;/script>\\|`x` |  |  | on 1 of 3 hosts |'), result.stdout);
});

test('html: one self-contained page under the report CSP, the odd host first and linked, host data escaped', async () => {
  const result = await runInProcess(['compare', ...paths, '--format', 'html']);
  assert.equal(result.code, 1, result.stderr);
  const page = result.stdout;
  assert.ok(page.includes(`content="${escapeHtml(REPORT_CSP)}"`));
  assert.ok(page.includes('<td>1</td><td><a href="#host-0">c</a></td><td>2</td>'), 'c ranked first and linked to its block');
  assert.ok(page.includes('id="host-0"'));
  assert.equal(page.includes('<script>alert(1)'), false);
  assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(page.includes('<td>/HostConfig/Memory</td><td>1048576</td><td>majority 0 on 2 of 3 hosts</td>'));
});
