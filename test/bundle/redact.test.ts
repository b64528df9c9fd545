import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createRedactor } from '../../src/bundle/redactor.js';
import { redactArgv, redactEnvEntry, redactText } from '../../src/bundle/redact-text.js';
import { redactJsonText } from '../../src/bundle/redact-json.js';
import { redactCmdline, redactLogTail } from '../../src/bundle/redact-bytes.js';
import { looksSecretKey } from '../../src/bundle/secret-key.js';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const r = () => createRedactor(KEY);
/** The replacement the rules must produce for `value` under KEY. */
const R = (value: string) => `REDACTED:${createHmac('sha256', KEY).update(value).digest('hex').slice(0, 12)}`;

test('a replaced value is REDACTED:<12 hex of HMAC-SHA256(key, value)>, equal for equal values, different for others', () => {
  const redact = r();
  assert.equal(redact('s3cret'), R('s3cret'));
  assert.match(redact('s3cret'), /^REDACTED:[0-9a-f]{12}$/);
  assert.equal(redact('s3cret'), redact('s3cret'));
  assert.notEqual(redact('s3cret'), redact('s3cret2'));
  assert.notEqual(createRedactor(Buffer.from('another key of 32 bytes.........'))('s3cret'), redact('s3cret'));
  assert.equal(redact(R('x')), R('x'), 'a replacement is never replaced again');
  assert.equal(redact(''), '', 'an empty value hides nothing');
});

test('secret-looking keys, in any case and spelling, and keys that are not', () => {
  for (const key of ['API_TOKEN', 'api_token', 'Password', 'db.password', 'clientSecret', 'PGPASSWORD', 'MYSQL_ROOT_PASSWORD', 'auths', 'AWS_ACCESS_KEY_ID', 'x-api-key', 'GITHUB_TOKEN', 'Authorization']) {
    assert.ok(looksSecretKey(key), key);
  }
  for (const key of ['PATH', 'bypass', 'compass', 'tokenizer', 'author', 'password-file', 'TOKEN_TTL', 'owner', 'log-level', 'passenger']) {
    assert.ok(!looksSecretKey(key), key);
  }
});

test('environment entries: values replaced except the allowlist', () => {
  const redact = r();
  assert.equal(redactEnvEntry('API_TOKEN=abc123', redact), `API_TOKEN=${R('abc123')}`);
  assert.equal(redactEnvEntry('SOMETHING_PLAIN=hello', redact), `SOMETHING_PLAIN=${R('hello')}`, 'any name, not only secret-looking ones');
  for (const kept of ['PATH=/usr/bin:/bin', 'HOME=/root', 'HOSTNAME=web', 'TERM=xterm', 'LANG=C.UTF-8', 'LC_ALL=C', 'PWD=/', 'SHLVL=1']) {
    assert.equal(redactEnvEntry(kept, redact), kept);
  }
  assert.equal(redactEnvEntry('NO_VALUE', redact), 'NO_VALUE');
});

test('free text: key=value and key: value with a secret-looking key; an unquoted value runs to the end of its line', () => {
  const redact = r();
  assert.equal(redactText('login Password=hunter2 ok\nnext', redact), `login Password=${R('hunter2 ok')}\nnext`);
  assert.equal(redactText('api_token: abc.def-1', redact), `api_token: ${R('abc.def-1')}`);
  assert.equal(redactText('{"secret":"x y z","n":1}', redact), `{"secret":"${R('x y z')}","n":1}`);
  assert.equal(redactText("PASSWORD='a b'", redact), `PASSWORD='${R('a b')}'`);
  assert.equal(redactText('GET /cb?token=abc&next=1', redact), `GET /cb?token=${R('abc&next=1')}`);
  assert.equal(redactText('Authorization: Bearer abc.def', redact), `Authorization: Bearer ${R('abc.def')}`);
  const unrelated = 'bypass=1 compass: north tokenizer=bpe passenger=3 user=alice';
  assert.equal(redactText(unrelated, redact), unrelated);
});

test('free text: URL credentials and token shapes', () => {
  const redact = r();
  assert.equal(redactText('see postgres://app:pa55@db:5432/x', redact), `see postgres://app:${R('pa55')}@db:5432/x`);
  assert.equal(redactText('git@github.com:a/b.git https://example.com/a:b', redact), 'git@github.com:a/b.git https://example.com/a:b');
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
  assert.equal(redactText(`jwt ${jwt}.`, redact), `jwt ${R(jwt)}.`);
  assert.equal(redactText('key AKIAIOSFODNN7EXAMPLE used', redact), `key ${R('AKIAIOSFODNN7EXAMPLE')} used`);
  assert.equal(redactText('xAKIAIOSFODNN7EXAMPLE', redact), 'xAKIAIOSFODNN7EXAMPLE', 'not part of a longer word');
  const gh = `ghp_${'a1B2'.repeat(9)}`;
  assert.equal(redactText(`token ${gh}`, redact), `token ${R(gh)}`);
  const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----';
  assert.equal(redactText(`a\n${pem}\nb`, redact), `a\n${R(pem)}\nb`);
  assert.equal(redactText('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', redact), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
});

test('argv: the value after a secret option, --opt=value, and -e NAME=value', () => {
  const redact = r();
  assert.deepEqual(
    redactArgv(['app', '--password', 'p1', '--token=t1', '-e', 'DB_URL=x', '--env=A=b', '-e', 'PATH=/bin', '--listen', ':80', 'sed', '-e', 's/a/b/'], redact),
    ['app', '--password', R('p1'), `--token=${R('t1')}`, '-e', `DB_URL=${R('x')}`, `--env=A=${R('b')}`, '-e', 'PATH=/bin', '--listen', ':80', 'sed', '-e', 's/a/b/'],
  );
});

test('cmdline bytes: the same replacements, NUL separators and non-UTF-8 bytes kept', () => {
  const redact = r();
  const raw = Buffer.concat([Buffer.from('app\0--password\0p1\0'), Buffer.from([0xff, 0xfe]), Buffer.from('\0')]);
  const out = redactCmdline(raw, redact);
  assert.deepEqual(out, Buffer.concat([Buffer.from(`app\0--password\0${R('p1')}\0`), Buffer.from([0xff, 0xfe]), Buffer.from('\0')]));
  const plain = Buffer.from('sleep\x001000\0');
  assert.equal(redactCmdline(plain, redact), plain, 'unchanged bytes are returned as they are');
});

test('JSON documents keep their shape: Env, Cmd, secret keys, and style of the original', () => {
  const redact = r();
  const doc = { Config: { Env: ['PATH=/bin', 'API_TOKEN=t'], Cmd: ['x', '--token', 'y'], Labels: { 'db.password': 'z', owner: 'alice' } }, auths: { 'r:5000': { auth: 'dXNlcjpw' } }, process: { env: ['SECRET=s'] }, n: 1 };
  const pretty = `${JSON.stringify(doc, null, 4)}\n`;
  const out = redactJsonText(pretty, redact);
  assert.ok(out.endsWith('}\n') && out.includes('\n    "Config"'), 'indent and final newline kept');
  assert.deepEqual(JSON.parse(out), {
    Config: { Env: ['PATH=/bin', `API_TOKEN=${R('t')}`], Cmd: ['x', '--token', R('y')], Labels: { 'db.password': R('z'), owner: 'alice' } },
    auths: { 'r:5000': { auth: R('dXNlcjpw') } },
    process: { env: [`SECRET=${R('s')}`] },
    n: 1,
  });
  const clean = '{"a":"b", "n":  1}';
  assert.equal(redactJsonText(clean, redact), clean, 'a document without secrets keeps its bytes');
  const hostile = '{"__proto__":{"password":"p"}}';
  assert.deepEqual(Object.keys(JSON.parse(redactJsonText(hostile, redact)) as object), ['__proto__']);
});

test('log tails: each JSON record redacted and re-serialized, a multi-line private key replaced line by line', () => {
  const redact = r();
  const lines = [
    'cut line password=p0',
    JSON.stringify({ log: 'password=p1\n', stream: 'stdout', time: 't1' }),
    JSON.stringify({ log: '-----BEGIN PRIVATE KEY-----\n', stream: 'stdout', time: 't2' }),
    JSON.stringify({ log: 'MIIEvQIBADANBg\n', stream: 'stdout', time: 't3' }),
    JSON.stringify({ log: '-----END PRIVATE KEY-----\n', stream: 'stdout', time: 't4' }),
    JSON.stringify({ log: 'fine\n', stream: 'stdout', time: 't5' }),
    '',
  ];
  const out = redactLogTail(Buffer.from(lines.join('\n')), redact).toString().split('\n');
  assert.equal(out[0], `cut line password=${R('p0')}`);
  assert.deepEqual(JSON.parse(out[1] ?? ''), { log: `password=${R('p1')}\n`, stream: 'stdout', time: 't1' });
  assert.deepEqual(JSON.parse(out[3] ?? '').log, `${R('MIIEvQIBADANBg')}\n`);
  assert.deepEqual(JSON.parse(out[4] ?? '').log, `${R('-----END PRIVATE KEY-----')}\n`);
  assert.equal(out[5], lines[5]);
});
