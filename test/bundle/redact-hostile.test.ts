/**
 * Items 10–17 of issue #10: secrets a red-team run found in redacted bundles. Each item has a
 * focused test, and one bundle exported from a snapshot holding all of them is scanned byte by
 * byte (the gunzipped tar, snapshot.db with every page) for every secret.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { redactJsonText } from '../../src/bundle/redact-json.js';
import { planRewrites } from '../../src/bundle/redact-rows.js';
import { redactCmdline, redactLogTail } from '../../src/bundle/redact-bytes.js';
import { redactArgv, redactText } from '../../src/bundle/redact-text.js';
import { createRedactor } from '../../src/bundle/redactor.js';
import { parseHosts } from '../../src/collect/docker-root/etc-files.js';
import { writeSnapshotFile, type SnapshotContent } from '../../src/store/write.js';
import { sha256Hex } from '../../src/util/hash.js';
import { runInProcess } from '../helpers/cli.js';
import { CONTAINER_ID, makeSecrets, secretSnapshot, secretValues } from '../helpers/secret-snapshot.js';
import { readTar } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';

const redactor = () => createRedactor(Buffer.from('0123456789abcdef0123456789abcdef'));
const piece = (prefix: string) => `${prefix}${randomBytes(6).toString('hex')}`;

/** The secrets of items 10–16; each is a list of pieces, none of which may survive. */
const hostile = {
  commandPassword: piece('cmdpw'),
  pemBody: [piece('PemLineOne'), piece('PemLineTwo')],
  cutPemBody: [piece('CutPemOne'), piece('CutPemTwo')],
  utf8Secret: piece('u8s'),
  atPassword: [piece('at'), piece('x')],
  slashPassword: [piece('wJalr'), piece('sl')],
  spacedPassword: [piece('horse'), piece('staple')],
  semicolonPassword: [piece('semi'), piece('colon')],
  mysqlPassword: piece('my'),
  curlPassword: piece('curl'),
};

const allPieces = (): string[] => Object.values(hostile).flat();

function assertNoSecret(label: string, haystack: string | Buffer, secrets: readonly string[]): void {
  for (const secret of secrets) assert.ok(!haystack.includes(secret), `${label} still holds ${secret}`);
}

test('item 10: --password X inside the Command string of the /containers/json listing', () => {
  const listing = JSON.stringify([{ Id: CONTAINER_ID, Command: `/app/server --password ${hostile.commandPassword} --listen :80`, Names: ['/web'] }]);
  const out = redactJsonText(listing, redactor());
  assertNoSecret('listing', out, [hostile.commandPassword]);
  assert.match((JSON.parse(out) as { Command: string }[])[0]?.Command ?? '', /^\/app\/server --password REDACTED:[0-9a-f]{12} --listen :80$/);
  const quoted = redactText(`sh -c "exec /app/server --db-password '${hostile.commandPassword} x'"`, redactor());
  assertNoSecret('a quoted command line', quoted, [hostile.commandPassword]);
});

const pemBlock = (body: readonly string[]) => ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'];
const hostsText = `127.0.0.1\tlocalhost\n${pemBlock(hostile.pemBody).join('\n')}\n`;

test('item 11: a key appended to /etc/hosts leaves no hosts tokens behind in files.parsed', async () => {
  const { members } = await exportBundle();
  const db = new Database(present(members.get('snapshot.db')), { readonly: true });
  const row = db.prepare("SELECT content, parsed FROM files WHERE role = 'hosts'").get() as { content: Buffer; parsed: string };
  db.close();
  assertNoSecret('files.content', row.content, hostile.pemBody);
  assertNoSecret('files.parsed', row.parsed, hostile.pemBody);
  assert.deepEqual(JSON.parse(row.parsed), parseHosts(row.content.toString()), 'parsed is the parse of the redacted bytes');
});

const record = (log: string, second: number) => JSON.stringify({ log, stream: 'stdout', time: `2026-01-01T00:00:0${second}Z` });

/** A json-file tail cut inside a key block (its BEGIN line is before the tail) and inside a UTF-8 character. */
function hostileLogTail(): Buffer {
  const lines = [
    `${hostile.cutPemBody[0]}\\n","stream":"stdout","time":"2026-01-01T00:00:00Z"}`,
    record(`${hostile.cutPemBody[1]}\n`, 1),
    record('-----END RSA PRIVATE KEY-----\n', 2),
    record(`login password=abc\u00e0${hostile.utf8Secret}\n`, 3),
    record('ready\n', 4),
    '',
  ];
  // The tail starts with the last byte of a two-byte character: the first line is not valid UTF-8.
  return Buffer.concat([Buffer.from([0xa0]), Buffer.from(lines.join('\n'))]);
}

test('item 12: a tail that starts inside a key block is redacted up to its END line', () => {
  const out = redactLogTail(hostileLogTail(), redactor());
  assertNoSecret('log tail', out, hostile.cutPemBody);
  assert.ok(!out.includes('-----END RSA PRIVATE KEY-----'), 'the END line goes too');
  assert.ok(out.toString('utf8').includes('"log":"ready\\n"'), 'lines after the block are kept');
});

test('item 13: a tail that starts inside a UTF-8 character is decoded line by line; no byte cuts a secret short', () => {
  const tail = hostileLogTail();
  const out = redactLogTail(tail, redactor());
  assertNoSecret('log tail', out, [hostile.utf8Secret]);
  const stray = Buffer.concat([Buffer.from([0xa0]), Buffer.from(`cut\n${record('password=x\n', 1)}\n`)]);
  assert.deepEqual(redactLogTail(stray, redactor()).subarray(0, 5), stray.subarray(0, 5), 'a stray byte is kept as it was');
  const latinCase = Buffer.concat([Buffer.from([0xe2, 0x82]), Buffer.from(`\npassword=abc\u00e0${hostile.utf8Secret} more\n`)]);
  assertNoSecret('text after a cut character', redactLogTail(latinCase, redactor()), [hostile.utf8Secret]);
  const cmdline = Buffer.concat([Buffer.from('app\0--password\0'), Buffer.from([0xff]), Buffer.from(`\u00e0${hostile.utf8Secret}\0`)]);
  const redactedCmdline = redactCmdline(cmdline, redactor());
  assertNoSecret('cmdline', redactedCmdline, [hostile.utf8Secret]);
  assert.match(redactedCmdline.toString('latin1'), /^app\0--password\0REDACTED:[0-9a-f]{12}\0$/);
});

const atUrl = `postgres://admin:${hostile.atPassword[0]}@${hostile.atPassword[1]}@db/app`;
const slashUrl = `s3://AKID:${hostile.slashPassword[0]}/${hostile.slashPassword[1]}@bucket`;

test('item 14: URL passwords holding @ or / are replaced whole, in text, labels, JSON and logs', () => {
  for (const url of [atUrl, slashUrl]) {
    const out = redactText(`connect ${url} now`, redactor());
    assertNoSecret(url, out, [...hostile.atPassword, ...hostile.slashPassword]);
    assert.match(out, /^connect [a-z0-9]+:\/\/(admin|AKID):REDACTED:[0-9a-f]{12}@(db\/app|bucket) now$/);
    assertNoSecret('JSON', redactJsonText(JSON.stringify({ DatabaseUrl: url, nested: [url] }), redactor()), [...hostile.atPassword, ...hostile.slashPassword]);
    assertNoSecret('log', redactLogTail(Buffer.from(`${record(`dial ${url}\n`, 1)}\n`), redactor()), [...hostile.atPassword, ...hostile.slashPassword]);
  }
});

test('item 15: a secret value runs to the end of its line or its closing quote', () => {
  const spaced = `password=${hostile.spacedPassword.join(' ')}`;
  const semicolon = `db_password=${hostile.semicolonPassword.join(';')}`;
  for (const text of [spaced, semicolon, `${spaced}\nnext line`, `x "${semicolon}" y`]) {
    assertNoSecret(text, redactText(text, redactor()), [...hostile.spacedPassword, ...hostile.semicolonPassword]);
  }
  assert.equal(redactText(`user=bob ${spaced}\nkept=yes`, redactor()).split('\n')[1], 'kept=yes', 'the next line is not part of the value');
  assert.match(redactText(`{"password": "${hostile.spacedPassword.join(' ')}", "user": "bob"}`, redactor()), /"password": "REDACTED:[0-9a-f]{12}", "user": "bob"/);
});

test('item 16: mysql -pSECRET and curl -u user:SECRET, as argv and as command strings', () => {
  const argv = redactArgv(['mysql', '-uroot', `-p${hostile.mysqlPassword}`, 'app'], redactor());
  assert.deepEqual(argv.map((a) => a.replace(/REDACTED:[0-9a-f]{12}/, 'R')), ['mysql', '-uroot', '-pR', 'app']);
  const curl = redactArgv(['/usr/bin/curl', '-u', `admin:${hostile.curlPassword}`, 'https://x'], redactor());
  assert.deepEqual(curl.map((a) => a.replace(/REDACTED:[0-9a-f]{12}/, 'R')), ['/usr/bin/curl', '-u', 'admin:R', 'https://x']);
  const text = `docker exec db mysqldump -p${hostile.mysqlPassword} app; curl --user admin:${hostile.curlPassword} http://x`;
  assertNoSecret('command string', redactText(text, redactor()), [hostile.mysqlPassword, hostile.curlPassword]);
  assertNoSecret('sh -c', redactText(`sh -c 'mysql -p${hostile.mysqlPassword}'`, redactor()), [hostile.mysqlPassword]);
  const kept = ['mkdir', '-p', '/x', 'docker', 'run', '-p', '8080:80', '-u', '1000:1000', 'img'];
  assert.deepEqual(redactArgv(kept, redactor()), kept, '-p and -u of other programs are kept');
});

/** The secret snapshot of the export tests plus every secret of items 10–16, in the places the red-team run found them. */
const baseSecrets = makeSecrets();

function fileRow(id: number, role: string, text: string, parsed: unknown) {
  const content = Buffer.from(text);
  return { id, container_id: CONTAINER_ID, role, path: `/var/lib/docker/containers/${CONTAINER_ID}/${role}`, size: content.length, mode: 0o644, mtime: '2026-01-01T00:00:00.000Z', sha256: sha256Hex(content), content, parsed: JSON.stringify(parsed) };
}

function hostileSnapshot(): SnapshotContent {
  const base = secretSnapshot(baseSecrets);
  const [container] = base.containers ?? [];
  const [log] = base.container_logs ?? [];
  assert.ok(container && log);
  const listing = [{ Id: CONTAINER_ID, Command: `/app/server --password ${hostile.commandPassword}`, Labels: { 'db.url': atUrl } }];
  const argv = ['sh', '-c', `mysql -p${hostile.mysqlPassword} app && curl -u admin:${hostile.curlPassword} http://x`];
  const tail = hostileLogTail();
  return {
    ...base,
    containers: [{ ...container, args: JSON.stringify(argv.slice(1)), path: 'sh' }],
    container_labels: [...(base.container_labels ?? []), { container_id: CONTAINER_ID, key: 'backup.target', value: slashUrl }],
    container_env: [...(base.container_env ?? []), { container_id: CONTAINER_ID, position: 9, name: 'PATH', value: `/bin ${`password=${hostile.spacedPassword.join(' ')}`}` }],
    container_logs: [{ ...log, tail, tail_offset: log.size - tail.length }],
    files: [
      ...(base.files ?? []).filter((f) => f.role !== 'hosts'),
      fileRow(4, 'hosts', hostsText, parseHosts(hostsText)),
      fileRow(5, 'hostconfig.json', JSON.stringify({ Note: `db_password=${hostile.semicolonPassword.join(';')}` }), { Note: `db_password=${hostile.semicolonPassword.join(';')}` }),
    ],
    api_responses: [...(base.api_responses ?? []), { endpoint: '/containers/json?all=1', body: JSON.stringify(listing) }],
  };
}

const dir = tempDir('docksnap-redact-hostile-');
const source = join(dir, 'hostile.db');
await writeSnapshotFile(source, hostileSnapshot(), { force: false });
let exported: Promise<{ tar: Buffer; members: Map<string, Buffer> }> | undefined;

function exportBundle(): Promise<{ tar: Buffer; members: Map<string, Buffer> }> {
  exported ??= (async () => {
    const output = join(dir, 'hostile.tar.gz');
    const result = await runInProcess(['export', source, '-o', output], { XDG_CONFIG_HOME: join(dir, 'config') });
    assert.equal(result.code, 0, result.stderr);
    const tar = gunzipSync(readFileSync(output));
    return { tar, members: await readTar(tar) };
  })();
  return exported;
}

function present(db: Buffer | undefined): Buffer {
  assert.ok(db);
  return db;
}

test('the source snapshot holds every secret of items 10–16 as captured', () => {
  const raw = readFileSync(source);
  for (const secret of allPieces()) assert.ok(raw.includes(secret), `the fixture holds ${secret}`);
});

test('a bundle exported from it holds none of them anywhere in its bytes, free pages included', async () => {
  const { tar, members } = await exportBundle();
  assertNoSecret('the gunzipped bundle', tar, [...allPieces(), ...secretValues(baseSecrets)]);
  const db = members.get('snapshot.db');
  assert.ok(db && db.length > 0);
  assertNoSecret('snapshot.db', db, allPieces());
  assertNoSecret('summary.md', members.get('summary.md') ?? Buffer.alloc(0), allPieces());
});

test('a text column kept as raw bytes is redacted by the same rule as its text', () => {
  const rewrite = planRewrites({ redact: redactor(), logs: true }).find((r) => r.table === 'process_environ');
  assert.ok(rewrite);
  const changes = rewrite.rewrite({ pid: 1, position: 0, name: 'DB_URL', value: Buffer.concat([Buffer.from(atUrl), Buffer.from([0xff])]) });
  const value = changes?.['value'];
  assert.ok(Buffer.isBuffer(value), 'bytes stay bytes');
  assert.match(value.toString('latin1'), /^REDACTED:[0-9a-f]{12}$/);
});
