import { fileRecordTexts, type FileRecord } from '../../read/file-records.js';
import type { Entity } from '../entity.js';
import { DAEMON_OWNER, fileKey } from '../keys.js';
import { object, type Tree, type TreeObject } from '../tree.js';
import type { DiffMode } from '../types.js';
import { documentTree } from './document.js';

/**
 * Roles not compared as files: a container's own configuration documents, which its container
 * entity holds field by field, and the runtime's copies derived from them (OCI spec, runc state).
 */
export const FILES_COMPARED_ELSEWHERE: ReadonlySet<string> = new Set(['config.v2.json', 'config.json', 'config.lxc', 'hostconfig.json', 'oci-config.json', 'runc-state.json']);

/** A file by owner and role: its parsed content when it has one (else its hash and size), path, mode and mtime. */
export function fileEntity(file: FileRecord, ownerLabel: string | null, mode: DiffMode): Entity {
  const key = fileKey(ownerLabel ?? DAEMON_OWNER, file.role);
  const build = (): TreeObject => {
    const entries: [string, Tree][] = [
      ['path', file.path],
      ['mode', file.mode],
      ['mtime', file.mtime],
    ];
    if (file.parsed === null) entries.push(['sha256', file.sha256], ['size', file.size]);
    else entries.push(['content', documentTree(file.parsed, '/content')]);
    return object(entries);
  };
  let tree: TreeObject | undefined;
  let summary: TreeObject | undefined;
  return {
    kind: 'file',
    match: key,
    key,
    nativeId: `${file.container_id ?? ''}/${file.role}`,
    owner: file.container_id,
    role: null,
    source: null,
    get tree() {
      return (tree ??= build());
    },
    fingerprint: mode === 'same-host' ? [ownerLabel, ...fileRecordTexts(file)] : undefined,
    get summary() {
      return (summary ??= object([['path', file.path], ['sha256', file.sha256]]));
    },
  };
}
