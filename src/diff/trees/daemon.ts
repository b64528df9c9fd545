import type { PortView } from '../../read/ports.js';
import type { Entity } from '../entity.js';
import type { SnapshotData } from '../input.js';
import { keyed, object, setOf, type Tree } from '../tree.js';
import { documentTree } from './document.js';
import { socketsTree } from './sockets.js';

/** Members of GET /info that describe how the daemon is set up (counts, clocks and ids are left out). */
const INFO_MEMBERS = [
  'Architecture', 'CgroupDriver', 'CgroupVersion', 'Debug', 'DefaultRuntime', 'ExperimentalBuild', 'HttpProxy', 'HttpsProxy',
  'InitBinary', 'Isolation', 'Labels', 'LiveRestoreEnabled', 'LoggingDriver', 'MemTotal', 'NCPU', 'NoProxy', 'OSType',
  'OperatingSystem', 'SecurityOptions',
];

/** The daemon: versions, roots, endpoints, the set-up part of /info, networks and volumes by name, its listening sockets. */
export function daemonEntity(data: SnapshotData): Entity {
  const { meta, daemon } = data;
  const info = typeof data.daemon.info === 'object' && data.daemon.info !== null ? (data.daemon.info as Record<string, unknown>) : null;
  const entries: [string, Tree][] = [
    ['docker_version', meta.docker_version],
    ['storage_driver', meta.storage_driver],
    ['docker_root_era', meta.docker_root_era],
    ['kernel_release', meta.kernel_release],
    ['cgroup_version', meta.cgroup_version],
    ['data_root', daemon.daemon?.data_root ?? meta.docker_root],
    ['exec_root', daemon.daemon?.exec_root ?? meta.exec_root],
    ['pidfile', daemon.daemon?.pidfile ?? null],
    ['hosts', setOf(daemon.daemon?.hosts ?? [])],
    ['containerd_address', daemon.daemon?.containerd_address ?? null],
    ['networks', keyed(daemon.networks, (n) => n.name, (n) => object([['driver', n.driver], ['scope', n.scope], ['created_at', n.created_at]]))],
    ['volumes', keyed(daemon.volumes, (v) => v.name, (v) => object([['driver', v.driver], ['mountpoint', v.mountpoint], ['created_at', v.created_at], ['labels', v.labels]]))],
    ['sockets', socketsTree(data.ports.filter((p: PortView) => p.pid !== null && p.container_id === null))],
  ];
  if (info) entries.push(['info', documentTree(Object.fromEntries(INFO_MEMBERS.filter((m) => Object.hasOwn(info, m)).map((m) => [m, info[m]])), '/info')]);
  return {
    kind: 'daemon',
    match: 'daemon',
    key: 'daemon',
    nativeId: 'daemon',
    owner: null,
    role: null,
    source: null,
    tree: object(entries),
    summary: object([['docker_version', meta.docker_version]]),
  };
}
