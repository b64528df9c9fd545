/**
 * The daemon docksnap asks is the one the docker CLI would ask (docker/cli cli/command/cli.go
 * resolveContextName): --context, else --docker-host / DOCKER_HOST, else DOCKER_CONTEXT, else
 * config.json's currentContext. The context store is written here in the CLI's layout:
 * contexts/meta/<sha256 of name>/meta.json and contexts/tls/<sha256>/docker/*.pem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDockerEndpoint, type DockerCliEnvironment } from '../../src/collect/docker-api/docker-context.js';
import { parseDockerHost } from '../../src/collect/docker-api/endpoint.js';
import { EXIT, InputError, UsageError } from '../../src/errors.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const home = tempDir();
const config = join(home, '.docker');

function storeContext(configDir: string, name: string, endpoint: object, tlsFiles: readonly string[] = []): string {
  const digest = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(configDir, 'contexts', 'meta', digest), { recursive: true });
  writeFileSync(join(configDir, 'contexts', 'meta', digest, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: endpoint } }));
  const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
  for (const file of tlsFiles) {
    mkdirSync(tlsDir, { recursive: true });
    writeFileSync(join(tlsDir, file), '-----BEGIN CERTIFICATE-----\n');
  }
  return tlsDir;
}

const tlsDir = storeContext(config, 'remote', { Host: 'tcp://10.0.0.5:2376', SkipTLSVerify: false }, ['ca.pem', 'cert.pem', 'key.pem']);
storeContext(config, 'current', { Host: 'unix:///run/user/1000/docker.sock', SkipTLSVerify: false });
storeContext(config, 'insecure', { Host: 'tcp://10.0.0.6:2376', SkipTLSVerify: true });
storeContext(config, 'plain', { Host: 'tcp://10.0.0.7:2375', SkipTLSVerify: false });
storeContext(config, 'over-ssh', { Host: 'ssh://admin@build-host', SkipTLSVerify: false });
writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'current' }));

const env: DockerCliEnvironment = { HOME: home };
const resolved = (given: { host?: string; context?: string }, extra: DockerCliEnvironment = {}) => resolveDockerEndpoint(given, { ...env, ...extra }).endpoint;

test('precedence as the docker CLI: --context, then --docker-host or DOCKER_HOST, then DOCKER_CONTEXT, then the current context', () => {
  const all = { DOCKER_HOST: 'unix:///env.sock', DOCKER_CONTEXT: 'plain' };
  assert.equal(resolved({ context: 'remote' }, all)?.host, 'tcp://10.0.0.5:2376');
  assert.deepEqual(resolved({ host: 'unix:///flag.sock' }, { DOCKER_CONTEXT: 'plain' }), { host: 'unix:///flag.sock', tls: null, context: 'default' });
  assert.deepEqual(resolved({}, all), { host: 'unix:///env.sock', tls: null, context: 'default' });
  assert.equal(resolved({}, { DOCKER_CONTEXT: 'plain' })?.context, 'plain');
  assert.deepEqual(resolved({}), { host: 'unix:///run/user/1000/docker.sock', tls: null, context: 'current' });
  assert.equal(resolved({}, { DOCKER_CONTEXT: 'default' }), undefined, 'the default context with no DOCKER_HOST names no daemon');
  assert.equal(resolveDockerEndpoint({}, {}).endpoint, undefined, 'no HOME, no DOCKER_CONFIG: nothing to read');
});

test('DOCKER_CONFIG replaces ~/.docker for the config and the context store', () => {
  const other = join(home, 'elsewhere');
  storeContext(other, 'current', { Host: 'tcp://10.9.9.9:2375' });
  writeFileSync(join(other, 'config.json'), JSON.stringify({ currentContext: 'current' }));
  assert.equal(resolved({}, { DOCKER_CONFIG: other })?.host, 'tcp://10.9.9.9:2375');
});

test("a context's TLS: its stored files, verified unless SkipTLSVerify; none for a socket or a context without TLS files", () => {
  assert.deepEqual(resolved({ context: 'remote' })?.tls, { ca: join(tlsDir, 'ca.pem'), cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem'), verify: true });
  assert.deepEqual(resolved({ context: 'insecure' })?.tls, { ca: null, cert: null, key: null, verify: false });
  assert.equal(resolved({ context: 'plain' })?.tls, null);
  assert.equal(resolved({ context: 'current' })?.tls, null);
});

test('DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: ca.pem required, the client pair when both exist; DOCKER_TLS alone does not verify', () => {
  const certs = join(home, 'certs');
  mkdirSync(certs);
  writeFileSync(join(certs, 'ca.pem'), 'x');
  assert.deepEqual(resolved({}, { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs })?.tls, { ca: join(certs, 'ca.pem'), cert: null, key: null, verify: true });
  writeFileSync(join(certs, 'cert.pem'), 'x');
  writeFileSync(join(certs, 'key.pem'), 'x');
  assert.deepEqual(resolved({}, { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: certs })?.tls, { ca: join(certs, 'ca.pem'), cert: join(certs, 'cert.pem'), key: join(certs, 'key.pem'), verify: false });
  assert.equal(resolved({}, { DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: certs })?.host, 'tcp://localhost:2376', 'TLS, no host, no current context: the CLI default, certificates from the config directory');
  assert.throws(() => resolved({}, { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(home, 'none') }), (e) => e instanceof InputError && /CA file does not exist/.test(e.message));
  assert.deepEqual(parseDockerHost('tcp://h', true), { host: 'h', port: 2376, tls: true });
  assert.deepEqual(parseDockerHost('tcp://[::1]'), { host: '::1', port: 2375, tls: false });
});

test('usage and input errors: --context with --docker-host, a context that does not exist, an ssh endpoint', () => {
  assert.throws(() => resolved({ context: 'remote', host: 'unix:///x.sock' }), UsageError);
  assert.throws(() => resolved({}, { DOCKER_CONTEXT: 'nosuch' }), (e) => e instanceof InputError && e.what === 'DOCKER_CONTEXT' && /context "nosuch" does not exist/.test(e.why));
  assert.throws(() => resolved({ context: 'over-ssh' }), (e) => e instanceof UsageError && e.what === 'context "over-ssh"' && /must run on that host itself/.test(e.why));
});

test('an unreadable config.json is a warning, as the CLI warns, and the capture goes on', () => {
  const broken = join(home, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'config.json'), '{ not json');
  const { endpoint, warnings } = resolveDockerEndpoint({}, { DOCKER_CONFIG: broken });
  assert.equal(endpoint, undefined);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, new RegExp(`^${join(broken, 'config.json')} ignored: `));
});

test('docksnap capture with an ssh:// endpoint: one line saying why, pointing at "Many hosts", exit 2, no file', async () => {
  const output = join(home, 'never.db');
  for (const [args, env] of [[['--docker-host', 'ssh://admin@build-host'], {}], [[], { DOCKER_HOST: 'ssh://admin@build-host' }]] as const) {
    const { code, stdout, stderr } = await runInProcess(['capture', '-o', output, ...args], { ...env });
    assert.equal(code, EXIT.usage);
    assert.equal(stdout, '');
    assert.match(stderr, /^docksnap: (--docker-host|DOCKER_HOST) — ssh:\/\/admin@build-host is reached over ssh, but a capture reads the host's \/proc [^\n]*README "Many hosts"[^\n]*\n$/);
  }
  const { existsSync } = await import('node:fs');
  assert.equal(existsSync(output), false);
});
