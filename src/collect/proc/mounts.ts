import type { MountRow } from '../../types/snapshot.generated.js';
import { exactFromBinary } from './raw-text.js';

/** A field of a table read as latin1 (one character per byte), escapes decoded: its UTF-8 text and, when not UTF-8, its bytes. */
function field(binary: string): { text: string; raw: Buffer | null } {
  // Most fields are ASCII with no escape: the same text in UTF-8, nothing to decode.
  if (PLAIN_ASCII.test(binary)) return { text: binary, raw: null };
  return exactFromBinary(unescapeOctal(binary));
}

const PLAIN_ASCII = /^[\x00-\x5b\x5d-\x7f]*$/;

/** Decodes the octal escapes (`\040` for a space) the kernel writes in mount tables. */
export function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * Parses /proc/PID/mountinfo (proc(5)): ids, root, mount point, options, optional fields, type,
 * source, super options. `text` is the table as latin1 (one character per byte, see readProcBinary),
 * so that escaped bytes decode to the path's exact bytes.
 */
export function parseMountinfo(mntNs: string, text: string): MountRow[] {
  const rows: MountRow[] = [];
  for (const line of text.split('\n')) {
    // Fields are single-space separated (spaces inside them are escaped); the optional fields end
    // at the first `-` after the six fixed ones (a mount point may itself be `-`).
    const tokens = line.split(' ');
    const separator = tokens.indexOf('-', 6);
    if (separator < 0) continue;
    const [mountId, parentId, device, root, mountPoint, options] = tokens;
    const optional = tokens.slice(6, separator);
    const [fsType, source, superOptions] = tokens.slice(separator + 1);
    if (mountPoint === undefined || fsType === undefined) continue;
    const rootField = root === undefined ? undefined : field(root);
    const point = field(mountPoint);
    const sourceField = source === undefined ? undefined : field(source);
    rows.push({
      mnt_ns: mntNs,
      position: rows.length,
      mount_id: Number(mountId),
      parent_id: Number(parentId),
      device: device ?? null,
      root: rootField?.text ?? null,
      mount_point: point.text,
      mount_options: options ?? null,
      optional_fields: optional.length > 0 ? optional.join(' ') : null,
      fs_type: fsType,
      source: sourceField?.text ?? null,
      super_options: superOptions ?? null,
      root_raw: rootField?.raw ?? null,
      mount_point_raw: point.raw,
      source_raw: sourceField?.raw ?? null,
    });
  }
  return rows;
}

/** Parses /proc/PID/mounts (fstab format), for kernels and saved trees without mountinfo; `text` as latin1, like parseMountinfo. */
export function parseMounts(mntNs: string, text: string): MountRow[] {
  const rows: MountRow[] = [];
  for (const line of text.split('\n')) {
    const [source, mountPoint, fsType, options] = line.split(' ');
    if (mountPoint === undefined || fsType === undefined) continue;
    const point = field(mountPoint);
    const sourceField = source === undefined ? undefined : field(source);
    rows.push({
      mnt_ns: mntNs,
      position: rows.length,
      mount_id: null,
      parent_id: null,
      device: null,
      root: null,
      mount_point: point.text,
      mount_options: options ?? null,
      optional_fields: null,
      fs_type: fsType,
      source: sourceField?.text ?? null,
      super_options: null,
      root_raw: null,
      mount_point_raw: point.raw,
      source_raw: sourceField?.raw ?? null,
    });
  }
  return rows;
}
