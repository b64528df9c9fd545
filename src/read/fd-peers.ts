import type { SnapshotDb } from '../store/open.js';
import type { SocketRow } from '../types/snapshot.generated.js';
import { groupBy } from './group.js';

/** A process holding the other end of a pipe or connection, or the same open file. */
export interface PeerRef {
  readonly pid: number;
  readonly fd: number;
  readonly process: string | null;
  readonly container: string | null;
}

/** What one fd's target is, beyond its link text: the socket it names, who holds the other end, whose file it is. */
export interface FdContext {
  /** The socket row of a socket:[N] target; null for other fds or a socket no table listed. */
  readonly socket: Pick<SocketRow, 'proto' | 'local_address' | 'local_port' | 'remote_address' | 'remote_port' | 'state' | 'path' | 'socket_type'> | null;
  /** The other processes (or fds) holding the same pipe, or the process owning the other end of the connection. */
  readonly peers: PeerRef[];
  /** Why no peer is named, or what the target is (the json log of a container); null when nothing to say. */
  readonly note: string | null;
}

interface Holder {
  readonly pid: number;
  readonly fd: number;
}

const CONTAINER_FILE = /\/containers\/([0-9a-f]{64})\/([^/]+)$/;

/**
 * One pass over the snapshot's pipes, sockets and containers, so that naming the peer of any fd
 * is a lookup: the report asks it for every fd of every daemon process.
 */
export class PeerIndex {
  private readonly holders: Map<number, Holder[]>;
  private readonly socketsByInode: Map<number, SocketRow & { netns: string }>;
  private readonly socketsByEnds: Map<string, SocketRow[]>;
  private readonly processes: Map<number, { comm: string | null; container: string | null }>;
  private readonly logs: Map<string, string>;
  private readonly containerLabels: Map<string, string>;

  constructor(db: SnapshotDb) {
    this.holders = groupBy(
      db.all<Holder & { inode: number }>("SELECT pid, fd, inode FROM process_fds WHERE kind IN ('pipe', 'socket') AND inode IS NOT NULL ORDER BY pid, fd"),
      (h) => h.inode,
    );
    const sockets = db.all<SocketRow>('SELECT * FROM sockets WHERE inode <> 0 ORDER BY id');
    this.socketsByInode = new Map(sockets.map((s) => [s.inode, s]));
    this.socketsByEnds = groupBy(
      sockets.filter((s) => s.proto !== 'unix'),
      (s) => endsKey(s.proto, s.local_address, s.local_port, s.remote_address, s.remote_port),
    );
    const containers = db.all<{ id: string; name: string | null; log_path: string | null }>('SELECT id, name, log_path FROM containers');
    this.containerLabels = new Map(containers.map((c) => [c.id, c.name ?? c.id.slice(0, 12)]));
    this.logs = new Map(containers.filter((c) => c.log_path).map((c) => [c.log_path as string, c.id]));
    this.processes = new Map(
      db.all<{ pid: number; comm: string | null; container_id: string | null }>('SELECT pid, comm, container_id FROM processes').map((p) => [
        p.pid,
        { comm: p.comm, container: p.container_id ? (this.containerLabels.get(p.container_id) ?? p.container_id.slice(0, 12)) : null },
      ]),
    );
  }

  /** The container name (or short id, for the unnamed containers of 2013) of a container id. */
  containerLabel(id: string | null): string | null {
    return id === null ? null : (this.containerLabels.get(id) ?? id.slice(0, 12));
  }

  context(pid: number, fd: { fd: number; kind: string; inode: number | null; target: string }): FdContext {
    if (fd.kind === 'pipe' && fd.inode !== null) {
      const peers = this.refs((this.holders.get(fd.inode) ?? []).filter((h) => h.pid !== pid || h.fd !== fd.fd));
      return { socket: null, peers, note: peers.length === 0 ? 'no other captured process holds this pipe' : null };
    }
    if (fd.kind === 'socket' && fd.inode !== null) return this.socketContext(fd.inode);
    if (fd.kind === 'file') return { socket: null, peers: [], note: this.fileNote(fd.target) };
    return { socket: null, peers: [], note: null };
  }

  private socketContext(inode: number): FdContext {
    const socket = this.socketsByInode.get(inode);
    if (!socket) return { socket: null, peers: [], note: 'not in the socket tables read (another network namespace, or a protocol not captured)' };
    const view = {
      proto: socket.proto,
      local_address: socket.local_address,
      local_port: socket.local_port,
      remote_address: socket.remote_address,
      remote_port: socket.remote_port,
      state: socket.state,
      path: socket.path,
      socket_type: socket.socket_type,
    };
    if (socket.proto === 'unix') return { socket: view, peers: [], note: 'the peer of a unix socket is not in /proc (its table gives no peer inode)' };
    if (socket.state === 'LISTEN' || socket.remote_port === 0) return { socket: view, peers: [], note: socket.state === 'LISTEN' ? 'listening' : 'not connected' };
    const loopback = isLoopback(socket.local_address);
    const others = (this.socketsByEnds.get(endsKey(socket.proto, socket.remote_address, socket.remote_port, socket.local_address, socket.local_port)) ?? []).filter(
      (s) => !loopback || s.netns === socket.netns,
    );
    const peers = this.refs(others.flatMap((s) => this.holders.get(s.inode) ?? []));
    return { socket: view, peers, note: peers.length === 0 ? 'the other end is not held by a captured process (or is on another host)' : null };
  }

  private fileNote(target: string): string | null {
    const log = this.logs.get(target);
    if (log) return `json log of container ${this.containerLabel(log)}`;
    const match = CONTAINER_FILE.exec(target);
    return match ? `${match[2]} of container ${this.containerLabel(match[1] as string)}` : null;
  }

  private refs(holders: readonly Holder[]): PeerRef[] {
    return holders.map((h) => ({ pid: h.pid, fd: h.fd, process: this.processes.get(h.pid)?.comm ?? null, container: this.processes.get(h.pid)?.container ?? null }));
  }
}

function endsKey(proto: string, local: string | null, localPort: number | null, remote: string | null, remotePort: number | null): string {
  return `${proto}|${local}|${localPort}|${remote}|${remotePort}`;
}

function isLoopback(address: string | null): boolean {
  return address !== null && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));
}
