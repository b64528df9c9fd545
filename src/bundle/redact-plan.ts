import type { TableName, TableRows } from '../types/snapshot.generated.js';

/**
 * What export does to each column of a snapshot when redaction is on. The type lists every
 * column of schemas/snapshot.sql, so a new column does not compile until it is classified here.
 * - keep: numbers, ids, hashes, names that cannot hold a secret;
 * - text: free text, given the text rules (URLs with credentials, tokens, secret key=value);
 * - json: a JSON document, redacted by structure and re-serialized;
 * - argv: a JSON array command line; cmdline: the same as NUL-separated bytes;
 * - env-value: an environment value, replaced unless its name (column `name`) is allowlisted;
 * - label-value: replaced when its key (column `key`) looks secret, else text rules;
 * - raw-bytes: the exact bytes of a text column that is not UTF-8 (comm_raw, environ raw…):
 *   left out of a redacted bundle (NULL), its redacted text twin standing for it;
 * - log-tail: a json-file log tail; file-content: a file's bytes;
 * - file-derived: computed again from the redacted value it describes (a file's `size`, `sha256`
 *   and `parsed`, parsed from the redacted bytes; a log's `tail_offset`);
 * - list-derived: a process list's digest, written again from the redacted rows (rewrite-copy.ts).
 */
export type Treatment =
  | 'keep'
  | 'text'
  | 'json'
  | 'argv'
  | 'cmdline'
  | 'env-value'
  | 'label-value'
  | 'log-tail'
  | 'file-content'
  | 'file-derived'
  | 'list-derived'
  | 'raw-bytes';

export type RedactionPlan = { readonly [T in TableName]: { readonly [C in keyof TableRows[T]]-?: Treatment } };

const k = 'keep' as const;
const t = 'text' as const;
const r = 'raw-bytes' as const;

export const REDACTION_PLAN: RedactionPlan = {
  snapshot: {
    id: k, tool_version: k, schema_version: k, host_name: k, boot_id: k, kernel_release: k, cgroup_version: k, mode: k,
    started_at: k, finished_at: k, proc_root: t, docker_root: t, exec_root: t, docker_host: t, docker_version: k,
    storage_driver: k, docker_root_era: k, options: 'json',
  },
  capture_error: { id: k, phase: k, subject: t, path: t, code: k, message: t },
  daemons: { pid: k, captured: k, data_root: t, exec_root: t, pidfile: t, hosts: 'json', containerd_address: t },
  processes: {
    pid: k, start_time: k, ppid: k, role: k, container_id: k, comm: t, cmdline: 'cmdline', argv: 'argv', exe: t, cwd: t, root: t,
    state: k, uids: k, gids: k, threads: k, vm_rss_kib: k, nspid: k, oom_score_adj: k, net_ns: k, mnt_ns: k, engine_id: t,
    comm_raw: r, exe_raw: r, cwd_raw: r, root_raw: r,
  },
  engines: {
    id: t, kind: k, version: k, data_root: t, run_root: t, endpoint: t, api_answered: k, pid: k, storage_driver: k, state_db: k,
    container_count: k,
  },
  engine_id_maps: { engine_id: t, pid: k, kind: k, inside_id: k, outside_id: k, count: k },
  process_fds: { pid: k, fd: k, target: t, kind: k, inode: k, pos: k, flags: k, mnt_id: k, target_raw: r },
  sockets: {
    id: k, netns: k, proto: k, inode: k, local_address: k, local_port: k, remote_address: k, remote_port: k, state: k, uid: k,
    path: t, socket_type: k, path_raw: r,
  },
  process_cgroups: { pid: k, hierarchy_id: k, controllers: k, path: t },
  mounts: {
    mnt_ns: k, position: k, mount_id: k, parent_id: k, device: k, root: t, mount_point: t, mount_options: t, optional_fields: k,
    fs_type: k, source: t, super_options: t, root_raw: r, mount_point_raw: r, source_raw: r,
  },
  process_namespaces: { pid: k, type: k, inode: k },
  process_limits: { pid: k, name: k, soft: k, hard: k, units: k },
  process_environ: { pid: k, position: k, name: k, value: 'env-value', raw: r },
  process_list_digests: { pid: k, list: k, sha256: 'list-derived' },
  containers: {
    id: k, name: t, image_id: k, image_name: t, state: k, running: k, pid: k, exit_code: k, created_at: k, started_at: k,
    finished_at: k, restart_count: k, oom_killed: k, path: t, args: 'argv', hostname: t, restart_policy: k, network_mode: t, storage_driver: k,
    mount_id: k, log_path: t, log_driver: k, config_format: k, source: k, engine_id: t, pod_id: k,
    namespace: t, runtime: k, snapshotter: k, pod_name: t, pod_namespace: t, cri_kind: k,
  },
  container_env: { container_id: k, position: k, name: k, value: 'env-value' },
  container_labels: { container_id: k, key: k, value: 'label-value' },
  container_ports: { container_id: k, container_port: k, proto: k, host_ip: k, host_port: k },
  container_mounts: { container_id: k, destination: t, type: k, source: t, name: t, driver: k, rw: k, propagation: k },
  container_layers: { container_id: k, position: k, role: k, layer_id: k, chain_id: k, diff_path: t },
  container_logs: { container_id: k, path: t, size: k, mtime: k, tail_offset: 'file-derived', tail: 'log-tail' },
  container_cgroups: { container_id: k, file: k, cgroup_version: k, controllers: k, cgroup_path: t, path: t, value: k },
  container_drift: {
    container_id: k, path: t, kind: k, type: k, mode: k, uid: k, gid: k, size: k, mtime: k, link_target: t, sha256: k,
    hash_skipped: k, magic: k, executable: k, setuid: k, setgid: k, world_writable: k, opaque: k,
  },
  files: {
    id: k, container_id: k, role: k, path: t, size: 'file-derived', mode: k, mtime: k, sha256: 'file-derived',
    content: 'file-content', parsed: 'file-derived',
  },
  images: { id: k, created_at: k, parent_id: k, size: k, os: k, architecture: k, source: k },
  image_tags: { image_id: k, tag: t },
  image_layers: { image_id: k, position: k, layer_id: k, diff_id: k, chain_id: k },
  volumes: { name: t, driver: k, mountpoint: t, created_at: k, labels: 'json' },
  containerd_leases: { engine_id: t, namespace: t, id: t, created_at: k, labels: 'json', snapshots: k, content: k },
  networks: { id: k, name: t, driver: k, scope: k, created_at: k },
  api_responses: { endpoint: t, body: 'json' },
};
