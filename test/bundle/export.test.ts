import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { keyFingerprint } from '../../src/bundle/redactor.js';
import { readPageStats } from '../../src/store/pages.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { sha256Hex } from '../../src/util/hash.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { makeSecrets, secretSnapshot, secretValues } from '../helpers/secret-snapshot.js';
import { readTar } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-export-');
const env = { XDG_CONFIG_HOME: join(dir, 'config') };
const secrets = makeSecrets();
const source = join(dir, 'source.db');
await writeSnapshotFile(source, secretSnapshot(secrets), { force: false });

function includes(haystack: Buffer, needle: string): boolean {
  return haystack.includes(Buffer.from(needle));
}

async function exportTo(name: string, ...flags: string[]) {
  const output = join(dir, name);
  const result = await runInProcess(['export', source, '-o', output, ...flags], env);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${output}\n`);
  const members = await readTar(readFileSync(output));
  return { output, result, members, manifest: JSON.parse(members.get('manifest.json')?.toString() ?? '') as Record<string, any> };
}

function dbFrom(members: Map<string, Buffer>, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, members.get('snapshot.db') ?? Buffer.alloc(0));
  return path;
}

test('the source holds every secret; the redacted bundle holds none, in the tar or in any page of snapshot.db', async () => {
  const raw = readFileSync(source);
  assert.ok(secretValues(secrets).filter((s) => !s.startsWith('-----')).every((s) => includes(raw, s)));
  const { output, members } = await exportTo('redacted.tar');
  assert.deepEqual([...members.keys()], ['manifest.json', 'snapshot.db', 'summary.md', 'SHA256SUMS']);
  const tar = readFileSync(output);
  const db = members.get('snapshot.db') ?? Buffer.alloc(0);
  for (const secret of secretValues(secrets)) {
    assert.ok(!includes(tar, secret), `tar holds ${secret}`);
    for (let offset = 0; offset < db.length; offset += 4096) assert.ok(!includes(db.subarray(offset, offset + 4096), secret), `page at ${offset} holds ${secret}`);
  }
  const stats = readPageStats(dbFrom(members, 'redacted.db'));
  assert.equal(stats.freelistCount, 0);
  assert.equal(stats.pageCount * stats.pageSize, db.length);
});

test('the manifest matches its schema and names the capture, the redaction and every member', async () => {
  const { members, manifest } = await exportTo('manifest.tar.gz');
  assertMatchesSchema('bundle-manifest.schema.json', manifest);
  const key = readFileSync(join(env.XDG_CONFIG_HOME, 'docksnap', 'redact.key'));
  assert.equal(statSync(join(env.XDG_CONFIG_HOME, 'docksnap', 'redact.key')).mode & 0o777, 0o600);
  assert.deepEqual(manifest['redaction'], { enabled: true, rules_version: '2', key_fingerprint: keyFingerprint(key.subarray(0, 64)), values_replaced: manifest['redaction'].values_replaced });
  assert.ok(manifest['redaction'].values_replaced >= 20);
  assert.equal(manifest['log_tails'], 'included');
  assert.deepEqual(manifest['snapshot'], {
    host_name: 'testhost', boot_id: '00000000-0000-0000-0000-000000000000', kernel_release: '6.1.0-test', mode: 'live',
    started_at: '2026-01-01T00:00:00.000Z', finished_at: '2026-01-01T00:00:01.000Z', docker_version: '26.1.5', tool_version: '0.0.0-test',
  });
  assert.equal(manifest['counts'].containers, 1);
  assert.equal(manifest['counts'].container_env, 4);
  assert.equal(manifest['counts'].process_environ, 6);
  for (const member of manifest['members'] as { name: string; size: number; sha256: string }[]) {
    assert.equal(members.get(member.name)?.length, member.size);
    assert.equal(sha256Hex(members.get(member.name) ?? ''), member.sha256);
  }
  assert.ok(!JSON.stringify(manifest).includes(key.toString().trim()), 'the key itself is never written');
});

test('SHA256SUMS checks with sha256sum -c, and the gzip bundle holds the same members', async () => {
  const { output, members } = await exportTo('sums.tgz');
  assert.deepEqual([...gunzipSync(readFileSync(output)).subarray(257, 262)], [...Buffer.from('ustar')]);
  const out = join(dir, 'sums');
  mkdirSync(out);
  for (const [name, bytes] of members) writeFileSync(join(out, name), bytes);
  const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  assert.equal(check.stdout, 'manifest.json: OK\nsnapshot.db: OK\nsummary.md: OK\n');
});

test('summary.md shows host, Docker version, containers, listening ports and capture errors, redacted', async () => {
  const { members } = await exportTo('summary.tar');
  const summary = members.get('summary.md')?.toString() ?? '';
  assert.match(summary, /^# docksnap bundle: testhost\n/);
  assert.match(summary, /\| Docker version \| 26\.1\.5 \|/);
  assert.match(summary, /\| web \| c0ffee000000 \| running \| docksnap-test\/busybox:latest \| 4242 \|/);
  assert.match(summary, /\| tcp \| 127\.0\.0\.1 \| 8080 \| 4242 \| server \| web \|/);
  assert.match(summary, /\| api \| GET \/info \| https:\/\/admin:REDACTED:[0-9a-f]{12}@registry\.example\/v2\/ \|/);
  assert.ok(!summary.includes(secrets.urlPassword));
});

test('redacted files keep size and sha256 consistent with their redacted content, and unchanged files keep theirs', async () => {
  const { members } = await exportTo('files.tar');
  const db = new Database(dbFrom(members, 'files.db'), { readonly: true });
  const rows = db.prepare('SELECT role, size, sha256, content, parsed FROM files ORDER BY id').all() as { role: string; size: number; sha256: string; content: Buffer; parsed: string | null }[];
  db.close();
  const original = secretSnapshot(secrets).files ?? [];
  for (const row of rows) {
    assert.equal(row.size, row.content.length, row.role);
    assert.equal(row.sha256, sha256Hex(row.content), row.role);
    if (row.role !== 'hosts') assert.deepEqual(JSON.parse(row.parsed ?? 'null'), JSON.parse(row.content.toString()), `${row.role}: parsed follows content`);
  }
  const hostsEntries = { entries: [{ address: '127.0.0.1', names: ['localhost'] }, { address: '::1', names: ['localhost', 'ip6-localhost'] }] };
  assert.deepEqual(JSON.parse(rows.find((r) => r.role === 'hosts')?.parsed ?? 'null'), hostsEntries, 'hosts: parsed from its bytes');
  const hosts = rows.find((r) => r.role === 'hosts');
  assert.equal(hosts?.sha256, original.find((f) => f.role === 'hosts')?.sha256, 'a file without secrets keeps the sha256 of the file on disk');
});

test('the same key redacts equal values equally across bundles; another key differently', async () => {
  const a = await exportTo('same-a.tar');
  const b = await exportTo('same-b.tar');
  const envValue = (members: Map<string, Buffer>, name: string) => {
    const db = new Database(dbFrom(members, name), { readonly: true });
    const row = db.prepare("SELECT value FROM container_env WHERE name = 'API_TOKEN'").get() as { value: string };
    db.close();
    return row.value;
  };
  assert.equal(envValue(a.members, 'same-a.db'), envValue(b.members, 'same-b.db'));
  const keyFile = join(dir, 'other.key');
  writeFileSync(keyFile, 'another-key-of-enough-bytes\n', { mode: 0o600 });
  const c = await exportTo('other-key.tar', '--redact-key-file', keyFile);
  assert.notEqual(envValue(c.members, 'other.db'), envValue(a.members, 'same-a.db'));
  assert.equal(c.manifest['redaction'].key_fingerprint, keyFingerprint(Buffer.from('another-key-of-enough-bytes')));
});

test('--no-redact warns on stderr, is recorded in the manifest and keeps values as captured', async () => {
  const { result, members, manifest } = await exportTo('raw.tar', '--no-redact');
  assert.match(result.stderr, /^docksnap: warning — --no-redact: .+\n/);
  assert.deepEqual(manifest['redaction'], { enabled: false, rules_version: null, key_fingerprint: null, values_replaced: null });
  assert.ok(includes(members.get('snapshot.db') ?? Buffer.alloc(0), secrets.apiToken));
  assert.match(members.get('summary.md')?.toString() ?? '', /\| Redaction \| OFF: exported with --no-redact/);
});

test('--no-logs empties every log tail and keeps the log path and size', async () => {
  const { members, manifest } = await exportTo('nologs.tar', '--no-logs');
  assert.equal(manifest['log_tails'], 'omitted');
  const db = new Database(dbFrom(members, 'nologs.db'), { readonly: true });
  assert.deepEqual(db.prepare('SELECT length(tail) AS n, tail_offset, size FROM container_logs').all(), [{ n: 0, tail_offset: 10000, size: 10000 }]);
  db.close();
  assert.ok(!includes(members.get('snapshot.db') ?? Buffer.alloc(0), 'starting with password'));
});

test('export refuses an existing output without --force, a non-snapshot and a short key file, exit 2', async () => {
  const existing = join(dir, 'exists.tar');
  writeFileSync(existing, 'keep me');
  const notSnapshot = join(dir, 'text.db');
  writeFileSync(notSnapshot, 'not sqlite');
  const shortKey = join(dir, 'short.key');
  writeFileSync(shortKey, 'short', { mode: 0o600 });
  for (const [args, reason] of [
    [['export', source, '-o', existing], /already exists; use --force/],
    [['export', notSnapshot, '-o', join(dir, 'x.tar')], /not a SQLite database/],
    [['export', source, '-o', join(dir, 'y.tar'), '--redact-key-file', shortKey], /at least 16 bytes/],
  ] as const) {
    const result = await runInProcess(args, env);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, reason);
  }
  assert.equal(readFileSync(existing, 'utf8'), 'keep me');
  assert.ok(!readdirSync(dir).some((name) => name === 'x.tar' || name === 'y.tar' || name.endsWith('.tmp')));
});
