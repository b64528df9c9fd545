import type { CaptureError } from '../errors.js';
import { jsonFileRow, omittedFileRow, type FileInsert } from '../file-row.js';
import { createRootReader } from '../docker-root/root-reader.js';

/** Where each era's runtime keeps a running container's OCI spec and runc state, relative to the exec root. */
const RUNTIME_FILES: readonly { role: string; path: (id: string) => string }[] = [
  { role: 'oci-config.json', path: (id) => `containerd/daemon/io.containerd.runtime.v2.task/moby/${id}/config.json` },
  { role: 'oci-config.json', path: (id) => `containerd/daemon/io.containerd.runtime.v1.linux/moby/${id}/config.json` },
  { role: 'oci-config.json', path: (id) => `libcontainerd/${id}/config.json` },
  { role: 'runc-state.json', path: (id) => `runtime-runc/moby/${id}/state.json` },
  { role: 'runc-state.json', path: (id) => `execdriver/native/${id}/state.json` },
];

/** The same for a daemon that uses the system containerd (--containerd): its bundles live in containerd's state dir. */
const SYSTEM_CONTAINERD_STATE = '/run/containerd';
const SYSTEM_RUNTIME_FILES: readonly { role: string; path: (id: string) => string }[] = [
  { role: 'oci-config.json', path: (id) => `io.containerd.runtime.v2.task/moby/${id}/config.json` },
];

/**
 * Reads the runtime files of the given (running) containers: the OCI spec and runc's state.
 * The first file found per role is kept; absent files are normal (another era, a stopped container).
 * Each root is read through one RootReader, so the directories shared by every container
 * (containerd/daemon/io.containerd.runtime.v2.task/moby/) are resolved once.
 */
export function readExecRoot(execRoot: string, containerIds: readonly string[], options: { systemContainerd: boolean }): { files: FileInsert[]; errors: CaptureError[] } {
  const files: FileInsert[] = [];
  const readers = [createRootReader(execRoot, 'exec-root'), ...(options.systemContainerd ? [createRootReader(SYSTEM_CONTAINERD_STATE, 'exec-root')] : [])];
  const sources = [...RUNTIME_FILES.map((f) => ({ reader: readers[0]!, ...f })), ...(readers[1] ? SYSTEM_RUNTIME_FILES.map((f) => ({ reader: readers[1]!, ...f })) : [])];
  for (const id of containerIds) {
    const found = new Set<string>();
    for (const { reader, role, path } of sources) {
      if (found.has(role)) continue;
      const relative = path(id);
      const read = reader.read(`container ${id}`, relative);
      const oversized = read ? undefined : reader.oversized(relative);
      if (read) files.push(jsonFileRow(id, role, read));
      else if (oversized) files.push(omittedFileRow(id, role, oversized));
      else continue;
      found.add(role);
    }
  }
  return { files, errors: readers.flatMap((reader) => reader.errors) };
}
