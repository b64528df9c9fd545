import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { diffSnapshots } from '../../src/diff/index.js';
import { openSnapshot } from '../../src/open.js';
import { processListText, readProcessRecords } from '../../src/read/process-records.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';
import { runInProcess } from '../helpers/cli.js';
import { consistentBundle } from '../helpers/crafted-bundle.js';
import { buildTar, readTar } from '../helpers/tar.js';
import { captureFixture, SNAPSHOTS } from '../helpers/offline-capture.js';
import { makeSecrets, PID, secretSnapshot } from '../helpers/secret-snapshot.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-list-digests-');
const env = { XDG_CONFIG_HOME: join(dir, 'config') };

/**
 * Each list of each process as the schema describes its digest's input, built here from the rows
 * themselves: a JSON array of each row's values (the list's order key first, where it has one),
 * in the list's order; a process that is not a container's has no mounts.
 */
function expectedTexts(db: Database.Database): Map<string, string> {
  const texts = new Map<string, string>();
  const processes = db.prepare('SELECT pid, role, mnt_ns FROM processes').all() as { pid: number; role: string; mnt_ns: string }[];
  const lists: [string, string, (p: { pid: number; role: string; mnt_ns: string }) => unknown[]][] = [
    ['fds', 'SELECT fd, fd, target, kind, inode, pos, flags, mnt_id FROM process_fds WHERE pid = ? ORDER BY fd', (p) => [p.pid]],
    ['cgroups', 'SELECT hierarchy_id, controllers, path FROM process_cgroups WHERE pid = ? ORDER BY hierarchy_id DESC, controllers', (p) => [p.pid]],
    ['mounts', 'SELECT position, position, mount_id, parent_id, device, root, mount_point, mount_options, optional_fields, fs_type, source, super_options FROM mounts WHERE mnt_ns = ? AND ? ORDER BY position', (p) => [p.mnt_ns, p.role === 'container' ? 1 : 0]],
    ['namespaces', 'SELECT type, inode FROM process_namespaces WHERE pid = ? ORDER BY type', (p) => [p.pid]],
    ['limits', 'SELECT name, soft, hard, units FROM process_limits WHERE pid = ? ORDER BY name', (p) => [p.pid]],
    ['environ', 'SELECT position, name, value FROM process_environ WHERE pid = ? ORDER BY position', (p) => [p.pid]],
  ];
  for (const p of processes) {
    for (const [list, sql, params] of lists) texts.set(`${p.pid} ${list}`, JSON.stringify(db.prepare(sql).raw().all(...params(p))));
  }
  return texts;
}

function storedDigests(db: Database.Database): Map<string, string> {
  const rows = db.prepare('SELECT pid, list, sha256 FROM process_list_digests').all() as { pid: number; list: string; sha256: string }[];
  return new Map(rows.map((r) => [`${r.pid} ${r.list}`, r.sha256]));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function assertDigestsMatchRows(path: string): Map<string, string> {
  const db = new Database(path, { readonly: true });
  try {
    const texts = expectedTexts(db);
    assert.ok(texts.size > 0);
    assert.deepEqual(storedDigests(db), new Map([...texts].map(([key, text]) => [key, sha256(text)])));
    return texts;
  } finally {
    db.close();
  }
}

test("a capture stores the digest of every list of every process: the SHA-256 of the list's rows as JSON value arrays", async () => {
  const capture = await captureFixture(join(SNAPSHOTS, 'lxc-2013'), join(dir, 'lxc'));
  const texts = assertDigestsMatchRows(capture.snapshot);
  // The saved /proc gives a dockerd and a container process, each with six lists; it holds fds,
  // cgroups and namespaces of both, mounts of the container's namespace, and no limits or environ.
  assert.equal(texts.size, 12);
  assert.deepEqual([...texts].filter(([, text]) => text !== '[]').map(([key]) => key.split(' ')[1]).sort(), ['cgroups', 'cgroups', 'fds', 'fds', 'mounts', 'namespaces', 'namespaces']);
});

test('a changed environment value changes the digest of that list alone, and the diff reports the change', async () => {
  const secrets = makeSecrets();
  const before = join(dir, 'env-before.db');
  const after = join(dir, 'env-after.db');
  const content = secretSnapshot(secrets);
  await writeSnapshotFile(before, content, { force: false });
  const environ = (content.process_environ ?? []).map((row) => (row.name === 'PATH' ? { ...row, value: `${row.value}:/opt/new` } : row));
  assert.ok(environ.some((row) => row.value?.endsWith(':/opt/new')), 'the fixture process has a PATH');
  await writeSnapshotFile(after, { ...content, process_environ: environ }, { force: false });
  const digestsBefore = assertDigestsMatchRows(before);
  assertDigestsMatchRows(after);
  const readDigests = (path: string) => {
    const db = new Database(path, { readonly: true });
    const digests = storedDigests(db);
    db.close();
    return digests;
  };
  const a = readDigests(before);
  const b = readDigests(after);
  assert.equal(a.size, digestsBefore.size);
  assert.deepEqual([...a.keys()].filter((key) => a.get(key) !== b.get(key)), [`${PID} environ`]);

  const snapshotA = await openSnapshot(before);
  const snapshotB = await openSnapshot(after);
  try {
    const changes = diffSnapshots(snapshotA, snapshotB).changes.map((c) => [c.entity_kind, c.path, c.old, c.new]);
    const path = content.process_environ?.find((row) => row.name === 'PATH')?.value;
    assert.deepEqual(changes, [['process', '/environ/PATH', path, `${path}:/opt/new`]]);
  } finally {
    snapshotA.close();
    snapshotB.close();
  }
});

test('an exported bundle holds the digests of its redacted lists, and none of the lists as captured', async () => {
  const secrets = makeSecrets();
  const source = join(dir, 'secrets.db');
  await writeSnapshotFile(source, secretSnapshot(secrets), { force: false });
  const original = assertDigestsMatchRows(source);
  const bundle = join(dir, 'secrets.tar.gz');
  const exported = await runInProcess(['export', source, '-o', bundle], env);
  assert.equal(exported.code, 0, exported.stderr);
  const imported = join(dir, 'secrets-imported.db');
  assert.equal((await runInProcess(['import', bundle, '-o', imported], env)).code, 0);
  const redacted = assertDigestsMatchRows(imported);
  assert.notEqual(redacted.get(`${PID} environ`), original.get(`${PID} environ`), 'the environment was redacted');
  const db = new Database(imported, { readonly: true });
  const stored = new Set((db.prepare('SELECT sha256 FROM process_list_digests').pluck().all() as string[]));
  db.close();
  assert.equal(stored.has(sha256(original.get(`${PID} environ`)!)), false, 'the digest of the captured environment is gone');
});

test('a version-4 file (no digests) and a current file of the same capture diff as equal, either way round', async () => {
  const capture = await captureFixture(join(SNAPSHOTS, 'lxc-2013'), join(dir, 'lxc-v4'));
  const older = join(dir, 'lxc-v4.db');
  copyFileSync(capture.snapshot, older);
  const edit = new Database(older);
  edit.exec('DROP TABLE process_list_digests');
  edit.prepare('UPDATE snapshot SET schema_version = 4').run();
  edit.pragma('user_version = 4');
  edit.exec('VACUUM');
  edit.close();
  for (const [a, b] of [[older, capture.snapshot], [capture.snapshot, older]] as const) {
    const result = await runInProcess(['diff', a, b, '--format', 'json', '--show-runtime']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), []);
  }
  // The older file's lists are told apart by the digests the current file stores, so the diff builds none of them.
  const current = new Database(capture.snapshot, { readonly: true });
  const stored = new Map((current.prepare('SELECT pid, list, sha256 FROM process_list_digests').all() as { pid: number; list: string; sha256: string }[]).map((r) => [`${r.pid} ${r.list}`, `sha256:${r.sha256}`]));
  current.close();
  assert.ok(stored.size > 0);
  const db = await openSnapshot(older);
  try {
    const records = readProcessRecords(db, { byDigest: true });
    const told = new Map(records.flatMap((r) => ['fds', 'cgroups', 'mounts', 'namespaces', 'limits', 'environ'].map((list) => [`${r.pid} ${list}`, processListText(r, list)] as const)));
    assert.deepEqual(told, stored);
  } finally {
    db.close();
  }
});

test("a bundle whose digests are not those of its lists is refused by verify, import and show, with one line and exit 2", async () => {
  const capture = await captureFixture(join(SNAPSHOTS, 'lxc-2013'), join(dir, 'lxc-bundle'));
  const exported = join(dir, 'lxc.tar');
  assert.equal((await runInProcess(['export', capture.snapshot, '-o', exported], env)).code, 0);
  const real = await readTar(readFileSync(exported));
  const altered = (name: string, sql: string): Buffer => {
    const path = join(dir, `${name}.db`);
    writeFileSync(path, real.get('snapshot.db') ?? Buffer.alloc(0));
    const db = new Database(path);
    db.exec(sql);
    db.close();
    return readFileSync(path);
  };
  const cases: [string, string, RegExp][] = [
    // A list changed under its digest: a diff would call it equal to the captured one.
    ['row-changed', "UPDATE process_fds SET target = '/tmp/elsewhere' WHERE fd = (SELECT min(fd) FROM process_fds)", /holds a digest that is not that of the fds of process \d+/],
    ['digest-changed', `UPDATE process_list_digests SET sha256 = '${'0'.repeat(64)}' WHERE list = 'namespaces'`, /holds a digest that is not that of the namespaces of process \d+/],
    ['digest-missing', "DELETE FROM process_list_digests WHERE list = 'environ' AND pid = (SELECT max(pid) FROM processes)", /holds 11 process list digests for 12 lists/],
  ];
  for (const [name, sql, reason] of cases) {
    const bundle = join(dir, `${name}.tar`);
    writeFileSync(bundle, await buildTar(consistentBundle(real, altered(name, sql))));
    for (const args of [['verify', bundle], ['import', bundle, '-o', join(dir, `${name}-imported.db`)], ['show', bundle]]) {
      const result = await runInProcess(args, env);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^docksnap: .+ — its snapshot\.db .+\n$/, args.join(' '));
      assert.match(result.stderr, reason, args.join(' '));
    }
  }
  assert.equal((await runInProcess(['verify', exported], env)).code, 0);
});

test('a bundle with a list too large for SQLite to render as one text is refused with one line and exit 2, not an internal error', async () => {
  const capture = await captureFixture(join(SNAPSHOTS, 'lxc-2013'), join(dir, 'lxc-huge'));
  const exported = join(dir, 'lxc-huge.tar');
  assert.equal((await runInProcess(['export', capture.snapshot, '-o', exported], env)).code, 0);
  const real = await readTar(readFileSync(exported));
  const path = join(dir, 'huge.db');
  writeFileSync(path, real.get('snapshot.db') ?? Buffer.alloc(0));
  const db = new Database(path);
  // 90 MiB of U+0001, which JSON writes as \u0001: six times that as one list's text, past SQLite's limit.
  const changed = db.prepare("UPDATE process_fds SET target = replace(hex(zeroblob(?)), '00', char(1)) WHERE (pid, fd) = (SELECT pid, fd FROM process_fds LIMIT 1)").run(90 * 2 ** 20).changes;
  db.close();
  assert.equal(changed, 1);
  const bundle = join(dir, 'huge.tar');
  writeFileSync(bundle, await buildTar(consistentBundle(real, readFileSync(path))));
  for (const args of [['verify', bundle], ['show', bundle]]) {
    const result = await runInProcess(args, env);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /^docksnap: .+ — its snapshot\.db holds process lists too large to check \(string or blob too big\)\n$/, args.join(' '));
  }
});

test('records read by digest hold the same lists as records read whole, whether a few or many processes are asked', async () => {
  // More processes than are read one by one (32), each with lists of its own, and containers sharing a mount namespace.
  const pids = Array.from({ length: 45 }, (_, i) => 1000 + i);
  const role = (pid: number) => (pid % 3 === 0 ? 'shim' : 'container');
  const path = join(dir, 'many.db');
  await writeSnapshotFile(path, {
    ...minimalSnapshot(),
    processes: pids.map((pid) => ({
      pid, start_time: pid * 10, ppid: 1, role: role(pid), container_id: null, comm: 'sh', cmdline: Buffer.from('sh\0'), argv: '["sh"]', exe: '/bin/sh', cwd: '/', root: '/',
      state: 'S', uids: '0 0 0 0', gids: '0 0 0 0', threads: 1, vm_rss_kib: pid, nspid: `${pid}`, oom_score_adj: 0, net_ns: null, mnt_ns: `mnt:[${pid % 4}]`, engine_id: null,
    })),
    process_fds: pids.flatMap((pid) => Array.from({ length: pid % 5 }, (_, fd) => ({ pid, fd: 9 - fd, target: `/tmp/${pid}-${fd}`, kind: 'file', inode: pid + fd, pos: fd, flags: '02', mnt_id: 1 }))),
    process_environ: pids.flatMap((pid) => [{ pid, position: 0, name: 'PID', value: `${pid}` }, { pid, position: 1, name: 'EMPTY', value: null }]),
    process_limits: pids.filter((pid) => pid % 2 === 0).map((pid) => ({ pid, name: 'Max open files', soft: '1024', hard: `${pid}`, units: 'files' })),
    process_namespaces: pids.map((pid) => ({ pid, type: 'mnt', inode: pid % 4 })),
    process_cgroups: pids.map((pid) => ({ pid, hierarchy_id: 0, controllers: '', path: `/c/${pid}` })),
    mounts: [0, 1, 2, 3].flatMap((ns) => [1, 0].map((position) => ({
      mnt_ns: `mnt:[${ns}]`, position, mount_id: 10 + position, parent_id: 1, device: '0:1', root: '/', mount_point: `/m${position}`, mount_options: 'rw', optional_fields: '', fs_type: 'tmpfs', source: 'tmpfs', super_options: 'rw',
    }))),
  }, { force: false });
  assertDigestsMatchRows(path);
  const db = await openSnapshot(path);
  try {
    const whole = readProcessRecords(db);
    const lists = ['fds', 'cgroups', 'mounts', 'namespaces', 'limits', 'environ'] as const;
    for (const asked of [3, pids.length]) {
      const byDigest = readProcessRecords(db, { byDigest: true });
      for (const list of lists) {
        for (let i = 0; i < asked; i++) assert.deepEqual(byDigest[i]?.[list], whole[i]?.[list], `${list} of process ${i}`);
      }
    }
    assert.deepEqual(whole.find((p) => p.pid === 1004)?.fds.map((f) => f.fd), [6, 7, 8, 9]);
    assert.deepEqual(whole.find((p) => p.pid === 1001)?.mounts.map((m) => m.mount_point), ['/m0', '/m1']);
    assert.deepEqual(whole.find((p) => p.pid === 1002)?.mounts, [], 'a shim has no mounts of its own');
  } finally {
    db.close();
  }
});
