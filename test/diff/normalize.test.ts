import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SideContext } from '../../src/diff/context.js';
import type { Entity } from '../../src/diff/entity.js';
import fc from 'fast-check';
import { classify, normalizeText, textNormalizer } from '../../src/diff/classify.js';
import { NOISE_RULES, type ContainerFate, type RuleInput } from '../../src/diff/normalize.js';
import { object, type Tree } from '../../src/diff/tree.js';
import type { DiffMode, EntityKind } from '../../src/diff/types.js';
import { fuzzParameters } from '../helpers/fuzz.js';

const WEB_A = 'a'.repeat(64);
const WEB_B = 'b'.repeat(64);

function context(id: string, root: string, host: string): SideContext {
  return { dockerRoot: root, execRoot: `/run/${host}`, hostName: host, containerNames: new Map([[id, 'web']]), shortIds: new Map([[id.slice(0, 12), id]]), layerOwners: new Map([[`${id[0]}`.repeat(64).replace(/./, 'f'), id]]) };
}

function entity(kind: EntityKind, role: string | null = null, owner: string | null = null, extra: { exec?: boolean; pid?: number; hostConfig?: Record<string, Tree> } = {}): Entity {
  const members: [string, Tree][] = [];
  if (extra.pid !== undefined) members.push(['pid', extra.pid]);
  if (extra.hostConfig) members.push(['HostConfig', object(Object.entries(extra.hostConfig))]);
  const tree = members.length === 0 ? Object.create(null) : object(members);
  return { kind, match: 'm', key: 'k', nativeId: 'n', owner, role, exec: extra.exec ?? false, source: null, tree, summary: null };
}

interface Case {
  readonly mode: DiffMode;
  readonly kind: EntityKind;
  readonly path: string;
  readonly old: Tree;
  readonly new: Tree;
  readonly role?: string;
  readonly ownerA?: string;
  readonly ownerB?: string;
  readonly fatesA?: [string, ContainerFate][];
  readonly fatesB?: [string, ContainerFate][];
  readonly ignored?: boolean;
  /** The owner container's env in each snapshot. */
  readonly envA?: Record<string, string>;
  readonly envB?: Record<string, string>;
  /** The process is an exec session; its pid; its owner container's init pid (in both snapshots). */
  readonly exec?: boolean;
  readonly pid?: number;
  /** The list entry a change lies in, on each side. */
  readonly entry?: { old: Tree; new: Tree };
  readonly init?: number;
  /** A container's HostConfig in each snapshot. */
  readonly hostConfigA?: Record<string, Tree>;
  readonly hostConfigB?: Record<string, Tree>;
}

function ownerTree(env: Record<string, string> | undefined, init: number | undefined) {
  if (!env && init === undefined) return undefined;
  return object([['env', object(Object.entries(env ?? {}))], ['state', object([['pid', init ?? null]])]]);
}

function verdict(c: Case): string {
  const input: RuleInput = {
    mode: c.mode,
    kind: c.kind,
    path: c.path,
    change: { kind: c.old === null ? 'added' : c.new === null ? 'removed' : 'changed', old: c.old, new: c.new },
    a: c.old === null && c.path === '' ? undefined : entity(c.kind, c.role ?? null, c.ownerA ?? null, { exec: c.exec, pid: c.pid, hostConfig: c.hostConfigA }),
    b: c.new === null && c.path === '' ? undefined : entity(c.kind, c.role ?? null, c.ownerB ?? null, { exec: c.exec, pid: c.pid, hostConfig: c.hostConfigB }),
    ctxA: context(WEB_A, '/var/lib/docker', 'alpha'),
    ctxB: context(WEB_B, '/srv/docker', 'beta'),
    fatesA: new Map(c.fatesA ?? []),
    fatesB: new Map(c.fatesB ?? []),
    ignored: c.ignored ?? false,
    entry: c.entry,
    ownerA: ownerTree(c.envA, c.init),
    ownerB: ownerTree(c.envB, c.init),
  };
  const found = classify(input);
  return found ? `${found.rule.id}:${found.effect}` : 'config';
}

/** Each rule, shown matching a change it is for (and, where it matters, how its effect depends on the mode). */
const CASES: Readonly<Record<string, readonly [Case, string][]>> = {
  ignore: [[{ mode: 'same-host', kind: 'container', path: '/labels/build-id', old: '1', new: '2', ignored: true }, 'ignore:suppress']],
  'container-lifecycle': [[{ mode: 'same-host', kind: 'process', path: '', old: null, new: { pid: 9 }, ownerB: WEB_B, fatesB: [[WEB_B, 'added']] }, 'container-lifecycle:suppress']],
  'run-state': [
    [{ mode: 'same-host', kind: 'container', path: '/state/started_at', old: '2026-01-01T00:00:00Z', new: '2026-01-02T00:00:00Z' }, 'run-state:runtime'],
    [{ mode: 'same-host', kind: 'container', path: '/state/state', old: 'running', new: 'paused' }, 'run-state:runtime'],
    [{ mode: 'across-hosts', kind: 'container', path: '/state/state', old: 'running', new: 'exited' }, 'run-state:suppress'],
    // Limits are read from a running container's cgroup only: gone when it stopped.
    [{ mode: 'same-host', kind: 'container', path: '/cgroup_limits/pids.max', old: 'max', new: null }, 'run-state:runtime'],
    [{ mode: 'same-host', kind: 'process', role: 'container', path: '', old: { pid: 9 }, new: null, ownerA: WEB_A, fatesA: [[WEB_A, 'stopped']] }, 'run-state:runtime'],
  ],
  restart: [
    [{ mode: 'same-host', kind: 'container', path: '/id', old: WEB_A, new: WEB_B }, 'restart:runtime'],
    [{ mode: 'same-host', kind: 'process', path: '/fds/31/target', old: `/x/${WEB_A}-json.log`, new: '/dev/null', fatesA: [[WEB_A, 'restarted']] }, 'restart:runtime'],
    [{ mode: 'across-hosts', kind: 'container', path: '/id', old: WEB_A, new: WEB_B }, 'container-ids:suppress'],
  ],
  'exec-session': [
    [{ mode: 'same-host', kind: 'process', role: 'container', exec: true, path: '', old: null, new: { pid: 9 } }, 'exec-session:suppress'],
    [{ mode: 'same-host', kind: 'process', role: 'shim', path: '/fds/x', old: null, new: { target: `/run/docker/containerd/${WEB_A}/${'e'.repeat(64)}-stdout` } }, 'exec-session:suppress'],
    [{ mode: 'same-host', kind: 'process', role: 'dockerd', path: '/fds/x', old: null, new: { target: `/run/docker/containerd/${WEB_A}/init-stdout` } }, 'config'],
  ],
  'short-lived': [
    [{ mode: 'same-host', kind: 'process', role: 'container', path: '', old: null, new: { pid: 77 }, pid: 77, init: 10, ownerB: WEB_B, envB: {} }, 'short-lived:runtime'],
    [{ mode: 'same-host', kind: 'process', role: 'container', path: '', old: { pid: 10 }, new: null, pid: 10, init: 10, ownerA: WEB_A, envA: {} }, 'config'],
    [{ mode: 'across-hosts', kind: 'process', role: 'container', path: '', old: null, new: { pid: 77 }, pid: 77, init: 10, ownerB: WEB_B, envB: {} }, 'config'],
  ],
  'fd-numbers': [[{ mode: 'same-host', kind: 'process', role: 'dockerd', path: '/fds/~1var~1log~1x.log/fd', old: 31, new: 34 }, 'fd-numbers:suppress']],
  'env-mirror': [
    [{ mode: 'across-hosts', kind: 'process', role: 'container', path: '/environ/LEVEL', old: '1', new: '2', envA: { LEVEL: '1' }, envB: { LEVEL: '2' } }, 'env-mirror:suppress'],
    [{ mode: 'same-host', kind: 'process', role: 'container', path: '/environ/LEVEL', old: '1', new: '3', envA: { LEVEL: '1' }, envB: { LEVEL: '2' } }, 'config'],
  ],
  'cgroup-mirror': [
    // docker run --memory 64m on the second capture: the v1 limit file follows the config (page-rounded).
    [{ mode: 'same-host', kind: 'container', path: '/cgroup_limits/memory.limit_in_bytes', old: '9223372036854771712', new: '67108864', hostConfigA: { Memory: 0 }, hostConfigB: { Memory: 67108864 } }, 'cgroup-mirror:suppress'],
    [{ mode: 'across-hosts', kind: 'container', path: '/cgroup_limits/cpu.max', old: '50000 100000', new: 'max 100000', hostConfigA: { NanoCpus: 500000000 }, hostConfigB: { NanoCpus: 0 } }, 'cgroup-mirror:suppress'],
    [{ mode: 'same-host', kind: 'container', path: '/cgroup_limits/cpu.weight', old: '100', new: '20', hostConfigA: { CpuShares: 0 }, hostConfigB: { CpuShares: 512 } }, 'cgroup-mirror:suppress'],
    // Written into the cgroup behind the engine: the config still says unlimited.
    [{ mode: 'same-host', kind: 'container', path: '/cgroup_limits/memory.max', old: 'max', new: '33554432', hostConfigA: { Memory: 0 }, hostConfigB: { Memory: 0 } }, 'config'],
    [{ mode: 'same-host', kind: 'container', path: '/cgroup_limits/pids.max', old: 'max', new: '50', hostConfigA: { PidsLimit: null }, hostConfigB: { PidsLimit: 100 } }, 'config'],
  ],
  'drift-churn': [
    [{ mode: 'same-host', kind: 'drift', path: '/~1run~1nginx.pid', old: null, new: { type: 'file', sha256: 'a' } }, 'drift-churn:runtime'],
    [{ mode: 'across-hosts', kind: 'drift', path: '/~1tmp~1.s.PGSQL.5432', old: null, new: { type: 'socket' } }, 'drift-churn:suppress'],
    [{ mode: 'same-host', kind: 'drift', path: '/~1var~1run~1app.fifo', old: { type: 'fifo' }, new: null }, 'drift-churn:runtime'],
    [{ mode: 'same-host', kind: 'drift', path: '/~1etc~1passwd/sha256', old: 'a', new: 'b' }, 'config'],
    [{ mode: 'same-host', kind: 'drift', path: '/~1tmp~1payload', old: null, new: { type: 'file' } }, 'config'],
    [{ mode: 'same-host', kind: 'drift', path: '/~1etc~1app.sock', old: null, new: { type: 'socket' } }, 'config'],
  ],
  'log-growth': [
    [{ mode: 'same-host', kind: 'container', path: '/log/size', old: 10, new: 20 }, 'log-growth:runtime'],
    [{ mode: 'across-hosts', kind: 'container', path: '/log/tail_sha256', old: 'x', new: 'y' }, 'log-growth:suppress'],
  ],
  'volatile-counters': [[{ mode: 'same-host', kind: 'process', path: '/vm_rss_kib', old: 1, new: 2 }, 'volatile-counters:suppress']],
  'daemon-connections': [
    [{ mode: 'same-host', kind: 'process', role: 'dockerd', path: '/fds/40', old: null, new: { target: 'socket:[5]' } }, 'daemon-connections:suppress'],
    [{ mode: 'same-host', kind: 'process', role: 'container', path: '/fds/40', old: null, new: { target: 'socket:[5]' } }, 'config'],
    [{ mode: 'same-host', kind: 'process', role: 'dockerd', path: '/fds/40', old: null, new: { target: '/etc/passwd' } }, 'config'],
    [{ mode: 'same-host', kind: 'process', role: 'shim', path: '/fds/socket:[*]/flags', old: '04002', new: '02004002', entry: { old: { target: 'socket:[1]' }, new: { target: 'socket:[2]' } } }, 'daemon-connections:suppress'],
  ],
  pids: [
    [{ mode: 'across-hosts', kind: 'process', path: '/ppid', old: 1, new: 7 }, 'pids:suppress'],
    [{ mode: 'same-host', kind: 'process', path: '/ppid', old: 100, new: 1 }, 'pids:runtime'],
  ],
  'start-times': [
    [{ mode: 'across-hosts', kind: 'process', path: '/start_time', old: 1, new: 2 }, 'start-times:suppress'],
  ],
  timestamps: [
    [{ mode: 'across-hosts', kind: 'image', path: '/created_at', old: 'a', new: 'b' }, 'timestamps:suppress'],
    [{ mode: 'same-host', kind: 'file', path: '/mtime', old: 'a', new: 'b' }, 'timestamps:runtime'],
  ],
  'namespace-inodes': [[{ mode: 'across-hosts', kind: 'process', path: '/namespaces/net', old: 4026531840, new: 4026532000 }, 'namespace-inodes:suppress']],
  'inode-numbers': [
    [{ mode: 'same-host', kind: 'process', role: 'container', path: '/fds/1/target', old: 'pipe:[123]', new: 'pipe:[456]' }, 'inode-numbers:suppress'],
    [{ mode: 'same-host', kind: 'process', role: 'container', path: '/fds/1/target', old: 'pipe:[123]', new: 'socket:[456]' }, 'config'],
  ],
  'container-ids': [
    [{ mode: 'across-hosts', kind: 'process', path: '/cgroups/0:', old: `/docker/${WEB_A}`, new: `/docker/${WEB_B}` }, 'container-ids:suppress'],
    [{ mode: 'across-hosts', kind: 'container', path: '/hostname', old: WEB_A.slice(0, 12), new: WEB_B.slice(0, 12) }, 'container-ids:suppress'],
    [{ mode: 'across-hosts', kind: 'process', path: '/cgroups/0:', old: `/docker/${WEB_A}`, new: `/docker/${'c'.repeat(64)}` }, 'config'],
  ],
  'mount-and-layer-ids': [
    [{ mode: 'same-host', kind: 'process', path: '/mounts/~1/mount_id', old: 1875, new: 1901 }, 'mount-and-layer-ids:suppress'],
    [{ mode: 'across-hosts', kind: 'container', path: '/layers/0/layer_id', old: 'x', new: 'y' }, 'mount-and-layer-ids:suppress'],
  ],
  'layer-dirs': [
    [{ mode: 'same-host', kind: 'process', path: '/mounts/~1/super_options', old: `lowerdir=/d/overlay2/l/ABCDEFGHIJKLMNOPQRSTUVWXYZ,upperdir=/d/overlay2/${'1'.repeat(64)}/diff`, new: `lowerdir=/d/overlay2/l/ZYXWVUTSRQPONMLKJIHGFEDCBA,upperdir=/d/overlay2/${'2'.repeat(64)}/diff` }, 'layer-dirs:suppress'],
  ],
  'root-paths': [
    [{ mode: 'across-hosts', kind: 'container', path: '/log_path', old: `/var/lib/docker/containers/${WEB_A}/${WEB_A}-json.log`, new: `/srv/docker/containers/${WEB_B}/${WEB_B}-json.log` }, 'root-paths:suppress'],
    [{ mode: 'same-host', kind: 'container', path: '/log_path', old: '/var/lib/docker/x', new: '/srv/docker/x' }, 'config'],
    [{ mode: 'across-hosts', kind: 'container', path: '/log_path', old: '/var/lib/dockerx/x', new: '/srv/docker/x' }, 'config'],
  ],
  'host-names': [
    [{ mode: 'across-hosts', kind: 'file', path: '/content/entries/2/names/0', old: 'alpha', new: 'beta' }, 'host-names:suppress'],
    [{ mode: 'across-hosts', kind: 'container', path: '/env/HOST', old: 'alpha', new: 'beta' }, 'config'],
  ],
};

test('every noise rule has an id, a description, an effect and a test below', () => {
  const ids = NOISE_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const rule of NOISE_RULES) {
    assert.match(rule.id, /^[a-z-]+$/);
    assert.ok(rule.description.endsWith('.'), `${rule.id} has a description`);
    assert.ok(rule.effect['same-host'] ?? rule.effect['across-hosts'], `${rule.id} does something in some mode`);
  }
  assert.deepEqual(Object.keys(CASES).sort(), [...ids].sort());
});

for (const [id, cases] of Object.entries(CASES)) {
  test(`noise rule ${id}`, () => {
    for (const [c, expected] of cases) assert.equal(verdict(c), expected, `${c.mode} ${c.kind} ${c.path} ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`);
  });
}

test('normalizeText applies every rewrite of the mode, for keys built from host values', () => {
  const ctx = context(WEB_A, '/var/lib/docker', 'alpha');
  const shim = `-id ${WEB_A} -address /run/alpha/containerd/containerd.sock socket:[77]`;
  assert.equal(normalizeText(shim, ctx, 'across-hosts'), '-id web -address <exec-root>/containerd/containerd.sock socket:[*]');
  assert.equal(normalizeText(shim, ctx, 'same-host'), '-id web -address /run/alpha/containerd/containerd.sock socket:[*]');
});

test('textNormalizer rewrites every value as normalizeText does, values that share a rewrite after the inode numbers too', () => {
  // Fragments every rewrite acts on; a host named `socket` is rewritten only after the inode numbers are hidden.
  const fragment = fc.constantFrom('socket:[', 'pipe:[', ']', '77', '78', WEB_A, WEB_A.slice(0, 12), '/var/lib/docker', '/overlay2/', 'f'.repeat(64), '/diff', '/run/alpha', 'alpha', 'socket', ' ', '/');
  const contexts = [context(WEB_A, '/var/lib/docker', 'alpha'), context(WEB_A, '/var/lib/docker', 'socket')];
  fc.assert(
    fc.property(fc.array(fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join('')), { minLength: 1, maxLength: 8 }), fc.constantFrom<DiffMode>('same-host', 'across-hosts'), fc.constantFrom(0, 1), (texts, mode, which) => {
      const ctx = contexts[which]!;
      const normalize = textNormalizer(ctx, mode);
      // Twice over: the second pass reads what the first remembered.
      for (const text of [...texts, ...texts]) assert.equal(normalize(text), normalizeText(text, ctx, mode), text);
    }),
    fuzzParameters(300),
  );
  const normalize = textNormalizer(contexts[1]!, 'across-hosts');
  assert.deepEqual(['socket:[1]', 'socket:[2]', 'pipe:[3]'].map(normalize), ['<host>:[*]', '<host>:[*]', 'pipe:[*]']);
});
