/**
 * A private dockerd that serves TLS on 127.0.0.1 (--tlsverify, certificates made with openssl)
 * beside its private socket, captured the ways the docker CLI reaches it: DOCKER_HOST with
 * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and a context made by `docker context create`
 * (named by --context, and as config.json's current context). Expected values come from the
 * daemon itself, asked through its socket.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSnapshot } from '../../src/open.js';
import { CLI_PATH } from '../helpers/exec.js';
import { Engine, OPT_OUT_ENV, startEngine, uniqueName } from '../helpers/engine.js';
import { runInProcess } from '../helpers/cli.js';
import { makeTlsCerts, type TlsCerts } from '../helpers/tls-certs.js';
import { tempDir } from '../helpers/tmp.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private Docker engine disabled by ${OPT_OUT_ENV}=1` : false;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a TLS dockerd on 127.0.0.1', { skip }, () => {
  const dir = tempDir('dsk-tls-');
  let certs: TlsCerts;
  let engine: Engine;
  let tcpHost: string;
  let containerId: string;
  let serverVersion: string;
  const name = uniqueName('tls');

  before(async () => {
    certs = makeTlsCerts(join(dir, 'certs'));
    const port = await freePort();
    tcpHost = `tcp://127.0.0.1:${port}`;
    engine = new Engine(await startEngine(['--tlsverify', '--tlscacert', certs.ca, '--tlscert', certs.serverCert, '--tlskey', certs.serverKey, '-H', tcpHost]), true);
    containerId = engine.run(name, ['sleep', '1000']);
    serverVersion = engine.docker(['version', '--format', '{{.Server.Version}}']);
  });
  after(async () => {
    await engine?.stop();
  });

  /** Captures with this environment and these arguments; returns what the snapshot says of the daemon reached. */
  async function captureWith(env: Record<string, string>, args: string[] = []) {
    const output = join(dir, `${uniqueName('c')}.db`);
    const result = await runInProcess(['capture', '-o', output, '--no-drift', ...args], env);
    assert.equal(result.code, 0, result.stderr);
    const db = await openSnapshot(output);
    try {
      return {
        stderr: result.stderr,
        engine: db.get<{ id: string; endpoint: string; api_answered: number; pid: number; version: string }>('SELECT id, endpoint, api_answered, pid, version FROM engines'),
        containers: db.all<{ id: string }>('SELECT id FROM containers').map((c) => c.id),
        options: JSON.parse(db.get<{ options: string }>('SELECT options FROM snapshot')!.options) as Record<string, unknown>,
        errors: db.all<{ code: string; message: string }>('SELECT code, message FROM capture_error WHERE phase = ?', 'api'),
      };
    } finally {
      db.close();
    }
  }

  function expectReached(seen: Awaited<ReturnType<typeof captureWith>>, context: string) {
    assert.deepEqual(seen.engine, { id: `docker:${engine.info.dataRoot}`, endpoint: tcpHost, api_answered: 1, pid: engine.info.pid, version: serverVersion });
    assert.ok(seen.containers.includes(containerId), 'the container the daemon runs is captured');
    assert.deepEqual([seen.options['docker_context'], seen.options['docker_tls']], [context, 'verify']);
    assert.deepEqual(seen.errors, []);
  }

  test('DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
    expectReached(await captureWith({ DOCKER_HOST: tcpHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir, HOME: dir }), 'default');
  });

  test('a context made by docker context create, named by --context and as the current context', async () => {
    const config = join(dir, 'docker-config');
    const docker = (...args: string[]) => {
      const result = spawnSync('docker', args, { encoding: 'utf8', env: { PATH: process.env['PATH'], DOCKER_CONFIG: config } });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.trim();
    };
    const client = certs.clientDir;
    docker('context', 'create', 'tls-test', '--docker', `host=${tcpHost},ca=${join(client, 'ca.pem')},cert=${join(client, 'cert.pem')},key=${join(client, 'key.pem')}`);
    assert.equal(docker('--context', 'tls-test', 'version', '--format', '{{.Server.Version}}'), serverVersion, 'the docker CLI itself reaches the daemon through the context');
    expectReached(await captureWith({ DOCKER_CONFIG: config }, ['--context', 'tls-test']), 'tls-test');
    docker('context', 'use', 'tls-test');
    expectReached(await captureWith({ DOCKER_CONFIG: config }), 'tls-test');
  });

  test('a context with no CA trusts the default roots and NODE_EXTRA_CA_CERTS, which the #! launcher hands to the connection', () => {
    const config = join(dir, 'docker-config-noca');
    const client = certs.clientDir;
    const made = spawnSync('docker', ['context', 'create', 'tls-noca', '--docker', `host=${tcpHost},cert=${join(client, 'cert.pem')},key=${join(client, 'key.pem')}`], { encoding: 'utf8', env: { PATH: process.env['PATH'], DOCKER_CONFIG: config } });
    assert.equal(made.status, 0, made.stderr);
    const capture = (extra: Record<string, string>) => {
      const output = join(dir, `${uniqueName('noca')}.db`);
      // The CLI itself, through its #! line, as the package's bin runs it.
      const result = spawnSync(CLI_PATH, ['capture', '--context', 'tls-noca', '-o', output, '--no-drift', '-q'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: dir, DOCKER_CONFIG: config, ...extra } });
      assert.equal(result.status, 0, result.stderr);
      const db = new Database(output, { readonly: true });
      try {
        return { answered: db.prepare('SELECT api_answered FROM engines').pluck().get(), errors: db.prepare("SELECT message FROM capture_error WHERE phase = 'api'").pluck().all() as string[] };
      } finally {
        db.close();
      }
    };
    const trusted = capture({ NODE_EXTRA_CA_CERTS: certs.ca });
    assert.deepEqual(trusted, { answered: 1, errors: [] });
    const untrusted = capture({});
    assert.equal(untrusted.answered, 0);
    assert.match(untrusted.errors[0] ?? '', /self[- ]signed certificate|unable to (verify|get local issuer)/i);
  });

  test("the daemon's certificate is verified: a CA that did not sign it fails the API, and the capture goes on saying why", async () => {
    const other = makeTlsCerts(join(dir, 'other-certs'), 'other');
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    // The right client certificate, so that only the client's check of the daemon can fail.
    copyFileSync(other.ca, join(mixed, 'ca.pem'));
    for (const file of ['cert.pem', 'key.pem']) copyFileSync(join(certs.clientDir, file), join(mixed, file));
    chmodSync(join(mixed, 'key.pem'), 0o600);
    const seen = await captureWith({ DOCKER_HOST: tcpHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: mixed });
    assert.equal(seen.engine?.api_answered, 0);
    assert.match(seen.errors[0]?.message ?? '', /self[- ]signed certificate|unable to verify/i);
    const unverified = await captureWith({ DOCKER_HOST: tcpHost, DOCKER_TLS: '1', DOCKER_CERT_PATH: mixed });
    assert.equal(unverified.engine?.api_answered, 1, 'DOCKER_TLS without DOCKER_TLS_VERIFY does not check the daemon, as the docker CLI');
    assert.equal(unverified.options['docker_tls'], 'no-verify');
  });

  test('a client key readable by others is a warning, and the daemon is still reached', async () => {
    const loose = join(dir, 'loose');
    mkdirSync(loose);
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) copyFileSync(join(certs.clientDir, file), join(loose, file));
    chmodSync(join(loose, 'key.pem'), 0o644);
    const seen = await captureWith({ DOCKER_HOST: tcpHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: loose });
    assert.equal(seen.engine?.api_answered, 1);
    assert.match(seen.stderr, new RegExp(`docksnap: warning — ${join(loose, 'key.pem')} is readable by others \\(mode 0644\\)`));
    assert.deepEqual(seen.errors.map((e) => e.code), ['tls-key-readable']);
  });
});
