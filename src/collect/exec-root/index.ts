import { join } from 'node:path';
import { captureError, type CaptureError } from '../errors.js';
import { jsonFileRow, omittedFileRow, type FileInsert } from '../file-row.js';
import { OversizedFileError, readFileInRoot } from '../../util/fs-readonly.js';
import { errnoCode } from '../../util/errno.js';

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
 */
export function readExecRoot(execRoot: string, containerIds: readonly string[], options: { systemContainerd: boolean }): { files: FileInsert[]; errors: CaptureError[] } {
  const files: FileInsert[] = [];
  const errors: CaptureError[] = [];
  for (const id of containerIds) {
    const sources = [
      ...RUNTIME_FILES.map((f) => ({ root: execRoot, ...f })),
      ...(options.systemContainerd ? SYSTEM_RUNTIME_FILES.map((f) => ({ root: SYSTEM_CONTAINERD_STATE, ...f })) : []),
    ];
    const found = new Set<string>();
    for (const source of sources) {
      if (found.has(source.role)) continue;
      const path = source.path(id);
      try {
        files.push(jsonFileRow(id, source.role, readFileInRoot(source.root, path)));
        found.add(source.role);
      } catch (error) {
        if (error instanceof OversizedFileError) {
          files.push(omittedFileRow(id, source.role, error));
          found.add(source.role);
        }
        if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'ENOTDIR') {
          errors.push(captureError('exec-root', `container ${id}`, join(source.root, path), error));
        }
      }
    }
  }
  return { files, errors };
}
