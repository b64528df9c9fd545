import type { MountRow } from '../../types/snapshot.generated.js';

/** Decodes the octal escapes (`\040` for a space) the kernel writes in mount tables. */
export function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Parses /proc/PID/mountinfo (proc(5)): ids, root, mount point, options, optional fields, type, source, super options. */
export function parseMountinfo(mntNs: string, text: string): MountRow[] {
  const rows: MountRow[] = [];
  for (const line of text.split('\n')) {
    const separator = line.indexOf(' - ');
    if (separator < 0) continue;
    const [mountId, parentId, device, root, mountPoint, options, ...optional] = line.slice(0, separator).split(' ');
    const [fsType, source, superOptions] = line.slice(separator + 3).split(' ');
    if (mountPoint === undefined || fsType === undefined) continue;
    rows.push({
      mnt_ns: mntNs,
      position: rows.length,
      mount_id: Number(mountId),
      parent_id: Number(parentId),
      device: device ?? null,
      root: root === undefined ? null : unescapeOctal(root),
      mount_point: unescapeOctal(mountPoint),
      mount_options: options ?? null,
      optional_fields: optional.length > 0 ? optional.join(' ') : null,
      fs_type: fsType,
      source: source === undefined ? null : unescapeOctal(source),
      super_options: superOptions ?? null,
    });
  }
  return rows;
}

/** Parses /proc/PID/mounts (fstab format), for kernels and saved trees without mountinfo. */
export function parseMounts(mntNs: string, text: string): MountRow[] {
  const rows: MountRow[] = [];
  for (const line of text.split('\n')) {
    const [source, mountPoint, fsType, options] = line.split(' ');
    if (mountPoint === undefined || fsType === undefined) continue;
    rows.push({
      mnt_ns: mntNs,
      position: rows.length,
      mount_id: null,
      parent_id: null,
      device: null,
      root: null,
      mount_point: unescapeOctal(mountPoint),
      mount_options: options ?? null,
      optional_fields: null,
      fs_type: fsType,
      source: source === undefined ? null : unescapeOctal(source),
      super_options: null,
    });
  }
  return rows;
}
