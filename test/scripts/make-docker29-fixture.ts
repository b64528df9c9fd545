/**
 * Writes snapshots/docker-29-containerd/: a Docker 29 data root using the containerd image store
 * (docker-root/) and the system containerd's root beside it (containerd-root/, /var/lib/containerd
 * on a host), as a disk imaged from a live host would hold them. No Docker 29 runs here, so the
 * tree is written in the layouts Docker 29 and containerd use (moby daemon/containerd/, containerd
 * metadata/buckets.go, snapshots/storage/bolt.go) with the test helpers that write bbolt files.
 * Two containers of one image: `web` recorded running, `job` exited with code 3. As Docker does
 * when it starts a container (moby daemon/start.go, libcontainerd), the running one also has a
 * containerd container in the moby namespace: its spec, runtime, bundle label and image name
 * ("metadata purposes only"), no snapshot (Docker mounts the rootfs itself); the exited one was
 * deleted from containerd when it stopped. The image is an
 * OCI index with one linux/amd64 manifest, its config and two uncompressed layer tars whose bytes
 * are in the content store, so every digest and diff id is that of a file in the tree.
 * Run: `npx tsx test/scripts/make-docker29-fixture.ts` (replaces both roots, keeps show.json; deterministic).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildBoltFile } from '../helpers/bolt-tree.js';
import { any, goTime, varint } from '../helpers/containerd-bytes.js';
import { buildTar } from '../helpers/tar.js';

const TARGET = new URL('../../snapshots/docker-29-containerd', import.meta.url).pathname;
const DOCKER = join(TARGET, 'docker-root');
const CONTAINERD = join(TARGET, 'containerd-root');
const SNAPSHOTTER = join(CONTAINERD, 'io.containerd.snapshotter.v1.overlayfs');
const NAME = 'docker.io/docksnap-test/busybox:latest';
const PULLED = '2026-11-28T09:00:00Z';
const MTIME = new Date('2026-11-27T08:00:00Z');

const hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const digest = (bytes: Buffer | string) => `sha256:${hex(bytes)}`;

/** Go's binary.PutVarint (zig-zag), as meta.db stores its version and sizes; snapshot ids are unsigned. */
const signedVarint = (n: number) => varint(2 * n);

function write(path: string, bytes: Buffer | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

const layerFiles = [
  { 'etc/os-release': 'NAME=Busybox\nID=busybox\n', 'bin/README': 'busybox applets are links to /bin/busybox, left out of this tree\n' },
  { 'www/index.html': '<h1>docksnap web</h1>\n' },
] as const;
const layers = await Promise.all(layerFiles.map((files) =>
  buildTar(Object.entries(files).map(([name, body]) => ({ name, body, mode: 0o644, mtime: MTIME, uid: 0, gid: 0 })))));
const diffIds = layers.map(digest);
const chainIds = [diffIds[0]!, `sha256:${hex(`${diffIds[0]!} ${diffIds[1]!}`)}`];

const config = JSON.stringify({
  architecture: 'amd64', os: 'linux', created: '2026-11-27T08:00:00Z',
  config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
  rootfs: { type: 'layers', diff_ids: diffIds },
  history: [{ created: '2026-11-27T08:00:00Z', created_by: 'ADD rootfs /' }, { created: '2026-11-27T08:00:00Z', created_by: 'COPY www /www' }],
});
const LAYER = 'application/vnd.oci.image.layer.v1.tar';
const manifest = JSON.stringify({
  schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(config), size: Buffer.byteLength(config) },
  layers: layers.map((l) => ({ mediaType: LAYER, digest: digest(l), size: l.length })),
});
const manifestDescriptor = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest(manifest), size: Buffer.byteLength(manifest), platform: { architecture: 'amd64', os: 'linux' } };
const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [manifestDescriptor] });
const imageId = digest(index);

interface Container { name: string; id: string; cmd: string[]; running: boolean; exitCode: number; created: string; started: string; finished: string; log: [string, string, string][]; rw: Record<string, string> }
const containers: Container[] = [
  { name: 'web', id: hex('docksnap docker 29 web'), cmd: ['httpd', '-f', '-p', '127.0.0.1:18080', '-h', '/www'], running: true, exitCode: 0,
    created: '2026-11-28T10:00:00.900000000Z', started: '2026-11-28T10:00:01.100000000Z', finished: '0001-01-01T00:00:00Z', log: [['stdout', 'web up\n', '2026-11-28T10:00:01.200000000Z']], rw: { 'tmp/up': 'up\n' } },
  { name: 'job', id: hex('docksnap docker 29 job'), cmd: ['sh', '-c', 'echo job ran > /tmp/out; echo job failed >&2; exit 3'], running: false, exitCode: 3,
    created: '2026-11-28T10:00:01.900000000Z', started: '2026-11-28T10:00:02.100000000Z', finished: '2026-11-28T10:00:02.300000000Z', log: [['stderr', 'job failed\n', '2026-11-28T10:00:02.200000000Z']], rw: { 'tmp/out': 'job ran\n' } },
];

for (const root of [DOCKER, CONTAINERD]) rmSync(root, { recursive: true, force: true });
for (const [i, c] of containers.entries()) writeContainer(c, 4000 + i);
writeContainerd();
process.stdout.write(`wrote ${TARGET}\n`);

function writeContainer(c: Container, pid: number): void {
  const dir = join(DOCKER, 'containers', c.id);
  const recorded = `/var/lib/docker/containers/${c.id}`;
  write(join(dir, 'config.v2.json'), JSON.stringify({
    StreamConfig: {},
    State: { Running: c.running, Paused: false, Restarting: false, OOMKilled: false, RemovalInProgress: false, Dead: false, Pid: c.running ? pid : 0,
      ExitCode: c.exitCode, Error: '', StartedAt: c.started, FinishedAt: c.finished, Health: null },
    ID: c.id, Created: c.created, Managed: false, Path: c.cmd[0], Args: c.cmd.slice(1),
    Config: { Hostname: c.id.slice(0, 12), Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false, OpenStdin: false, StdinOnce: false,
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: c.cmd, Image: 'docksnap-test/busybox:latest', Volumes: null, WorkingDir: '', Entrypoint: null, Labels: {} },
    Image: imageId,
    ImageManifest: manifestDescriptor,
    NetworkSettings: { SandboxID: '', SandboxKey: '', Networks: { none: { IPAMConfig: null, Links: null, Aliases: null, DriverOpts: null, GwPriority: 0, NetworkID: hex('network none'), EndpointID: '', Gateway: '', IPAddress: '', MacAddress: '', IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DNSNames: null } }, Ports: {} },
    LogPath: `${recorded}/${c.id}-json.log`, Name: `/${c.name}`, Driver: 'overlayfs', OS: 'linux', RestartCount: 0, HasBeenStartedBefore: true, HasBeenManuallyStopped: false,
    MountPoints: {}, SecretReferences: null, ConfigReferences: null, MountLabel: '', ProcessLabel: '', AppArmorProfile: 'docker-default',
    HostnamePath: `${recorded}/hostname`, HostsPath: `${recorded}/hosts`, ShmPath: `${recorded}/mounts/shm`, ResolvConfPath: `${recorded}/resolv.conf`, SeccompProfile: '', NoNewPrivileges: false, LocalLogCacheMeta: { HaveNotifyEnabled: false },
  }));
  write(join(dir, 'hostconfig.json'), JSON.stringify({ Binds: null, ContainerIDFile: '', LogConfig: { Type: 'json-file', Config: {} }, NetworkMode: 'none', PortBindings: {}, RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, AutoRemove: false, CgroupnsMode: 'private', IpcMode: 'private', Runtime: 'runc', Privileged: false, ReadonlyRootfs: false, ShmSize: 67108864 }));
  write(join(dir, 'hostname'), `${c.id.slice(0, 12)}\n`);
  write(join(dir, 'hosts'), `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n`);
  write(join(dir, 'resolv.conf'), 'nameserver 127.0.0.53\n');
  write(join(dir, `${c.id}-json.log`), c.log.map(([stream, log, time]) => `${JSON.stringify({ log, stream, time })}\n`).join(''));
}

/** Snapshot ids in the snapshotter's order: the two layers, then init and rw of each container. */
function writeContainerd(): void {
  for (const blob of [index, manifest, config, ...layers]) write(join(CONTAINERD, 'io.containerd.content.v1.content/blobs/sha256', hex(blob)), blob);
  const references: Record<string, { name: string; parent?: string }> = {};
  const backend: Record<string, { id: Buffer; kind: Buffer; parent?: string }> = {};
  const committed = 3;
  const add = (id: number, key: string, parentKey: string | undefined, kind: number, files: Record<string, string>) => {
    const name = `moby/${id}/${key}`;
    references[key] = parentKey ? { name, parent: parentKey } : { name };
    backend[name] = { id: varint(id), kind: Buffer.from([kind]), ...(parentKey ? { parent: references[parentKey]!.name } : {}) };
    for (const [path, body] of Object.entries(files)) write(join(SNAPSHOTTER, 'snapshots', String(id), 'fs', path), body);
  };
  add(1, chainIds[0]!, undefined, committed, layerFiles[0]);
  add(2, chainIds[1]!, chainIds[0], committed, layerFiles[1]);
  containers.forEach((c, i) => {
    add(3 + 2 * i, `${c.id}-init`, chainIds[1], committed, { '.dockerenv': '', 'etc/hostname': '', 'etc/hosts': '', 'etc/resolv.conf': '' });
    add(4 + 2 * i, c.id, `${c.id}-init`, 2, c.rw);
  });
  const pulled = goTime(PULLED, 0);
  write(join(CONTAINERD, 'io.containerd.metadata.v1.bolt/meta.db'), buildBoltFile({
    v1: {
      version: signedVarint(4),
      moby: {
        images: { [NAME]: { createdat: pulled, updatedat: pulled, target: { digest: imageId, mediatype: 'application/vnd.oci.image.index.v1+json', size: signedVarint(Buffer.byteLength(index)) } } },
        snapshots: { overlayfs: references },
        containers: Object.fromEntries(containers.filter((c) => c.running).map((c) => [c.id, containerdRecord(c)])),
      },
    },
  }));
  write(join(SNAPSHOTTER, 'metadata.db'), buildBoltFile({ v1: { snapshots: backend } }));
}

/** The containerd container Docker creates for a running container (runtime options left out). */
function containerdRecord(c: Container): Record<string, Buffer | string | Record<string, string>> {
  const spec = JSON.stringify({
    ociVersion: '1.2.1',
    process: { user: { uid: 0, gid: 0 }, args: c.cmd, env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${c.id.slice(0, 12)}`], cwd: '/' },
    root: { path: `/var/lib/docker/rootfs/overlayfs/${c.id}` },
    hostname: c.id.slice(0, 12),
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] }],
    linux: { cgroupsPath: `system.slice:docker:${c.id}`, namespaces: [{ type: 'mount' }, { type: 'network' }, { type: 'uts' }, { type: 'pid' }, { type: 'ipc' }, { type: 'cgroup' }] },
  });
  const at = goTime(c.started.replace(/\.\d+Z$/, 'Z'), 0);
  return {
    image: NAME,
    runtime: { name: 'io.containerd.runc.v2' },
    spec: any('types.containerd.io/opencontainers/runtime-spec/1/Spec', spec),
    createdat: at,
    updatedat: at,
    labels: { 'com.docker/engine.bundle.path': `/var/run/docker/containerd/${c.id}` },
  };
}
