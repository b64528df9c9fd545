/**
 * A container's run state as one value (running, paused, exited (137), OOM-killed) and exec
 * sessions: what an operator asks first of a diff, reported in the state group.
 */
import type { Entity } from './entity.js';
import { isTreeObject, object, type Tree, type TreeObject } from './tree.js';

/** A container's status as the state group reports it: the state, how it ended, and since when. */
export interface ContainerStatus {
  readonly state: string;
  readonly exit_code: number | null;
  readonly oom_killed: boolean | null;
  /** When it entered the state, as Docker records it: finished_at once ended, started_at while running; null when unrecorded (paused). */
  readonly at: string | null;
}

const ENDED = new Set(['exited', 'dead']);

export function containerStatus(tree: TreeObject): ContainerStatus {
  const s = isTreeObject(tree['state']) ? tree['state'] : {};
  const state = typeof s['state'] === 'string' ? s['state'] : 'unknown';
  const ended = ENDED.has(state);
  const time = (v: Tree | undefined) => (typeof v === 'string' ? v : null);
  return {
    state,
    exit_code: ended && typeof s['exit_code'] === 'number' ? s['exit_code'] : null,
    oom_killed: s['oom_killed'] === 1 ? true : s['oom_killed'] === 0 ? false : null,
    at: ended ? time(s['finished_at']) : state === 'running' || state === 'restarting' ? time(s['started_at']) : state === 'created' ? time(tree['created_at']) : null,
  };
}

/** `running`, `paused`, `exited (137)`, `exited (137, OOM-killed)`: what the state group compares and prints. */
export function statusLabel(status: Pick<ContainerStatus, 'state' | 'exit_code' | 'oom_killed'>): string {
  const notes = [...(status.exit_code === null ? [] : [String(status.exit_code)]), ...(status.oom_killed ? ['OOM-killed'] : [])];
  return notes.length === 0 ? status.state : `${status.state} (${notes.join(', ')})`;
}

/** The status change of a container pair, when its label differs (a restart that ends running again is not one). */
export function statusChange(a: Entity, b: Entity): { old: TreeObject; new: TreeObject } | undefined {
  const [old, now] = [containerStatus(a.tree), containerStatus(b.tree)];
  if (statusLabel(old) === statusLabel(now)) return undefined;
  return { old: statusTree(old), new: statusTree(now) };
}

function statusTree(s: ContainerStatus): TreeObject {
  return object([['state', s.state], ['exit_code', s.exit_code], ['oom_killed', s.oom_killed], ['at', s.at]]);
}

/** An exec fifo of dockerd, containerd or a shim: `<exec-root>/containerd/<container>/<exec id>-stdout` (the init's are `init-stdout`). */
const EXEC_FIFO = /\/[0-9a-f]{64}-std(?:in|out|err)$/;

export function isExecFifo(value: Tree): boolean {
  const target = typeof value === 'string' ? value : isTreeObject(value) ? value['target'] : null;
  return typeof target === 'string' && EXEC_FIFO.test(target);
}

/**
 * A container process started by `docker exec`: a child of the container's shim that is not
 * its init process (the init's descendants are children of the init).
 */
export function isExecProcess(p: { pid: number; ppid: number | null; role: string }, shimPid: number | undefined, initPid: number | null): boolean {
  return p.role === 'container' && shimPid !== undefined && p.ppid === shimPid && p.pid !== initPid;
}
