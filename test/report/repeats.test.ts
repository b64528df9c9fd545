/**
 * What keeps the report of a big host small: a pipe shared by a daemon and every shim lists a few
 * peers, an environment or limits that repeat those of a process already shown link to it, and a
 * file shows its first 1024 characters (as element text: quotes kept, markup escaped).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeSnapshot, hexId } from '../diff/synthetic.js';

const dir = tempDir('docksnap-report-repeats-');
const SHIMS = 12;
const shimPids = Array.from({ length: SHIMS }, (_, i) => 500 + i);
// fakeSnapshot derives a container's pid from the first two characters of its name.
const names = Array.from({ length: SHIMS }, (_, i) => `${String.fromCharCode(97 + i)}-web`);
const base = fakeSnapshot({ containers: names.map((name) => ({ id: hexId(name), name })) });
const daemon = (pid: number, role: string, comm: string, containerId: string | null) => ({
  pid, start_time: pid, ppid: 1, role, container_id: containerId, comm, cmdline: Buffer.from(`${comm}\u0000`), argv: JSON.stringify([comm]),
  exe: `/usr/bin/${comm}`, cwd: '/', root: '/', state: 'S', uids: '0 0 0 0', gids: '0 0 0 0', threads: 4, vm_rss_kib: 1000, nspid: `${pid}`,
  oom_score_adj: 0, net_ns: null, mnt_ns: 'mnt:[4026531840]', engine_id: null,
});
const SHARED_PIPE = 777;
const environ = (pid: number) => ['PATH=/usr/bin', 'GRPC_GO_LOG=error', 'TMPDIR=/var/tmp'].map((entry, position) => {
  const [name, value] = entry.split('=') as [string, string];
  return { pid, position, name, value, raw: null };
});
const limits = (pid: number) => [{ pid, name: 'Max open files', soft: '1048576', hard: '1048576', units: 'files' }];
const long = `{"note": "a <b>quoted</b> & long file", "pad": "${'x'.repeat(2000)}", "tail": "END-OF-FILE-MARKER"}`;
const snapshot = {
  ...base,
  processes: [...(base.processes ?? []), daemon(100, 'dockerd', 'dockerd', null), ...shimPids.map((pid, i) => daemon(pid, 'shim', 'containerd-shim', hexId(names[i] ?? '')))],
  process_fds: [
    ...(base.process_fds ?? []),
    ...[100, ...shimPids].map((pid) => ({ pid, fd: 9, target: `pipe:[${SHARED_PIPE}]`, kind: 'pipe', inode: SHARED_PIPE, pos: 0, flags: '01', mnt_id: 1 })),
  ],
  process_environ: [100, ...shimPids].flatMap(environ),
  process_limits: [100, ...shimPids].flatMap(limits),
  files: [
    ...(base.files ?? []),
    { container_id: hexId('a-web'), role: 'config.v2.json', path: '/var/lib/docker/containers/a-web/config.v2.json', size: long.length, mode: 0o600, mtime: '2026-01-01T00:00:00.000Z', sha256: 'a'.repeat(64), content: Buffer.from(long), parsed: long },
  ],
};
const path = join(dir, 'host.db');
await writeSnapshotFile(path, snapshot, { force: false });
const { code, stdout: page, stderr } = await runInProcess(['report', path]);

test('the report of the fixture is written', () => {
  assert.equal(code, 0, stderr);
});

test('a pipe shared by dockerd and every shim lists 8 peers and counts the rest', () => {
  const shim = section(page, shimPids[0] ?? 0);
  const row = /<tr><td>9<\/td><td>pipe:\[777\]<\/td><td>(.*?)<\/td><\/tr>/.exec(shim)?.[1] ?? '';
  assert.equal([...row.matchAll(/<a href="#proc-\d+">/g)].length, 8);
  assert.match(row, new RegExp(`and ${SHIMS - 8} more processes$`), 'dockerd and the other shims: 12 peers, 8 listed');
});

test('an environment and limits already listed link to the first process that listed them', () => {
  assert.match(section(page, 100), /<td>GRPC_GO_LOG<\/td><td>error<\/td>/, 'dockerd, the first, lists them');
  for (const pid of shimPids) {
    const shim = section(page, pid);
    assert.doesNotMatch(shim, /GRPC_GO_LOG/);
    assert.match(shim, /environment: as <a href="#proc-100">100<\/a>/);
    assert.match(shim, /limits: as <a href="#proc-100">100<\/a>/);
  }
});

test("a file shows its first 1024 characters, quotes as they are, and says how to print all of it", () => {
  const summary = page.indexOf('<summary>config.v2.json');
  assert.ok(summary > 0);
  const shown = page.slice(summary, page.indexOf('</details>', summary));
  assert.match(shown, new RegExp(`the first 1024 of ${long.length} characters: docksnap cat SNAP a-web config.v2.json`));
  assert.ok(shown.includes('<pre>{"note": "a &lt;b&gt;quoted&lt;/b&gt; &amp; long file", "pad": "xxx'), 'quotes kept, markup escaped');
  assert.ok(!shown.includes('END-OF-FILE-MARKER'));
  const text = /<pre>([^]*?)<\/pre>/.exec(shown)?.[1] ?? '';
  assert.equal(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'), long.slice(0, 1024));
});

function section(html: string, pid: number): string {
  const start = html.indexOf(`<details class="entity" id="proc-${pid}">`);
  assert.ok(start >= 0, `process ${pid} has a section`);
  return html.slice(start, html.indexOf('</details></details>', start));
}
