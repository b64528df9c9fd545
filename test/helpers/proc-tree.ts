/**
 * Writes a saved /proc tree of a busy Docker host, the shape a live capture reads: a dockerd, a
 * containerd, and per running container a shim plus `processesPerContainer` processes in the
 * container's cgroup (cgroup v2, `docker-<id>.scope`), each with stat, cmdline, cgroup, status,
 * environ, limits, oom_score_adj, ns/ and fd/ links with fdinfo, and per container one mount
 * namespace (mountinfo) and one network namespace (net/tcp, tcp6, udp, udp6, unix).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DOCKERD_PID = 900;
export const CONTAINERD_PID = 901;

const HOST_MNT = 4026531841;
const HOST_NET = 4026531840;

const LIMITS = ['Limit                     Soft Limit           Hard Limit           Units     ', 'Max open files            1024                 1024                 files     ', 'Max processes             1024                 1024                 processes ', ''].join('\n');

export interface ProcTreeOptions {
  /** Ids of the running containers, each given its processes. */
  readonly containerIds: readonly string[];
  readonly processesPerContainer?: number;
  /** Open descriptors per container process (a few sockets among them). */
  readonly fdsPerProcess?: number;
  /** Lines of each container's mountinfo. */
  readonly mountsPerContainer?: number;
  /** The dockerd's -H, --data-root and --exec-root. */
  readonly dockerd?: { readonly host: string; readonly dataRoot: string; readonly execRoot: string };
}

/** Writes the tree under `proc` (created); returns the number of processes written. */
export function writeProcTree(proc: string, options: ProcTreeOptions): number {
  const perContainer = options.processesPerContainer ?? 2;
  const fds = options.fdsPerProcess ?? 12;
  const mountLines = options.mountsPerContainer ?? 25;
  file(proc, 'sys/kernel/hostname', 'busyhost\n');
  file(proc, 'sys/kernel/random/boot_id', '0f7a52a1-6a43-4c1e-9c0e-2c5b0e6f7a10\n');
  file(proc, 'sys/kernel/osrelease', '6.1.0-generated\n');
  const dockerd = options.dockerd;
  const dockerdArgv = ['/usr/bin/dockerd', ...(dockerd ? ['-H', dockerd.host, '--data-root', dockerd.dataRoot, '--exec-root', dockerd.execRoot] : [])];
  writeProcess(proc, { pid: 1, ppid: 0, comm: 'systemd', argv: ['/sbin/init'], cgroup: '/init.scope', mnt: HOST_MNT, net: HOST_NET, fds: 4, mountLines });
  writeProcess(proc, { pid: DOCKERD_PID, ppid: 1, comm: 'dockerd', argv: dockerdArgv, cgroup: '/system.slice/docker.service', mnt: HOST_MNT, net: HOST_NET, fds, mountLines });
  writeProcess(proc, { pid: CONTAINERD_PID, ppid: DOCKERD_PID, comm: 'containerd', argv: ['containerd', '--config', '/var/run/docker/containerd/containerd.toml'], cgroup: '/system.slice/docker.service', mnt: HOST_MNT, net: HOST_NET, fds, mountLines });
  let pid = 1000;
  let written = 3;
  options.containerIds.forEach((id, index) => {
    const shim = pid++;
    writeProcess(proc, { pid: shim, ppid: 1, comm: 'containerd-shim', argv: ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', id, '-address', '/var/run/docker/containerd/containerd.sock'], cgroup: '/system.slice/docker.service', mnt: HOST_MNT, net: HOST_NET, fds: 8, mountLines });
    written++;
    const mnt = HOST_MNT + 10 + 2 * index;
    const net = HOST_NET + 11 + 2 * index;
    for (let k = 0; k < perContainer; k++) {
      writeProcess(proc, { pid: pid++, ppid: k === 0 ? shim : pid - 2, comm: k === 0 ? 'sh' : 'sleep', argv: k === 0 ? ['sh', '-c', 'sleep 100000 & wait'] : ['sleep', '100000'], cgroup: `/system.slice/docker-${id}.scope`, mnt, net, fds, mountLines, env: ['PATH=/usr/bin:/bin', `INDEX=${index}`, 'HOSTNAME=' + id.slice(0, 12)] });
      written++;
    }
  });
  return written;
}

interface ProcessSpec {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  readonly argv: readonly string[];
  readonly cgroup: string;
  readonly mnt: number;
  readonly net: number;
  readonly fds: number;
  readonly mountLines: number;
  readonly env?: readonly string[];
}

function writeProcess(proc: string, spec: ProcessSpec): void {
  const dir = join(proc, String(spec.pid));
  mkdirSync(join(dir, 'fd'), { recursive: true });
  mkdirSync(join(dir, 'fdinfo'));
  mkdirSync(join(dir, 'ns'));
  mkdirSync(join(dir, 'net'));
  writeFileSync(join(dir, 'stat'), `${spec.pid} (${spec.comm}) S ${spec.ppid} ${spec.pid} ${spec.pid} 0 -1 4194560 300 0 0 0 2 1 0 0 20 0 1 0 ${5000 + spec.pid} 2543616 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n`);
  writeFileSync(join(dir, 'cmdline'), `${spec.argv.join('\0')}\0`);
  writeFileSync(join(dir, 'cgroup'), `0::${spec.cgroup}\n`);
  writeFileSync(join(dir, 'status'), `Name:\t${spec.comm}\nState:\tS (sleeping)\nPid:\t${spec.pid}\nPPid:\t${spec.ppid}\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nVmRSS:\t    1200 kB\nThreads:\t1\nNSpid:\t${spec.pid}\t1\n`);
  writeFileSync(join(dir, 'environ'), `${(spec.env ?? ['PATH=/usr/sbin:/usr/bin']).join('\0')}\0`);
  writeFileSync(join(dir, 'limits'), LIMITS);
  writeFileSync(join(dir, 'oom_score_adj'), '0\n');
  for (const [type, inode] of [['mnt', spec.mnt], ['net', spec.net], ['pid', spec.mnt + 1], ['uts', spec.mnt + 2], ['ipc', spec.mnt + 3]] as const) symlinkSync(`${type}:[${inode}]`, join(dir, 'ns', type));
  symlinkSync('/usr/bin/sleep', join(dir, 'exe'));
  symlinkSync('/', join(dir, 'cwd'));
  symlinkSync('/', join(dir, 'root'));
  for (let fd = 0; fd < spec.fds; fd++) {
    const target = fd < 3 ? '/dev/null' : fd % 4 === 0 ? `socket:[${spec.pid * 100 + fd}]` : fd % 4 === 1 ? `pipe:[${spec.pid * 100 + fd}]` : `/var/log/app-${fd}.log`;
    symlinkSync(target, join(dir, 'fd', String(fd)));
    writeFileSync(join(dir, 'fdinfo', String(fd)), `pos:\t0\nflags:\t0100002\nmnt_id:\t${20 + (fd % 5)}\nino:\t${spec.pid * 100 + fd}\n`);
  }
  writeFileSync(join(dir, 'mountinfo'), mountinfo(spec.mnt, spec.mountLines));
  const sockets = Array.from({ length: spec.fds }, (_, fd) => fd).filter((fd) => fd >= 3 && fd % 4 === 0).map((fd) => spec.pid * 100 + fd);
  writeFileSync(join(dir, 'net', 'tcp'), inetTable(sockets.slice(0, 1)));
  writeFileSync(join(dir, 'net', 'tcp6'), inetTable([]));
  writeFileSync(join(dir, 'net', 'udp'), inetTable([]));
  writeFileSync(join(dir, 'net', 'udp6'), inetTable([]));
  writeFileSync(join(dir, 'net', 'unix'), unixTable(sockets.slice(1)));
}

function mountinfo(ns: number, lines: number): string {
  const rows = [`${ns % 1000} 1 0:${ns % 97} / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/A:/var/lib/docker/overlay2/l/B,upperdir=/var/lib/docker/overlay2/${ns}/diff,workdir=/var/lib/docker/overlay2/${ns}/work`];
  for (let i = 1; i < lines; i++) rows.push(`${(ns % 1000) + i} ${ns % 1000} 0:${i + 30} / /mnt/m${i} rw,nosuid,nodev,noexec,relatime shared:${i} - tmpfs tmpfs rw,size=65536k`);
  return `${rows.join('\n')}\n`;
}

function inetTable(inodes: readonly number[]): string {
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
  return `${[header, ...inodes.map((inode, i) => `   ${i}: 0100007F:${(8000 + i).toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0`)].join('\n')}\n`;
}

function unixTable(inodes: readonly number[]): string {
  return `${['Num       RefCount Protocol Flags    Type St Inode Path', ...inodes.map((inode) => `0000000000000000: 00000002 00000000 00000000 0001 03 ${inode}`)].join('\n')}\n`;
}

function file(root: string, relative: string, content: string): void {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}
