/**
 * The noise rules: ONE table of data. A change that a rule matches is, in the current mode,
 * either suppressed (counted, listed by --show-suppressed with the rule's id) or moved to the
 * runtime group. The first matching rule wins, in table order. A rule matches when the change
 * is in its scope (kinds, path globs, `when`) and, for a rule with a `rewrite`, when old and new
 * become equal once every rewrite so far in the table has been applied to each side's value.
 */
import { mirrorsHostConfig } from './cgroup-mirror.js';
import type { SideContext } from './context.js';
import type { Entity } from './entity.js';
import { isUnder } from './pointer.js';
import { fates, isAnonymousFd, isDriftChurn, isShortLived, mirrorsEnv } from './rule-predicates.js';
import { isExecFifo } from './state.js';
import { hideHostName, hideInodes, hideLayerDirs, nameContainers, relativeToRoots } from './rewrites.js';
import type { Tree, TreeObject } from './tree.js';
import type { ChangeKind, DiffMode, EntityKind } from './types.js';

export type RuleEffect = 'suppress' | 'runtime';
export type ContainerFate = 'added' | 'removed' | 'restarted' | 'stopped' | 'started';

/** One change as the rules see it, with both entities and both snapshots' contexts. */
export interface RuleInput {
  readonly mode: DiffMode;
  readonly kind: EntityKind;
  readonly path: string;
  readonly change: { readonly kind: ChangeKind; readonly old: Tree; readonly new: Tree };
  /** For a change inside a list entry (`/fds/31/flags`), that entry on each side: what it names counts too. */
  readonly entry?: { readonly old: Tree; readonly new: Tree } | undefined;
  readonly a: Entity | undefined;
  readonly b: Entity | undefined;
  readonly ctxA: SideContext;
  readonly ctxB: SideContext;
  /** What happened to each snapshot's containers, by id: added, removed, restarted or recreated. */
  readonly fatesA: ReadonlyMap<string, ContainerFate>;
  readonly fatesB: ReadonlyMap<string, ContainerFate>;
  /** The tree of the container the entity belongs to, in each snapshot (for a process or file). */
  readonly ownerA?: TreeObject | undefined;
  readonly ownerB?: TreeObject | undefined;
  /** True when an --ignore glob (or a default one) matches the change. */
  readonly ignored: boolean;
}

export interface NoiseRule {
  readonly id: string;
  readonly description: string;
  readonly effect: Readonly<Record<DiffMode, RuleEffect | null>>;
  readonly kinds?: readonly EntityKind[];
  /** JSON Pointer globs (`*` one segment, `**` any) the change's path must match. */
  readonly paths?: readonly string[];
  readonly when?: (input: RuleInput) => boolean;
  readonly rewrite?: (text: string, ctx: SideContext) => string;
}

const both = (effect: RuleEffect) => ({ 'same-host': effect, 'across-hosts': effect });

export const NOISE_RULES: readonly NoiseRule[] = [
  { id: 'ignore', description: 'The path matches an --ignore glob or a default ignore glob.', effect: both('suppress'), when: (i) => i.ignored },
  {
    id: 'container-lifecycle',
    description: 'The processes, files and daemon fds of a container that was added or removed: reported once, as the container.',
    effect: both('suppress'),
    when: (i) => i.kind !== 'container' && fates(i).some((f) => f === 'added' || f === 'removed'),
  },
  {
    id: 'run-state',
    description: "A container's run-state fields (state, running, pid, exit code, OOM flag, start and finish times, restart count), reported once as its state change; the processes and daemon fds that went or came when it stopped or started, and the cgroup limits only a running container has.",
    effect: { 'same-host': 'runtime', 'across-hosts': 'suppress' },
    when: (i) =>
      i.kind === 'container'
        ? isUnder(i.path, '/state') || (isUnder(i.path, '/cgroup_limits') && (i.change.old === null || i.change.new === null))
        : fates(i).some((f) => f === 'stopped' || f === 'started'),
  },
  {
    id: 'restart',
    description: "A container's new id and creation time when recreated, and the processes and daemon fds that changed with its restart.",
    effect: { 'same-host': 'runtime', 'across-hosts': null },
    when: (i) => (i.kind === 'container' && (i.path === '/id' || i.path === '/created_at')) || fates(i).includes('restarted'),
  },
  {
    id: 'exec-session',
    description: 'The process of a `docker exec` session and the fifos dockerd, containerd and the shim hold for it: reported once, as the exec on its container.',
    effect: both('suppress'),
    kinds: ['process'],
    when: (i) => (i.path === '' && (i.a ?? i.b)?.exec === true) || ((i.a ?? i.b)?.role !== 'container' && isUnder(i.path, '/fds') && [i.change.old, i.change.new, i.entry?.old ?? null, i.entry?.new ?? null].some(isExecFifo)),
  },
  {
    id: 'short-lived',
    description: "A process of a running container, other than its init and its exec sessions, that came or went between the captures (a child of a script's loop): counted per container.",
    effect: { 'same-host': 'runtime', 'across-hosts': null },
    kinds: ['process'],
    paths: [''],
    when: isShortLived,
  },
  { id: 'fd-numbers', description: "The number of a daemon process's fd, which is matched by what it points at.", effect: both('suppress'), kinds: ['process'], paths: ['/fds/*/fd'] },
  {
    id: 'env-mirror',
    description: "A container process's environment variable that only repeats its container's env: reported once, on the container.",
    effect: both('suppress'),
    kinds: ['process'],
    paths: ['/environ/*'],
    when: (i) => (i.a ?? i.b)?.role === 'container' && mirrorsEnv(i.ownerA, i.path, i.change.old) && mirrorsEnv(i.ownerB, i.path, i.change.new),
  },
  {
    id: 'cgroup-mirror',
    description: "A container's cgroup limit that is only what its HostConfig asks for (memory, pids, cpu): reported once, as the HostConfig change. A limit that disagrees with the config stays.",
    effect: both('suppress'),
    kinds: ['container'],
    paths: ['/cgroup_limits/*'],
    when: (i) => mirrorsHostConfig(i.a?.tree, i.path, i.change.old) && mirrorsHostConfig(i.b?.tree, i.path, i.change.new),
  },
  { id: 'log-growth', description: "A container's json log size, modification time and contents.", effect: { 'same-host': 'runtime', 'across-hosts': 'suppress' }, kinds: ['container'], paths: ['/log/size', '/log/mtime', '/log/tail_sha256'] },
  {
    id: 'drift-churn',
    description: "A container's filesystem drift that any running service makes: sockets and FIFOs under /tmp, /run and /var/run, and pid files (*.pid).",
    effect: { 'same-host': 'runtime', 'across-hosts': 'suppress' },
    kinds: ['drift'],
    when: isDriftChurn,
  },
  { id: 'volatile-counters', description: "A process's state letter, thread count, resident memory and fd offsets, which change from one moment to the next.", effect: both('suppress'), kinds: ['process'], paths: ['/state', '/threads', '/vm_rss_kib', '/fds/*/pos'] },
  {
    id: 'daemon-connections',
    description: "A daemon process's socket, pipe and anon_inode fds: connections to clients, containerd and shims that come and go with each request.",
    effect: both('suppress'),
    kinds: ['process'],
    paths: ['/fds/**'],
    when: (i) => (i.a ?? i.b)?.role !== 'container' && [[i.change.old, i.change.new], ...(i.entry ? [[i.entry.old, i.entry.new]] : [])].some((pair) => pair.every((v) => v === null || isAnonymousFd(v))),
  },
  { id: 'pids', description: 'Process ids (pid, ppid, NSpid, a container\'s init pid).', effect: { 'same-host': 'runtime', 'across-hosts': 'suppress' }, kinds: ['process', 'container'], paths: ['/pid', '/ppid', '/nspid', '/state/pid'] },
  { id: 'start-times', description: 'Process start times (clock ticks since boot).', effect: { 'same-host': null, 'across-hosts': 'suppress' }, kinds: ['process'], paths: ['/start_time'] },
  { id: 'timestamps', description: 'Times of creation, start, finish and modification.', effect: { 'same-host': 'runtime', 'across-hosts': 'suppress' }, paths: ['/**/*_at', '/**/mtime'] },
  { id: 'namespace-inodes', description: "A process's namespace inode numbers.", effect: both('suppress'), kinds: ['process'], paths: ['/namespaces/*'] },
  { id: 'inode-numbers', description: 'Inode numbers inside socket:[N], pipe:[N] and namespace links.', effect: both('suppress'), rewrite: hideInodes },
  { id: 'container-ids', description: "Container ids, full or short, inside values (paths, cgroup lines, hostnames), read as the container's name.", effect: both('suppress'), rewrite: nameContainers },
  {
    id: 'mount-and-layer-ids',
    description: "Mount ids, parent ids, peer groups and device numbers of mounts; a container's read-write layer id and the layer ids of containers and images.",
    effect: both('suppress'),
    kinds: ['container', 'image', 'process'],
    paths: ['/mount_id', '/layers/*/layer_id', '/mounts/*/mount_id', '/mounts/*/parent_id', '/mounts/*/optional_fields', '/mounts/*/device', '/fds/*/mnt_id'],
  },
  { id: 'layer-dirs', description: 'Storage driver directories named by random layer ids (overlay2/<id>, overlay2/l/<link>).', effect: both('suppress'), rewrite: (text) => hideLayerDirs(text) },
  { id: 'root-paths', description: 'Paths under the Docker root or the exec root, compared relative to that root.', effect: { 'same-host': null, 'across-hosts': 'suppress' }, rewrite: relativeToRoots },
  {
    id: 'host-names',
    description: "The host's name inside a container's hostname, hosts and other files, its hostname and HOSTNAME.",
    effect: { 'same-host': null, 'across-hosts': 'suppress' },
    kinds: ['container', 'process', 'file'],
    paths: ['/hostname', '/environ/HOSTNAME', '/content/**'],
    rewrite: hideHostName,
  },
];

