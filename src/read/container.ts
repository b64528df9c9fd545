import type { SnapshotDb } from '../store/open.js';
import type {
  ContainerLayerRow,
  ContainerMountRow,
  ContainerPortRow,
  ContainerRow,
  ProcessCgroupRow,
  ProcessFdRow,
  ProcessLimitRow,
  MountRow,
  ProcessNamespaceRow,
  ProcessRow,
} from '../types/snapshot.generated.js';
import { readContainerSettings, type ContainerSetting } from './container-settings.js';
import { splitLogRecords } from './log-records.js';
import { readPorts, type PortView } from './ports.js';
import { parseStoredStrings } from './stored-json.js';

type Without<T, K extends keyof T> = Omit<T, K>;
type MountView = Without<MountRow, 'mnt_ns'>;

export interface ProcessDetail extends Omit<ProcessRow, 'cmdline' | 'argv' | 'container_id'> {
  readonly argv: string[];
  readonly fds: Without<ProcessFdRow, 'pid'>[];
  readonly cgroups: Without<ProcessCgroupRow, 'pid'>[];
  readonly mounts: MountView[];
  readonly namespaces: Without<ProcessNamespaceRow, 'pid'>[];
  readonly limits: Without<ProcessLimitRow, 'pid'>[];
  readonly environ: { name: string; value: string | null }[];
}

export interface ContainerDetail {
  readonly container: Omit<ContainerRow, 'args'> & { args: string[] };
  readonly config: {
    readonly env: { name: string; value: string | null }[];
    readonly labels: Record<string, string>;
    readonly ports: Without<ContainerPortRow, 'container_id'>[];
    readonly mounts: Without<ContainerMountRow, 'container_id'>[];
  };
  /** Limits and security settings as Docker recorded them, with whether each is the default. */
  readonly settings: ContainerSetting[];
  readonly layers: Without<ContainerLayerRow, 'container_id'>[];
  readonly processes: ProcessDetail[];
  /** The engine's processes serving the container: shim, conmon, runtime, lxc-start. */
  readonly monitors: { pid: number; role: string; comm: string | null; argv: string[] }[];
  readonly sockets: PortView[];
  readonly files: CapturedFile[];
  readonly log: { path: string; size: number; mtime: string | null; tail_offset: number; tail: string; records: string[] } | null;
}

/** A captured file with its bytes: as text when they are UTF-8, else as base64. */
export interface CapturedFile {
  readonly role: string;
  readonly path: string;
  readonly size: number;
  readonly mode: number;
  readonly mtime: string;
  readonly sha256: string | null;
  /** null when the file was over its size cap: only its size and sha256 were kept. */
  readonly encoding: 'utf8' | 'base64' | null;
  readonly content: string | null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function fileWithContent<T extends { content: Buffer | null }>(file: T): Omit<T, 'content'> & { encoding: 'utf8' | 'base64' | null; content: string | null } {
  if (file.content === null) return { ...file, encoding: null, content: null };
  try {
    return { ...file, encoding: 'utf8', content: strictUtf8.decode(file.content) };
  } catch {
    return { ...file, encoding: 'base64', content: file.content.toString('base64') };
  }
}

/**
 * Everything the snapshot holds about one container (`show --container`); without its processes
 * when the caller reads them its own way, and with the snapshot's sockets when it read them once
 * for every container (the report).
 */
export function readContainerDetail(db: SnapshotDb, id: string, withProcesses = true, allSockets?: readonly PortView[]): ContainerDetail {
  const row = db.get<ContainerRow>('SELECT * FROM containers WHERE id = ?', id);
  if (!row) throw new Error(`container ${id} vanished from ${db.path}`);
  const byContainer = <T>(table: string, columns: string, order: string) =>
    db.all<T>(`SELECT ${columns} FROM ${table} WHERE container_id = ? ORDER BY ${order}`, id);
  const labels = Object.create(null) as Record<string, string>;
  for (const l of byContainer<{ key: string; value: string }>('container_labels', 'key, value', 'key')) labels[l.key] = l.value;
  const log = db.get<{ path: string; size: number; mtime: string | null; tail_offset: number; tail: Buffer }>(
    'SELECT path, size, mtime, tail_offset, tail FROM container_logs WHERE container_id = ?',
    id,
  );
  return {
    container: { ...row, args: parseStoredStrings(db, 'containers.args', row.args) },
    config: {
      env: byContainer('container_env', 'name, value', 'position'),
      labels,
      ports: byContainer('container_ports', 'container_port, proto, host_ip, host_port', 'container_port, proto, host_ip, host_port'),
      mounts: byContainer('container_mounts', 'destination, type, source, name, driver, rw, propagation', 'destination'),
    },
    settings: readContainerSettings(db, id),
    layers: byContainer('container_layers', 'position, role, layer_id, chain_id, diff_path', 'position'),
    processes: withProcesses ? db.all<ProcessRow>("SELECT * FROM processes WHERE container_id = ? AND role = 'container' ORDER BY pid", id).map((p) => processDetail(db, p)) : [],
    monitors: db
      .all<{ pid: number; role: string; comm: string | null; argv: string }>(
        "SELECT pid, role, comm, argv FROM processes WHERE container_id = ? AND role NOT IN ('container', 'unattributed') ORDER BY pid",
        id,
      )
      .map((p) => ({ ...p, argv: JSON.parse(p.argv) as string[] })),
    sockets: allSockets ? allSockets.filter((s) => s.container_id === id) : readPorts(db, id),
    files: byContainer<Omit<CapturedFile, 'encoding' | 'content'> & { content: Buffer | null }>('files', 'role, path, size, mode, mtime, sha256, content', 'role').map(fileWithContent),
    log: log ? { ...log, tail: log.tail.toString('utf8'), records: splitLogRecords(log.tail.toString('utf8')) } : null,
  };
}

export function processDetail(db: SnapshotDb, p: ProcessRow): ProcessDetail {
  // The raw byte columns, like cmdline, stay in the snapshot: views show the decoded text.
  const { cmdline: _cmdline, argv, container_id: _container, comm_raw: _c, exe_raw: _e, cwd_raw: _w, root_raw: _r, ...rest } = p;
  const byPid = <T>(table: string, columns: string, order: string) => db.all<T>(`SELECT ${columns} FROM ${table} WHERE pid = ? ORDER BY ${order}`, p.pid);
  return {
    ...rest,
    argv: parseStoredStrings(db, 'processes.argv', argv),
    fds: byPid('process_fds', 'fd, target, kind, inode, pos, flags, mnt_id', 'fd'),
    cgroups: byPid('process_cgroups', 'hierarchy_id, controllers, path', 'hierarchy_id DESC'),
    mounts: db.all<MountView>(
      'SELECT position, mount_id, parent_id, device, root, mount_point, mount_options, optional_fields, fs_type, source, super_options FROM mounts WHERE mnt_ns = ? ORDER BY position',
      p.mnt_ns,
    ),
    namespaces: byPid('process_namespaces', 'type, inode', 'type'),
    limits: byPid('process_limits', 'name, soft, hard, units', 'name'),
    environ: byPid('process_environ', 'name, value', 'position'),
  };
}
