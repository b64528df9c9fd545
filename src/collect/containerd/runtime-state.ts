/**
 * The runtime v2 state of a container's task, <state>/io.containerd.runtime.v2.task/<ns>/<id>/:
 * the bundle's config.json (the OCI spec the task runs) and init.pid, kept as files rows.
 */
import type { RootReader } from '../docker-root/root-reader.js';
import { fileRow, jsonFileRow, type FileInsert } from '../file-row.js';
import type { TaskState } from './container.js';

const TASKS = 'io.containerd.runtime.v2.task';
/** A namespace or container id as containerd allows them: no path separators, no dot-dot. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export interface TaskRead {
  readonly task: TaskState | undefined;
  readonly files: FileInsert[];
}

/**
 * The task of `<namespace>/<id>`, undefined when its directory is absent (no task, or no state
 * read). `alive`: whether a pid runs; undefined when no /proc was read, then a recorded task counts as running.
 */
export function readTask(state: RootReader | undefined, namespace: string, id: string, alive: ((pid: number) => boolean) | undefined): TaskRead {
  if (!state || !SAFE_NAME.test(namespace) || !SAFE_NAME.test(id)) return { task: undefined, files: [] };
  const dir = `${TASKS}/${namespace}/${id}`;
  if (!state.stat(dir)?.isDirectory()) return { task: undefined, files: [] };
  const key = `${namespace}/${id}`;
  const files: FileInsert[] = [];
  const config = state.read(`container ${key}`, `${dir}/config.json`);
  if (config) files.push(jsonFileRow(key, 'oci-config.json', config));
  const pidFile = state.read(`container ${key}`, `${dir}/init.pid`, 'text');
  let pid: number | null = null;
  if (pidFile) {
    files.push(fileRow(key, 'init.pid', pidFile, () => undefined));
    const text = pidFile.bytes.toString('utf8').trim();
    pid = /^\d{1,10}$/.test(text) ? Number(text) : null;
  }
  const running = pid !== null && pid > 0 && (alive === undefined || alive(pid));
  return { task: { pid, running }, files };
}

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name);
}
