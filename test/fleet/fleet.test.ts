/**
 * `docksnap fleet capture` for real (part of npm test; alone: npm run test:fleet): Debian's ansible-playbook over five
 * "hosts" on this machine, each in its own pid, mount, UTS, IPC and network namespaces (ns-host.ts):
 * three with their own dockerd and busybox containers (node-c differs: web's memory limit, worker
 * stopped, an extra container), one without Docker, one that went down before the run. Ansible
 * reaches them through the test's nsenter connection plugin. Expected values come from how the
 * test built each host, never from docksnap's output.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../helpers/command.js';
import { OPT_OUT_ENV } from '../helpers/engine.js';
import type { ExecResult } from '../helpers/exec.js';
import { tempDir } from '../helpers/tmp.js';
import { untar } from '../helpers/untar.js';
import { keyFingerprint } from '../../src/bundle/redactor.js';
import { HOST_DOCKER_SOCKET, NamespaceHost } from './ns-host.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'src', 'cli', 'docksnap');
const PLUGINS = join(ROOT, 'test', 'fleet', 'connection_plugins');
const SAME = ['node-a', 'node-b'];
const ODD = 'node-c';
const COLLECTED = [...SAME, ODD];

interface CompareJson {
  hosts: { name: string; host_name: string; differences: number }[];
  entities: { entity_kind: string; entity_key: string; extra: string[]; missing: string[] }[];
  fields: { entity_kind: string; entity_key: string; path: string; majority: { value: unknown; hosts: number }; deviations: { host: string; value: unknown }[] }[];
}

const optedOut = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'];

describe('docksnap fleet capture over namespace hosts with Ansible', { timeout: 2_400_000, skip: optedOut ? `engines disabled by ${OPT_OUT_ENV}=1` : false }, () => {
  const dir = tempDir('docksnap-fleet-');
  // Braces and a space: Ansible must take the directory as given, never as a template ("fleet 49").
  const outDir = join(dir, 'fleet {{ 7 * 7 }}');
  const config = join(dir, 'config');
  const hosts = new Map<string, NamespaceHost>();
  let downPid = 0;
  let run: ExecResult;
  const env = { ...process.env, XDG_CONFIG_HOME: config, ANSIBLE_CONNECTION_PLUGINS: PLUGINS, ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'False' };
  // Ansible over five hosts takes minutes on a busy machine: a generous bound, so a hang still fails.
  const docksnap = (...args: string[]) => runCommand(BIN, args, { cwd: dir, env, timeoutMs: 1_200_000 });

  before(async () => {
    const first = await NamespaceHost.start(COLLECTED[0]!, true);
    hosts.set(first.name, first);
    const image = first.saveImage();
    const started = await Promise.all([...COLLECTED.slice(1).map((name) => NamespaceHost.start(name, true, image)), NamespaceHost.start('node-nodocker', false), NamespaceHost.start('node-down', false)]);
    for (const host of started) hosts.set(host.name, host);
    for (const name of COLLECTED) {
      const engine = hosts.get(name)!.engine!;
      // Swap unlimited everywhere: otherwise Docker sets MemorySwap to twice the memory, a second field.
      engine.run('web', ['sleep', '86400'], { flags: ['--memory', name === ODD ? '96m' : '64m', '--memory-swap', '-1'] });
      engine.run('worker', ['sleep', '86400']);
      if (name === ODD) {
        engine.docker(['stop', '-t', '0', 'worker']);
        engine.run('extra', ['sleep', '86400']);
      }
    }
    const down = hosts.get('node-down')!;
    downPid = down.pid;
    await down.stop();
    hosts.delete('node-down');
    const hostVars = (name: string, pid: number) => `    ${name}:\n      ansible_host: "${pid}"\n`;
    writeFileSync(
      join(dir, 'inventory.yml'),
      'fleet:\n  vars:\n    ansible_connection: nsenter\n    ansible_python_interpreter: /usr/bin/python3\n' +
        `    docksnap_command: ${JSON.stringify(BIN)}\n    docksnap_capture_args: ["--docker-host", "unix://${HOST_DOCKER_SOCKET}"]\n  hosts:\n` +
        [...hosts.values()].map((host) => hostVars(host.name, host.pid)).join('') +
        hostVars('node-down', downPid),
    );
    run = docksnap('fleet', 'capture', '-i', 'inventory.yml', '-o', outDir, '--forks', '5');
  });

  after(async () => {
    await Promise.all([...hosts.values()].map((host) => host.stop()));
  });

  test('exits 1 and names each host: three collected, the one without Docker failed, the one down unreachable', () => {
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 3), COLLECTED.map((name) => `${name.padEnd(13)}  collected    ${name}/${name}.tar.gz`));
    assert.equal(lines[3], `node-nodocker  failed       Require an engine: no container engine answered: docker at unix://${HOST_DOCKER_SOCKET}`);
    assert.equal(lines[4], `node-down      unreachable  Reach the host: no process ${downPid}: the host is down`);
    assert.equal(lines[5], `3 collected, 1 failed, 1 unreachable, in ${outDir}`);
  });

  test('one bundle per collected host, in <dir>/<inventory host>/, beside its status file', () => {
    assert.deepEqual(readdirSync(outDir).sort(), [...COLLECTED, 'node-down', 'node-nodocker'].sort());
    for (const name of COLLECTED) {
      assert.deepEqual(readdirSync(join(outDir, name)).sort(), [`${name}.tar.gz`, 'status.json']);
      assert.deepEqual(JSON.parse(readFileSync(join(outDir, name, 'status.json'), 'utf8')), { host: name, docksnap: '0.1.0', status: 'collected', bundle: `${name}/${name}.tar.gz` });
    }
    assert.deepEqual(readdirSync(join(outDir, 'node-down')), ['status.json']);
    assert.equal(existsSync(join(dir, 'fleet 49')), false);
  });

  test("each bundle was captured inside its own host: its hostname, its containers, one shared redaction key", () => {
    const key = readFileSync(join(config, 'docksnap', 'redact.key'), 'utf8').trimEnd();
    for (const name of COLLECTED) {
      const bundle = join(outDir, name, `${name}.tar.gz`);
      const rows = (sql: string) => (JSON.parse(docksnap('query', bundle, sql, '--json').stdout) as { rows: unknown[][] }).rows;
      assert.deepEqual(rows('SELECT host_name FROM snapshot'), [[name]]);
      const expected = name === ODD ? [['extra', 'running'], ['web', 'running'], ['worker', 'exited']] : [['web', 'running'], ['worker', 'running']];
      assert.deepEqual(rows('SELECT name, state FROM containers ORDER BY name'), expected);
      const unpacked = join(dir, `unpacked-${name}`);
      runCommand('mkdir', [unpacked]);
      untar(bundle, unpacked);
      const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as { redaction: { enabled: boolean; key_fingerprint: string } };
      assert.equal(manifest.redaction.enabled, true);
      assert.equal(manifest.redaction.key_fingerprint, keyFingerprint(Buffer.from(key)));
    }
  });

  test('docksnap compare over the fleet directory names node-c alone, with its three differences', () => {
    const worker = hosts.get(ODD)!.engine!.inspect<{ State: { Status: string; ExitCode: number } }>('worker').State;
    const text = docksnap('compare', outDir);
    if (process.env['FLEET_SHOW'] === '1') process.stderr.write(`${run.stdout}\n${text.stdout}\n`);
    assert.equal(text.code, 1, text.stderr);
    assert.equal(text.stdout.split('\n')[0], `${ODD}: 3 differences`);
    assert.match(text.stdout, new RegExp(`^agree with the majority \\(2\\): ${SAME.join(', ')}$`, 'm'));
    assert.doesNotMatch(text.stdout, /skipped/);
    const result = JSON.parse(docksnap('compare', outDir, '--format', 'json').stdout) as CompareJson;
    assert.deepEqual(
      result.hosts.map((h) => [h.name, h.host_name, h.differences]),
      [[ODD, ODD, 3], ...SAME.map((name) => [name, name, 0])],
    );
    assert.deepEqual(
      result.entities.map((e) => [e.entity_kind, e.entity_key, e.extra, e.missing]),
      [['container', 'extra', [ODD], []]],
    );
    assert.deepEqual(
      result.fields.map((f) => [f.entity_kind, f.entity_key, f.path, f.majority.value, f.majority.hosts, f.deviations.map((d) => [d.host, d.value])]),
      [
        ['container', 'web', '/HostConfig/Memory', 64 * 1024 * 1024, 2, [[ODD, 96 * 1024 * 1024]]],
        ['container', 'worker', '/state', 'running', 2, [[ODD, `${worker.Status} (${worker.ExitCode})`]]],
      ],
    );
  });

  test('--package: copied to the host and given to npm install -g; a broken one fails that host at that step', () => {
    const broken = join(dir, 'docksnap-broken.tgz');
    writeFileSync(broken, 'not a tarball\n');
    // Arguments after -- reach ansible-playbook: -v makes it name its config file; -e puts the prefix in the host's private /tmp.
    const result = docksnap('fleet', 'capture', '-i', 'inventory.yml', '-o', join(dir, 'package-run'), '--limit', 'node-nodocker', '--package', broken, '--', '-v', '-e', 'docksnap_prefix=/tmp/docksnap-prefix');
    assert.match(result.stderr, /config file/);
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^node-nodocker {2}failed {7}Install the package: npm (error|ERR!) .*TAR_BAD_ARCHIVE/);
    assert.equal(lines[1], `0 collected, 1 failed, 0 unreachable, in ${join(dir, 'package-run')}`);
  });

  test('nothing is left on the hosts: the working directory and the key copied there are gone', () => {
    for (const name of [...COLLECTED, 'node-nodocker']) {
      const tmp = readdirSync(`/proc/${hosts.get(name)!.pid}/root/tmp`);
      assert.deepEqual(tmp.filter((entry) => entry.startsWith('docksnap-fleet')), [], name);
    }
  });
});
