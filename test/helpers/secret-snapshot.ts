/**
 * A synthetic snapshot holding known secrets in every place a capture puts them, for the bundle
 * tests: container and process environments, argv and cmdline, config.v2.json, OCI config.json,
 * daemon.json registry auth, an inspect body, labels, a log tail, a capture error.
 */
import { randomBytes } from 'node:crypto';
import type { SnapshotContent } from '../../src/store/write.js';
import { sha256Hex } from '../../src/util/hash.js';
import { minimalSnapshot } from './snapshot-content.js';

export interface Secrets {
  readonly apiToken: string;
  readonly dbPassword: string;
  readonly argToken: string;
  readonly argPassword: string;
  readonly labelPassword: string;
  readonly registryAuth: string;
  readonly proxyPassword: string;
  readonly logPassword: string;
  readonly logToken: string;
  readonly jwt: string;
  readonly awsKeyId: string;
  readonly githubToken: string;
  readonly pemBody: string;
  readonly urlPassword: string;
}

export const CONTAINER_ID = 'c0ffee'.padEnd(64, '0');
export const PID = 4242;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export function makeSecrets(apiToken = `tok${hex(16)}`): Secrets {
  const b64url = (n: number) => randomBytes(n).toString('base64url');
  return {
    apiToken,
    dbPassword: `pw${hex(8)}`,
    argToken: `at${hex(8)}`,
    argPassword: `ap${hex(8)}`,
    labelPassword: `lp${hex(8)}`,
    registryAuth: Buffer.from(`user:rg${hex(8)}`).toString('base64'),
    proxyPassword: `px${hex(8)}`,
    logPassword: `lg${hex(8)}`,
    logToken: `lt${hex(8)}`,
    jwt: `eyJhbGciOiJIUzI1NiJ9.eyJ${b64url(24)}.${b64url(32)}`,
    awsKeyId: `AKIA${hex(8).toUpperCase()}`,
    githubToken: `ghp_${b64url(40).replace(/[-_]/g, 'x').slice(0, 36)}`,
    pemBody: randomBytes(48).toString('base64'),
    urlPassword: `up${hex(8)}`,
  };
}

/** Every secret value, for "appears nowhere" checks. */
export function secretValues(s: Secrets): string[] {
  return Object.values(s);
}

function file(id: number, role: string, path: string, content: string, parsed: unknown) {
  const bytes = Buffer.from(content);
  return { id, container_id: role === 'daemon.json' ? null : CONTAINER_ID, role, path, size: bytes.length, mode: 0o600, mtime: '2026-01-01T00:00:00.000Z', sha256: sha256Hex(bytes), content: bytes, parsed: parsed === undefined ? null : JSON.stringify(parsed) };
}

export function secretSnapshot(s: Secrets, overrides: { host_name?: string } = {}): SnapshotContent {
  const env = ['PATH=/usr/local/bin:/usr/bin', `API_TOKEN=${s.apiToken}`, 'HOME=/root', 'LANG=C.UTF-8'];
  const argv = ['/app/server', `--token=${s.argToken}`, '--password', s.argPassword, '--listen', '127.0.0.1:8080'];
  const config = { ID: CONTAINER_ID, Config: { Env: env, Cmd: argv, Labels: { 'db.password': s.labelPassword, owner: 'alice' } }, State: { Running: true, Pid: PID } };
  const oci = { ociVersion: '1.0.2', process: { args: argv, env } };
  const daemon = { auths: { 'registry.example:5000': { auth: s.registryAuth } }, 'log-level': 'info' };
  const hosts = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n';
  const log = [
    `ial=cut"}`,
    JSON.stringify({ log: `starting with password=${s.logPassword} and api_token: ${s.logToken}\n`, stream: 'stdout', time: '2026-01-01T00:00:00.1Z' }),
    JSON.stringify({ log: `auth header Authorization: Bearer ${s.jwt}\n`, stream: 'stdout', time: '2026-01-01T00:00:00.2Z' }),
    JSON.stringify({ log: `aws ${s.awsKeyId} github ${s.githubToken} compass bypass tokenizer\n`, stream: 'stderr', time: '2026-01-01T00:00:00.3Z' }),
    JSON.stringify({ log: '-----BEGIN RSA PRIVATE KEY-----\n', stream: 'stdout', time: '2026-01-01T00:00:00.4Z' }),
    JSON.stringify({ log: `${s.pemBody}\n`, stream: 'stdout', time: '2026-01-01T00:00:00.5Z' }),
    JSON.stringify({ log: '-----END RSA PRIVATE KEY-----\n', stream: 'stdout', time: '2026-01-01T00:00:00.6Z' }),
    JSON.stringify({ log: 'ready\n', stream: 'stdout', time: '2026-01-01T00:00:00.7Z' }),
    '',
  ].join('\n');
  const environ = [...env, `DB_PASSWORD=${s.dbPassword}`, 'SHLVL=1'];
  return {
    ...minimalSnapshot({ host_name: overrides.host_name ?? 'testhost', docker_version: '26.1.5', storage_driver: 'overlay2' }),
    capture_error: [{ phase: 'api', subject: 'GET /info', path: `https://admin:${s.urlPassword}@registry.example/v2/`, code: 'timeout', message: `GET https://admin:${s.urlPassword}@registry.example/v2/ timed out` }],
    processes: [{
      pid: PID, start_time: 100, ppid: 1, role: 'container', container_id: CONTAINER_ID, comm: 'server',
      cmdline: Buffer.from(`${argv.join('\0')}\0`), argv: JSON.stringify(argv), exe: '/app/server', cwd: '/', root: '/',
      state: 'S', uids: '0 0 0 0', gids: '0 0 0 0', threads: 1, vm_rss_kib: 1024, nspid: `${PID} 1`, oom_score_adj: 0, net_ns: 'net:[1]', mnt_ns: 'mnt:[1]', engine_id: null,
    }],
    process_fds: [{ pid: PID, fd: 3, target: 'socket:[999]', kind: 'socket', inode: 999, pos: 0, flags: '02', mnt_id: 1 }],
    sockets: [{ netns: 'net:[1]', proto: 'tcp', inode: 999, local_address: '127.0.0.1', local_port: 8080, remote_address: '0.0.0.0', remote_port: 0, state: 'LISTEN', uid: 0, path: null, socket_type: null }],
    process_environ: environ.map((entry, position) => ({ pid: PID, position, name: entry.split('=')[0] ?? '', value: entry.slice(entry.indexOf('=') + 1) })),
    containers: [{
      id: CONTAINER_ID, name: 'web', image_id: 'sha256:'.padEnd(71, 'a'), image_name: 'docksnap-test/busybox:latest', state: 'running', running: 1,
      pid: PID, exit_code: 0, created_at: '2026-01-01T00:00:00Z', started_at: '2026-01-01T00:00:00Z', finished_at: null, restart_count: 0, oom_killed: 0,
      path: argv[0] ?? '', args: JSON.stringify(argv.slice(1)), hostname: 'web', restart_policy: 'no', network_mode: 'none',
      storage_driver: 'overlay2', mount_id: 'm1', log_path: `/var/lib/docker/containers/${CONTAINER_ID}/${CONTAINER_ID}-json.log`, log_driver: 'json-file',
      config_format: 'v2', source: 'both', engine_id: null, pod_id: null, namespace: null, runtime: null, snapshotter: null, pod_name: null, pod_namespace: null, cri_kind: null,
    }],
    container_env: env.map((entry, position) => ({ container_id: CONTAINER_ID, position, name: entry.split('=')[0] ?? '', value: entry.slice(entry.indexOf('=') + 1) })),
    container_labels: [
      { container_id: CONTAINER_ID, key: 'db.password', value: s.labelPassword },
      { container_id: CONTAINER_ID, key: 'owner', value: 'alice' },
    ],
    container_logs: [{ container_id: CONTAINER_ID, path: '/var/lib/docker/containers/x-json.log', size: 10_000, mtime: '2026-01-01T00:00:01Z', tail_offset: 10_000 - Buffer.byteLength(log), tail: Buffer.from(log) }],
    files: [
      file(1, 'config.v2.json', `/var/lib/docker/containers/${CONTAINER_ID}/config.v2.json`, JSON.stringify(config), config),
      file(2, 'oci-config.json', `/run/docker/containerd/${CONTAINER_ID}/config.json`, `${JSON.stringify(oci, null, 2)}\n`, oci),
      file(3, 'daemon.json', '/etc/docker/daemon.json', `${JSON.stringify(daemon, null, 4)}\n`, daemon),
      file(4, 'hosts', `/var/lib/docker/containers/${CONTAINER_ID}/hosts`, hosts, undefined),
    ],
    api_responses: [
      { endpoint: `/containers/${CONTAINER_ID}/json`, body: JSON.stringify(config) },
      { endpoint: '/info', body: JSON.stringify({ HttpProxy: `http://proxyuser:${s.proxyPassword}@proxy:3128`, Name: 'testhost' }) },
    ],
  };
}
