/**
 * Items 10–16 of issue #10 on a live host: a container of the private engine whose command line,
 * label, log and /etc/hosts hold each covered secret form is captured and exported; the raw
 * snapshot holds every secret, the gunzipped bundle none, in any byte.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { capture } from '../../src/capture.js';
import { runInProcess } from '../helpers/cli.js';
import { Engine, uniqueName, useEngine } from '../helpers/engine.js';
import { readTar } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';

const engine = await useEngine();

describe('a live container holding the secrets of items 10–16', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  const dir = tempDir('docksnap-redact-live-');
  const name = uniqueName('redact-forms');
  const piece = (prefix: string) => `${prefix}${randomBytes(6).toString('hex')}`;
  const s = {
    command: piece('Cmd'),
    pem: piece('PemBody'),
    at: [piece('At'), piece('Host')],
    slash: [piece('Wj'), piece('Sl')],
    spaced: [piece('Horse'), piece('Staple')],
    semicolon: [piece('Semi'), piece('Colon')],
    mysql: piece('My'),
    curl: piece('Curl'),
  };
  const pieces = Object.values(s).flat();
  const script = [
    `printf '%s\\n' '-----BEGIN RSA PRIVATE KEY-----' '${s.pem}' '-----END RSA PRIVATE KEY-----' >> /etc/hosts`,
    `echo 'login password=${s.spaced.join(' ')}'`,
    `echo 'config db_password=${s.semicolon.join(';')}'`,
    `echo 'backup to s3://AKID:${s.slash.join('/')}@bucket'`,
    `echo 'running mysqldump -uroot -p${s.mysql} app'`,
    `echo 'running curl -u admin:${s.curl} http://127.0.0.1:1/'`,
    'exec sleep 1000',
  ].join('; ');
  let raw: string;
  let bundle: Buffer;

  before(async () => {
    docker.run(name, ['sh', '-c', script, 'sh', '--password', s.command], { flags: ['-l', `db.url=postgres://admin:${s.at[0]}@${s.at[1]}@db/app`] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    raw = join(dir, 'live.db');
    await capture({ offline: false, force: false, dockerHost: docker.info.host, logTailBytes: 65536, apiTimeoutMs: 5000, output: raw });
    const output = join(dir, 'live.tar.gz');
    const exported = await runInProcess(['export', raw, '-o', output], { XDG_CONFIG_HOME: join(dir, 'config') });
    assert.equal(exported.code, 0, exported.stderr);
    bundle = gunzipSync(readFileSync(output));
  });

  after(async () => {
    docker.remove(name);
    await docker.stop();
  });

  test('the raw snapshot holds every secret, the Command string of /containers/json included', () => {
    const bytes = readFileSync(raw);
    for (const secret of pieces) assert.ok(bytes.includes(secret), `the capture holds ${secret}`);
    assert.ok(bytes.includes(`--password ${s.command}`), 'the listing has the one-string command');
  });

  test('the gunzipped bundle holds none of them in any byte, snapshot.db pages included', async () => {
    for (const secret of pieces) assert.ok(!bundle.includes(secret), `the bundle holds ${secret}`);
    const db = (await readTar(bundle)).get('snapshot.db');
    assert.ok(db && db.length > 0);
    for (const secret of pieces) assert.ok(!db.includes(secret), `snapshot.db holds ${secret}`);
  });
});
