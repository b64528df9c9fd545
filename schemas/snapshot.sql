-- docksnap snapshot file: the single source of truth for its SQLite schema.
-- The store applies this file verbatim to every new snapshot; every table and column is
-- described by a comment inside its CREATE statement, so SQLite keeps the description in
-- sqlite_master and each snapshot describes itself. Times are UTC RFC 3339 strings.
-- Lists are child tables keyed by their owner (container_id or pid), never JSON blobs,
-- except where a value is an opaque document kept for reference (parsed files, API bodies).
-- Older versions are frozen beside it as snapshot-v<N>.sql; a file of an older version is checked
-- against its own DDL and read through this one (new columns read as NULL or their default), so
-- a column added here must be nullable or have a DEFAULT, and a table added here reads as empty.
-- Every table is STRICT (SQLite 3.37 or later reads it): SQLite refuses a value of the wrong type
-- on write, and its quick_check, run on every open, finds one that a crafted file holds.

PRAGMA user_version = 5;

CREATE TABLE snapshot ( -- One row describing the capture: who wrote it, from which host, how.
  id INTEGER PRIMARY KEY CHECK (id = 1), -- Always 1: a snapshot file holds exactly one capture.
  tool_version TEXT NOT NULL, -- Version of docksnap that wrote the file.
  schema_version INTEGER NOT NULL, -- Schema version of the file; equals PRAGMA user_version.
  host_name TEXT, -- Host name of the captured host, from <proc-root>/sys/kernel/hostname; NULL when unknown.
  boot_id TEXT, -- Boot id of the captured host, from <proc-root>/sys/kernel/random/boot_id; NULL when unknown.
  kernel_release TEXT, -- Kernel release of the captured host, from <proc-root>/sys/kernel/osrelease; NULL when unknown.
  cgroup_version TEXT, -- Cgroup layout of the captured host: v1, v2 or hybrid; NULL when unknown.
  mode TEXT NOT NULL CHECK (mode IN ('live', 'offline')), -- live: a running host; offline: a Docker root (and optional saved /proc) with no daemon.
  started_at TEXT NOT NULL, -- UTC time the capture started.
  finished_at TEXT NOT NULL, -- UTC time the capture finished.
  proc_root TEXT, -- The /proc tree read (absolute path); NULL when no /proc was read.
  docker_root TEXT, -- The Docker data root read (absolute path); NULL when none was read.
  exec_root TEXT, -- The Docker exec root read (absolute path); NULL when none was read.
  docker_host TEXT, -- The Docker API endpoint asked (e.g. unix:///var/run/docker.sock); NULL when the API was not used.
  docker_version TEXT, -- Docker engine version reported by the API, or inferred from the on-disk layout; NULL when unknown.
  storage_driver TEXT, -- Storage driver of the Docker root (overlay2, aufs, …); NULL when unknown.
  docker_root_era TEXT, -- On-disk layout era detected in the Docker root: lxc (0.x), v1 (<1.10) or v2 (≥1.10); NULL when none was read.
  options TEXT NOT NULL -- JSON object of the capture options that shape the content (log_tail_bytes, api_timeout_ms, drift: false when skipped, else its limits max_entries, hash_max_bytes, capture_hash_max_bytes; docker_context and docker_tls (verify, no-verify or null) when a docker CLI context or DOCKER_HOST named the endpoint).
) STRICT;

CREATE TABLE capture_error ( -- What the capture could not read: a partial capture says what it missed.
  id INTEGER PRIMARY KEY, -- Row number, in the order the errors happened.
  phase TEXT NOT NULL, -- Collector that failed: host, proc, docker-root, exec-root, podman-root, containerd-root, api, drift (a container's writable layer) or cgroup (a container's cgroup files).
  subject TEXT NOT NULL, -- What was being captured: pid 123, container <id>, daemon, GET /info.
  path TEXT, -- File, link or API path that failed; NULL when none applies.
  code TEXT, -- errno code (ENOENT, EACCES…) or error kind (timeout, bad-json); NULL when none applies.
  message TEXT NOT NULL -- One readable line saying what went wrong.
) STRICT;

CREATE TABLE daemons ( -- dockerd processes found on the host; the one serving docker_host is the one captured.
  pid INTEGER PRIMARY KEY, -- Process id of the dockerd process.
  captured INTEGER NOT NULL, -- 1 for the daemon this snapshot describes, 0 for the other dockerd processes merely listed.
  data_root TEXT, -- Its data root (--data-root, -g or --graph; else the default).
  exec_root TEXT, -- Its exec root (--exec-root; else the default).
  pidfile TEXT, -- Its pidfile (--pidfile or -p; else the default).
  hosts TEXT NOT NULL, -- JSON array of the endpoints it serves (-H / --host values).
  containerd_address TEXT -- The containerd socket it uses (--containerd); NULL when it runs its own.
) STRICT;

CREATE TABLE engines ( -- Container engines the capture read: a dockerd with its roots and endpoint, a Podman storage root; every container and engine process names its engine.
  id TEXT PRIMARY KEY, -- Engine id, <kind>:<data root> (docker:/var/lib/docker, podman:/var/lib/containers/storage); what --engine takes besides the kind.
  kind TEXT NOT NULL, -- Engine kind: docker, podman or containerd.
  version TEXT, -- Engine version reported by its API; NULL when the API did not answer.
  data_root TEXT NOT NULL, -- Storage root read (absolute path): Docker's data root, Podman's graph root, containerd's --root.
  run_root TEXT, -- Runtime state root read (Docker's exec root, Podman's runroot, containerd's --state); NULL when none was read (offline).
  endpoint TEXT, -- API endpoint asked (unix:///…); NULL when no API was asked.
  api_answered INTEGER NOT NULL, -- 1 when the API answered /version, else 0.
  pid INTEGER, -- Process serving the engine (dockerd, podman system service, containerd); NULL when none runs or none was found.
  storage_driver TEXT, -- Storage driver of the root (overlay2, overlay, vfs…); NULL when unknown.
  state_db TEXT, -- Podman's libpod state database read: bolt (bolt_state.db) or sqlite (db.sql); NULL for Docker or when none was read.
  container_count INTEGER NOT NULL -- Containers this engine holds in the snapshot.
) STRICT;

CREATE TABLE engine_id_maps ( -- The user namespace an engine's daemon runs in when it is not the host's (rootless Docker under rootlesskit): each line of the daemon's /proc/PID/uid_map and gid_map. No rows for a daemon in the host's user namespace.
  engine_id TEXT NOT NULL, -- engines.id of the engine.
  pid INTEGER NOT NULL, -- The daemon process whose maps were read.
  kind TEXT NOT NULL, -- uid or gid.
  inside_id INTEGER NOT NULL, -- First id of the range inside the namespace.
  outside_id INTEGER NOT NULL, -- The host id it is.
  count INTEGER NOT NULL, -- Ids in the range.
  PRIMARY KEY (engine_id, kind, inside_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE processes ( -- Processes of interest: the daemon's (dockerd, containerd, shims, proxies) and every process of every running container.
  pid INTEGER PRIMARY KEY, -- Process id in the captured host's pid namespace.
  start_time INTEGER, -- Field 22 of /proc/PID/stat (clock ticks since boot); with pid, identifies the process against pid reuse.
  ppid INTEGER, -- Parent process id.
  role TEXT NOT NULL, -- dockerd, containerd (Docker's, or a containerd engine's daemon), shim, proxy (docker-proxy or lxc-start), rootlesskit (rootlesskit and its child above a rootless dockerd), conmon, runtime (runc, crun), podman-service, container, or unattributed (in a container's cgroup, but of no engine read).
  container_id TEXT, -- Container the process belongs to (by cgroup), or, for a shim or lxc-start, the container it serves; NULL for the other daemon processes.
  comm TEXT, -- Command name from /proc/PID/stat.
  cmdline BLOB, -- /proc/PID/cmdline exactly as read: NUL-separated bytes, lossless even when not UTF-8.
  argv TEXT NOT NULL, -- JSON array of the arguments decoded as UTF-8 (invalid bytes become U+FFFD; cmdline keeps the original).
  exe TEXT, -- Target of /proc/PID/exe; NULL when unreadable.
  cwd TEXT, -- Target of /proc/PID/cwd; NULL when unreadable.
  root TEXT, -- Target of /proc/PID/root; NULL when unreadable.
  state TEXT, -- State letter from /proc/PID/stat (R, S, D, Z…).
  uids TEXT, -- Uid line of /proc/PID/status: real, effective, saved and filesystem uid.
  gids TEXT, -- Gid line of /proc/PID/status: real, effective, saved and filesystem gid.
  threads INTEGER, -- Threads line of /proc/PID/status.
  vm_rss_kib INTEGER, -- VmRSS of /proc/PID/status in KiB; NULL for kernel threads and zombies.
  nspid TEXT, -- NSpid line of /proc/PID/status: the pid in each nested pid namespace, outermost first.
  oom_score_adj INTEGER, -- /proc/PID/oom_score_adj.
  net_ns TEXT, -- Network namespace (net:[inode]), joined to sockets.netns; NULL when unknown.
  mnt_ns TEXT NOT NULL, -- Mount namespace (mnt:[inode], or pid:N when unknown), joined to mounts.mnt_ns.
  engine_id TEXT, -- Engine (engines.id) the process belongs to; NULL for an unattributed process (and in version-1 files, where it means the one Docker engine).
  comm_raw BLOB, -- comm exactly as the kernel gave it, when it is not valid UTF-8 (comm then holds U+FFFD); NULL when comm is exact.
  exe_raw BLOB, -- exe link target's exact bytes when not valid UTF-8; NULL when exe is exact.
  cwd_raw BLOB, -- cwd link target's exact bytes when not valid UTF-8; NULL when cwd is exact.
  root_raw BLOB -- root link target's exact bytes when not valid UTF-8; NULL when root is exact.
) STRICT;

CREATE TABLE process_fds ( -- Open file descriptors of each captured process, from /proc/PID/fd and fdinfo.
  pid INTEGER NOT NULL, -- Owning process.
  fd INTEGER NOT NULL, -- Descriptor number.
  target TEXT NOT NULL, -- Link target: a path, socket:[N], pipe:[N], anon_inode:[…] or a device path.
  kind TEXT NOT NULL, -- file, device (under /dev), socket, pipe, anon_inode or other, derived from target.
  inode INTEGER, -- Inode of socket:[N] and pipe:[N] targets; NULL otherwise.
  pos INTEGER, -- pos line of /proc/PID/fdinfo/FD; NULL when unreadable.
  flags TEXT, -- flags line of /proc/PID/fdinfo/FD (octal open flags); NULL when unreadable.
  mnt_id INTEGER, -- mnt_id line of /proc/PID/fdinfo/FD; NULL when absent.
  target_raw BLOB, -- The link target's exact bytes when not valid UTF-8 (target then holds U+FFFD); NULL when target is exact.
  PRIMARY KEY (pid, fd)
) STRICT, WITHOUT ROWID;

CREATE TABLE sockets ( -- Sockets of each network namespace of the captured processes, read once per namespace from /proc/PID/net.
  id INTEGER PRIMARY KEY, -- Row number.
  netns TEXT NOT NULL, -- Network namespace the table was read in (net:[inode]).
  proto TEXT NOT NULL, -- tcp, tcp6, udp, udp6 or unix.
  inode INTEGER NOT NULL, -- Socket inode, joined to process_fds.inode; 0 for sockets no process holds (TIME_WAIT).
  local_address TEXT, -- Local IP address, decoded (127.0.0.1, ::1); NULL for unix sockets.
  local_port INTEGER, -- Local port; NULL for unix sockets.
  remote_address TEXT, -- Remote IP address, decoded; NULL for unix sockets.
  remote_port INTEGER, -- Remote port; NULL for unix sockets.
  state TEXT NOT NULL, -- TCP state name (LISTEN, ESTABLISHED…); for UDP CLOSE (unconnected) or ESTABLISHED; for unix UNCONNECTED, LISTENING, CONNECTED…
  uid INTEGER, -- Owning uid of inet sockets; NULL for unix sockets.
  path TEXT, -- Bound path of a unix socket (@name when abstract); NULL otherwise.
  socket_type TEXT, -- Unix socket type (stream, dgram, seqpacket); NULL for inet sockets.
  path_raw BLOB -- The unix socket path's exact bytes when not valid UTF-8 (path then holds U+FFFD); NULL when path is exact.
) STRICT;

CREATE TABLE process_cgroups ( -- Lines of /proc/PID/cgroup, v1 and v2.
  pid INTEGER NOT NULL, -- Owning process.
  hierarchy_id INTEGER NOT NULL, -- Hierarchy id (0 for the v2 unified hierarchy).
  controllers TEXT NOT NULL, -- Comma-separated controllers (empty for v2, name=systemd for named hierarchies).
  path TEXT NOT NULL, -- Cgroup path relative to the hierarchy root, as seen from the host.
  PRIMARY KEY (pid, hierarchy_id, controllers)
) STRICT, WITHOUT ROWID;

CREATE TABLE mounts ( -- Mount table of each mount namespace of the captured processes, read once per namespace: /proc/PID/mountinfo, or /proc/PID/mounts on kernels without it.
  mnt_ns TEXT NOT NULL, -- Mount namespace (mnt:[inode]), joined to processes.mnt_ns; pid:N when the namespace of process N is unknown (a saved tree without ns/).
  position INTEGER NOT NULL, -- Line number in the mount table (0-based): later mounts shadow earlier ones.
  mount_id INTEGER, -- Mount id (mountinfo field 1); NULL when read from /proc/PID/mounts.
  parent_id INTEGER, -- Parent mount id (mountinfo field 2); NULL when read from /proc/PID/mounts.
  device TEXT, -- major:minor (mountinfo field 3); NULL when read from /proc/PID/mounts.
  root TEXT, -- Root of the mount within its file system (mountinfo field 4); NULL when read from /proc/PID/mounts.
  mount_point TEXT NOT NULL, -- Mount point as the namespace's processes see it, octal escapes decoded.
  mount_options TEXT, -- Per-mount options (rw, relatime…).
  optional_fields TEXT, -- Optional fields (shared:N master:N), space-separated; NULL when none or unknown.
  fs_type TEXT NOT NULL, -- File system type (overlay, aufs, proc…).
  source TEXT, -- Mount source (device, overlay, none…), octal escapes decoded.
  super_options TEXT, -- Per-superblock options (for overlay: lowerdir, upperdir, workdir).
  root_raw BLOB, -- root's exact bytes (escapes decoded) when not valid UTF-8; NULL when root is exact.
  mount_point_raw BLOB, -- mount_point's exact bytes (escapes decoded) when not valid UTF-8; NULL when mount_point is exact.
  source_raw BLOB, -- source's exact bytes (escapes decoded) when not valid UTF-8; NULL when source is exact.
  PRIMARY KEY (mnt_ns, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE process_namespaces ( -- Namespace links of /proc/PID/ns.
  pid INTEGER NOT NULL, -- Owning process.
  type TEXT NOT NULL, -- Namespace type: cgroup, ipc, mnt, net, pid, time, user, uts…
  inode INTEGER NOT NULL, -- Namespace inode from the link target type:[inode].
  PRIMARY KEY (pid, type)
) STRICT, WITHOUT ROWID;

CREATE TABLE process_limits ( -- Resource limits of /proc/PID/limits.
  pid INTEGER NOT NULL, -- Owning process.
  name TEXT NOT NULL, -- Limit name as the kernel prints it (Max open files…).
  soft TEXT NOT NULL, -- Soft limit (a number or unlimited).
  hard TEXT NOT NULL, -- Hard limit (a number or unlimited).
  units TEXT, -- Units (bytes, files, seconds…); NULL when none.
  PRIMARY KEY (pid, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE process_environ ( -- Environment of each captured process, from /proc/PID/environ. Kept in the local snapshot; bundles redact values.
  pid INTEGER NOT NULL, -- Owning process.
  position INTEGER NOT NULL, -- Index of the entry in environ (0-based).
  name TEXT NOT NULL, -- Variable name (text before the first =).
  value TEXT, -- Variable value, decoded as UTF-8; NULL for an entry without =.
  raw BLOB, -- The entry's exact bytes (NAME=value) when not valid UTF-8 (name and value then hold U+FFFD); NULL when they are exact.
  PRIMARY KEY (pid, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE process_list_digests ( -- A digest of each list of each captured process, written with the lists (and again when export redacts them): a diff of two snapshots compares these and reads a list only where they differ.
  pid INTEGER NOT NULL, -- Owning process.
  list TEXT NOT NULL CHECK (list IN ('fds', 'cgroups', 'mounts', 'namespaces', 'limits', 'environ')), -- The list: process_fds, process_cgroups, the mounts of the process's mount namespace (a container process's only; the others' is empty), process_namespaces, process_limits or process_environ.
  sha256 TEXT NOT NULL, -- Hex SHA-256 of the list's rows as docksnap reads them: a JSON array of each row's values, in the list's order. Equal digests mean equal lists as the diff compares them: the raw bytes kept beside a decoded text column (target_raw, root_raw, mount_point_raw, source_raw, raw) are not part of it.
  PRIMARY KEY (pid, list)
) STRICT, WITHOUT ROWID;

CREATE TABLE containers ( -- Every container known to the Docker root or the API, running or not.
  id TEXT PRIMARY KEY, -- Full 64-hex container id; for containerd, <namespace>/<container id> (ids are unique only within a namespace).
  name TEXT, -- Container name without the leading slash.
  image_id TEXT, -- Image id as the config records it (sha256:… since 1.10, bare hex before).
  image_name TEXT, -- Image name: Config.Image as typed, else the repository tag resolved from the image id.
  state TEXT NOT NULL, -- created, running, paused, restarting, exited, dead or unknown.
  running INTEGER NOT NULL, -- 1 when the container was running (live) or marked running on disk (offline).
  pid INTEGER, -- State.Pid: the init process (0 or NULL when not running; the last pid offline).
  exit_code INTEGER, -- State.ExitCode.
  created_at TEXT, -- Creation time.
  started_at TEXT, -- Last start time; NULL when never started.
  finished_at TEXT, -- Last exit time; NULL when never finished.
  restart_count INTEGER, -- RestartCount.
  oom_killed INTEGER, -- State.OOMKilled: 1 when the kernel's OOM killer ended its last run, 0 when not; NULL when not recorded (and in version-1 files).
  path TEXT, -- Executable of the container command (Path).
  args TEXT NOT NULL, -- JSON array of the command arguments after path (Args).
  hostname TEXT, -- Config.Hostname.
  restart_policy TEXT, -- HostConfig.RestartPolicy.Name (no, always, on-failure, unless-stopped); NULL when not set.
  network_mode TEXT, -- HostConfig.NetworkMode (default, bridge, host, none, container:<id>, a network name).
  storage_driver TEXT, -- Storage driver (Driver).
  mount_id TEXT, -- Read-write layer directory name under the storage driver (layerdb mount-id; the container id before 1.10).
  log_path TEXT, -- Path of the json log (LogPath, or <docker-root>/containers/<id>/<id>-json.log).
  log_driver TEXT, -- HostConfig.LogConfig.Type; NULL when not recorded.
  config_format TEXT NOT NULL, -- On-disk config format: v2 (config.v2.json), v1 (config.json), lxc (0.x config.json with config.lxc), libpod (Podman's state database), containerd (containerd's meta.db), or api when only the API knew it.
  source TEXT NOT NULL, -- Where the container was found: docker-root, podman-root, containerd-root, api or both.
  engine_id TEXT, -- Engine (engines.id) holding the container; NULL in version-1 files, where it means the one Docker engine.
  pod_id TEXT, -- Pod the container belongs to: Podman's pod id, or the Kubernetes pod uid of a containerd container (CRI label io.kubernetes.pod.uid); NULL when none.
  namespace TEXT, -- containerd namespace holding the container (k8s.io, moby, default…); NULL for Docker and Podman.
  runtime TEXT, -- containerd runtime the container runs with (io.containerd.runc.v2…); NULL when not recorded.
  snapshotter TEXT, -- containerd snapshotter holding the container's root file system (overlayfs, native…); NULL for Docker and Podman.
  pod_name TEXT, -- Kubernetes pod name (CRI label io.kubernetes.pod.name); NULL when none.
  pod_namespace TEXT, -- Kubernetes namespace of the pod (CRI label io.kubernetes.pod.namespace); NULL when none.
  cri_kind TEXT -- What the CRI made the container (label io.cri-containerd.kind): sandbox (the pod's pause container) or container; NULL when not a CRI container.
) STRICT;

CREATE TABLE container_env ( -- Config.Env of each container, one row per entry.
  container_id TEXT NOT NULL, -- Owning container.
  position INTEGER NOT NULL, -- Index in Config.Env (0-based).
  name TEXT NOT NULL, -- Variable name.
  value TEXT, -- Variable value; NULL for an entry without =.
  PRIMARY KEY (container_id, position)
) STRICT;

CREATE TABLE container_labels ( -- Config.Labels of each container.
  container_id TEXT NOT NULL, -- Owning container.
  key TEXT NOT NULL, -- Label key (may contain dots and slashes).
  value TEXT NOT NULL, -- Label value.
  PRIMARY KEY (container_id, key)
) STRICT;

CREATE TABLE container_ports ( -- Exposed and published ports of each container.
  container_id TEXT NOT NULL, -- Owning container.
  container_port INTEGER NOT NULL, -- Port inside the container.
  proto TEXT NOT NULL, -- tcp, udp or sctp.
  host_ip TEXT NOT NULL, -- Host address of a binding ('' for all addresses or for an exposed-only port).
  host_port INTEGER, -- Published host port; NULL for an exposed-only port.
  UNIQUE (container_id, container_port, proto, host_ip, host_port) -- Not a PRIMARY KEY: a STRICT table's key columns cannot be NULL.
) STRICT;

CREATE TABLE container_mounts ( -- Mounts of each container: binds, volumes, tmpfs (MountPoints, or Volumes/VolumesRW before 1.10).
  container_id TEXT NOT NULL, -- Owning container.
  destination TEXT NOT NULL, -- Path inside the container.
  type TEXT, -- bind, volume, tmpfs or npipe; NULL when the era does not record it.
  source TEXT, -- Host path or volume data path.
  name TEXT, -- Volume name; NULL for binds.
  driver TEXT, -- Volume driver; NULL for binds.
  rw INTEGER NOT NULL, -- 1 when mounted read-write.
  propagation TEXT, -- Bind propagation (rprivate…); NULL when not set.
  PRIMARY KEY (container_id, destination)
) STRICT;

CREATE TABLE container_layers ( -- Ordered storage layer chain of each container, top (read-write) to base.
  container_id TEXT NOT NULL, -- Owning container.
  position INTEGER NOT NULL, -- 0 for the read-write layer, then the init layer, then image layers down to the base.
  role TEXT NOT NULL, -- rw, init or image.
  layer_id TEXT NOT NULL, -- Driver directory name (cache-id / mount-id), or the graph image id before 1.10.
  chain_id TEXT, -- layerdb chain id of an image layer (sha256:…); NULL for rw, init and pre-1.10 layers.
  diff_path TEXT, -- Directory holding the layer's files under the Docker root; NULL when the driver has none.
  PRIMARY KEY (container_id, position)
) STRICT;

CREATE TABLE container_logs ( -- The json log of each container: its size and only its last bytes.
  container_id TEXT PRIMARY KEY, -- Owning container.
  path TEXT NOT NULL, -- Log file path as read.
  size INTEGER NOT NULL, -- Size of the log file in bytes.
  mtime TEXT, -- Last modification time of the log file.
  tail_offset INTEGER NOT NULL, -- Byte offset in the file where tail begins.
  tail BLOB NOT NULL -- The last bytes of the log (at most the log_tail_bytes option).
) STRICT;

CREATE TABLE container_cgroups ( -- Limits and usage of each running container's cgroup, one row per cgroup file read where it lives on the host's layout (v2 unified, v1 per controller), under the capture's cgroup root.
  container_id TEXT NOT NULL, -- Owning container.
  file TEXT NOT NULL, -- Cgroup interface file as the kernel names it: v2 memory.max, memory.high, memory.current, pids.max, cpu.max, cpu.weight; v1 memory.limit_in_bytes, memory.usage_in_bytes, pids.max, cpu.cfs_quota_us, cpu.cfs_period_us, cpu.shares.
  cgroup_version TEXT NOT NULL, -- v2 when read from the unified hierarchy, v1 when from a controller's hierarchy.
  controllers TEXT NOT NULL, -- The hierarchy's controllers as /proc/PID/cgroup names them (memory, cpu,cpuacct, pids); empty for v2.
  cgroup_path TEXT NOT NULL, -- The container's cgroup relative to the hierarchy root: a container process's /proc/PID/cgroup path cut after the component naming the container.
  path TEXT NOT NULL, -- The file read: the cgroup root, the hierarchy's directory (unified/ on a hybrid host, the controllers on v1), the cgroup path, the file.
  value TEXT NOT NULL, -- The file's content, whitespace trimmed: a number, max, or for cpu.max "<quota or max> <period>".
  PRIMARY KEY (container_id, file)
) STRICT, WITHOUT ROWID;

CREATE TABLE files ( -- Files captured verbatim: per container (config, hostconfig, runtime spec…) and for the daemon (daemon.json).
  id INTEGER PRIMARY KEY, -- Row number.
  container_id TEXT, -- Owning container; NULL for daemon files.
  role TEXT NOT NULL, -- What the file is: config.v2.json, config.json, config.lxc, hostconfig.json, hostname, hosts, resolv.conf, oci-config.json, runc-state.json, daemon.json, Podman's conmon.pid, pidfile, libpod-config.json, libpod-state.json…
  path TEXT NOT NULL, -- Path the file was read from.
  size INTEGER NOT NULL, -- Size in bytes.
  mode INTEGER NOT NULL, -- File mode bits (st_mode & 0o7777).
  mtime TEXT NOT NULL, -- Modification time.
  sha256 TEXT, -- Hex SHA-256 of the file's bytes (streamed when the file is over its read cap); NULL when it is larger than the hashing limit (README Limits).
  content BLOB, -- The file's bytes, verbatim; NULL when the file is over its read cap (a capture_error row gives its size).
  parsed TEXT, -- The content parsed to JSON (JSON files as is, config.lxc and key=value files as objects); NULL when not parseable.
  UNIQUE (container_id, role)
) STRICT;

CREATE TABLE images ( -- Images known to the Docker root or the API; an image (a content digest) held by several engines is one row, as the first engine read records it.
  id TEXT PRIMARY KEY, -- Image id (sha256:… since 1.10, bare hex before).
  created_at TEXT, -- Creation time.
  parent_id TEXT, -- Parent image id; NULL when none.
  size INTEGER, -- Size in bytes when recorded.
  os TEXT, -- Operating system.
  architecture TEXT, -- CPU architecture.
  source TEXT NOT NULL -- Where the image was found: docker-root, podman-root, containerd-root, api or both.
) STRICT;

CREATE TABLE image_tags ( -- Repository tags and digests naming each image.
  image_id TEXT NOT NULL, -- Image.
  tag TEXT NOT NULL, -- repository:tag or repository@digest.
  PRIMARY KEY (image_id, tag)
) STRICT;

CREATE TABLE image_layers ( -- Ordered layer chain of each image, top to base.
  image_id TEXT NOT NULL, -- Image.
  position INTEGER NOT NULL, -- 0 for the top layer, increasing toward the base.
  layer_id TEXT NOT NULL, -- Driver directory name (cache-id), or the graph image id before 1.10.
  diff_id TEXT, -- Uncompressed layer digest (sha256:…); NULL before 1.10.
  chain_id TEXT, -- layerdb chain id (sha256:…); NULL before 1.10.
  PRIMARY KEY (image_id, position)
) STRICT;

CREATE TABLE containerd_leases ( -- containerd leases: what keeps content and snapshots from garbage collection while an image is pulled or unpacked, or for as long as a client holds it.
  engine_id TEXT NOT NULL, -- containerd engine (engines.id) holding the lease.
  namespace TEXT NOT NULL, -- containerd namespace of the lease.
  id TEXT NOT NULL, -- Lease id.
  created_at TEXT, -- Creation time; NULL when not recorded.
  labels TEXT, -- JSON object of the lease's labels (containerd.io/gc.expire…); NULL when none.
  snapshots INTEGER NOT NULL, -- Snapshots the lease holds.
  content INTEGER NOT NULL, -- Content blobs the lease holds.
  PRIMARY KEY (engine_id, namespace, id)
) STRICT;

CREATE TABLE volumes ( -- Named volumes known to the Docker root or the API; a name held by several engines is the first engine's volume.
  name TEXT PRIMARY KEY, -- Volume name.
  driver TEXT, -- Volume driver (local…).
  mountpoint TEXT, -- Host directory holding the data.
  created_at TEXT, -- Creation time when known.
  labels TEXT -- JSON object of the volume's labels; NULL when unknown.
) STRICT;

CREATE TABLE networks ( -- Networks known to the API.
  id TEXT PRIMARY KEY, -- Network id.
  name TEXT NOT NULL, -- Network name.
  driver TEXT, -- Network driver (host, null, bridge…).
  scope TEXT, -- local, global or swarm.
  created_at TEXT -- Creation time.
) STRICT;

CREATE TABLE api_responses ( -- The Docker API's (and Podman's Docker-compatible API's) view, verbatim: one row per request that answered.
  endpoint TEXT NOT NULL, -- Request path without query (/version, /info, /containers/json, /containers/<id>/json, /images/json, /networks, /volumes); a Podman engine's requests, and those of each dockerd after the first, are prefixed with its endpoint and a space.
  body TEXT NOT NULL, -- Response body (JSON).
  PRIMARY KEY (endpoint)
) STRICT;

CREATE TABLE container_drift ( -- What changed in each container's filesystem since its image: the entries of its writable layer, like docker diff. Contents are not kept.
  container_id TEXT NOT NULL, -- Owning container.
  path TEXT NOT NULL, -- Absolute path inside the container (/etc/passwd).
  kind TEXT NOT NULL CHECK (kind IN ('added', 'modified', 'deleted')), -- added: absent from every lower layer; modified: present in a lower layer; deleted: a whiteout, or a lower-layer entry hidden by an opaque directory.
  type TEXT, -- file, dir, symlink, fifo, socket, char, block; for a deleted entry the type it had in the lower layer; NULL when unknown.
  mode INTEGER, -- Permission bits (st_mode & 0o7777); NULL for a deleted entry.
  uid INTEGER, -- Owner uid as stored in the layer (before any user-namespace mapping); NULL for a deleted entry.
  gid INTEGER, -- Owner gid as stored in the layer; NULL for a deleted entry.
  size INTEGER, -- Size in bytes; NULL for a deleted entry.
  mtime TEXT, -- Modification time; NULL for a deleted entry.
  link_target TEXT, -- Target of a symbolic link as stored (never followed); NULL otherwise.
  sha256 TEXT, -- Hex SHA-256 of a regular file's bytes; NULL for other types and when hash_skipped says why.
  hash_skipped TEXT, -- Why a regular file has no sha256: too-large (over the per-file cap), capture-cap (the per-capture byte cap was reached), unreadable; NULL otherwise.
  magic TEXT, -- What a regular file's first bytes say: elf or script (#!); NULL otherwise or when not read.
  executable INTEGER NOT NULL DEFAULT 0, -- 1 for a regular file with any execute bit.
  setuid INTEGER NOT NULL DEFAULT 0, -- 1 when the set-user-id bit is set.
  setgid INTEGER NOT NULL DEFAULT 0, -- 1 when the set-group-id bit is set.
  world_writable INTEGER NOT NULL DEFAULT 0, -- 1 for a file or directory any user may write (other-write bit; symbolic links excluded).
  opaque INTEGER NOT NULL DEFAULT 0, -- 1 for an opaque directory (overlay trusted.overlay.opaque=y, aufs .wh..wh..opq): it hides everything below it in the lower layers.
  PRIMARY KEY (container_id, path)
) STRICT, WITHOUT ROWID;
