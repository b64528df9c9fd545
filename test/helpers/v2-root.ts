/**
 * Writes synthetic Docker ≥1.10 overlay2 roots: the files dockerd 20.10 writes for a container
 * (config.v2.json, hostconfig.json, hostname, hosts, resolv.conf, json log, layerdb mount
 * records, overlay2 layer directories) and one image with its layerdb chain. Paths inside the
 * files are recorded under /var/lib/docker, as on a real host.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const RECORDED_ROOT = '/var/lib/docker';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface ImageSpec {
  readonly tag: string;
  /** Number of layers (≥1). */
  readonly layers: number;
}

export interface V2Image {
  readonly id: string;
  readonly tag: string;
  /** Chain ids, base first. */
  readonly chainIds: string[];
  /** overlay2 directory names (cache-id), base first. */
  readonly cacheIds: string[];
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: V2Image;
  readonly running?: boolean;
  readonly env?: string[];
  readonly labels?: Record<string, string>;
  readonly exposed?: string[];
  /** `container/proto` → host port. */
  readonly published?: Record<string, string>;
  readonly log?: string;
  readonly driver?: string;
}

export function write(root: string, relative: string, content: string | Buffer): void {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** An image of `layers` layers: imagedb config, repositories.json entry, layerdb chain, overlay2 dirs. */
export function writeImage(root: string, spec: ImageSpec, driver = 'overlay2'): V2Image {
  const diffIds = Array.from({ length: spec.layers }, (_, i) => `sha256:${sha256(`${spec.tag} layer ${i}`)}`);
  const chainIds: string[] = [];
  for (const diffId of diffIds) chainIds.push(chainIds.length === 0 ? diffId : `sha256:${sha256(`${chainIds[chainIds.length - 1]} ${diffId}`)}`);
  const cacheIds = chainIds.map((chainId) => sha256(`cache ${chainId}`));
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    created: '2024-01-02T03:04:05.123456789Z',
    config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: diffIds },
  });
  const id = `sha256:${sha256(config)}`;
  write(root, `image/${driver}/imagedb/content/sha256/${id.slice(7)}`, config);
  chainIds.forEach((chainId, i) => {
    const dir = `image/${driver}/layerdb/sha256/${chainId.slice(7)}`;
    write(root, `${dir}/cache-id`, cacheIds[i] as string);
    write(root, `${dir}/diff`, diffIds[i] as string);
    write(root, `${dir}/size`, '1024');
    if (i > 0) write(root, `${dir}/parent`, chainIds[i - 1] as string);
    write(root, `${driver}/${cacheIds[i]}/diff/etc/layer-${i}`, `${spec.tag} layer ${i}\n`);
    write(root, `${driver}/${cacheIds[i]}/link`, linkName(cacheIds[i] as string));
  });
  return { id, tag: spec.tag, chainIds, cacheIds };
}

/** repositories.json naming each image by its tag. */
export function writeRepositories(root: string, images: readonly V2Image[], driver = 'overlay2'): void {
  const repositories: Record<string, Record<string, string>> = {};
  for (const image of images) {
    const repo = image.tag.split(':')[0] as string;
    repositories[repo] = { ...repositories[repo], [image.tag]: image.id };
  }
  write(root, `image/${driver}/repositories.json`, JSON.stringify({ Repositories: repositories }));
}

function linkName(id: string): string {
  return sha256(`link ${id}`).toUpperCase().replace(/[^A-Z2-7]/g, 'Q').slice(0, 26);
}

/** A deterministic 64-hex id for a name. */
export function containerId(name: string): string {
  return sha256(`container ${name}`);
}

/** One container as dockerd 20.10 leaves it on disk; returns its id. */
export function writeContainer(root: string, spec: ContainerSpec): string {
  const id = containerId(spec.name);
  const driver = spec.driver ?? 'overlay2';
  const dir = `containers/${id}`;
  const recorded = `${RECORDED_ROOT}/${dir}`;
  const mountId = sha256(`mount ${id}`);
  const running = spec.running ?? true;
  const ports = Object.fromEntries(Object.entries(spec.published ?? {}).map(([port, host]) => [port, [{ HostIp: '', HostPort: host }]]));
  const config = {
    StreamConfig: {},
    State: { Running: running, Paused: false, Restarting: false, OOMKilled: false, RemovalInProgress: false, Dead: false, Pid: running ? 4000 + (parseInt(id.slice(0, 4), 16) % 30000) : 0, ExitCode: running ? 0 : 137, Error: '', StartedAt: '2024-02-03T04:05:06.5Z', FinishedAt: running ? '0001-01-01T00:00:00Z' : '2024-02-03T05:00:00Z', Health: null },
    ID: id,
    Created: '2024-02-03T04:05:06.1Z',
    Managed: false,
    Path: 'sleep',
    Args: ['1000'],
    Config: { Hostname: id.slice(0, 12), Env: spec.env ?? ['PATH=/usr/bin:/bin'], Cmd: ['sleep', '1000'], Image: spec.image.tag, Labels: spec.labels ?? {}, ExposedPorts: Object.fromEntries((spec.exposed ?? []).map((p) => [p, {}])) },
    Image: spec.image.id,
    NetworkSettings: { Ports: running ? ports : {}, SandboxKey: '' },
    LogPath: `${recorded}/${id}-json.log`,
    Name: `/${spec.name}`,
    Driver: driver,
    OS: 'linux',
    RestartCount: 0,
    HasBeenStartedBefore: true,
    MountPoints: {},
    HostnamePath: `${recorded}/hostname`,
    HostsPath: `${recorded}/hosts`,
    ResolvConfPath: `${recorded}/resolv.conf`,
  };
  write(root, `${dir}/config.v2.json`, JSON.stringify(config));
  write(root, `${dir}/hostconfig.json`, JSON.stringify({ NetworkMode: 'none', RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, LogConfig: { Type: 'json-file', Config: {} }, PortBindings: ports }));
  write(root, `${dir}/hostname`, `${id.slice(0, 12)}\n`);
  write(root, `${dir}/hosts`, '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n');
  write(root, `${dir}/resolv.conf`, 'nameserver 10.0.0.2\nsearch example.internal\noptions ndots:1\n');
  write(root, `${dir}/${id}-json.log`, spec.log ?? `{"log":"started ${spec.name}\\n","stream":"stdout","time":"2024-02-03T04:05:07Z"}\n`);
  const mounts = `image/${driver}/layerdb/mounts/${id}`;
  write(root, `${mounts}/mount-id`, mountId);
  write(root, `${mounts}/init-id`, `${mountId}-init`);
  write(root, `${mounts}/parent`, spec.image.chainIds[spec.image.chainIds.length - 1] as string);
  write(root, `${driver}/${mountId}/diff/tmp/ready`, 'ready\n');
  write(root, `${driver}/${mountId}-init/diff/.dockerenv`, '');
  return id;
}

/** A root of `count` containers (a fifth of them stopped) over three images, the shape of a busy host. */
export function writeBusyRoot(root: string, count: number): { images: V2Image[]; ids: string[] } {
  const images = [writeImage(root, { tag: 'app:1', layers: 3 }), writeImage(root, { tag: 'db:2', layers: 5 }), writeImage(root, { tag: 'cache:3', layers: 2 })];
  writeRepositories(root, images);
  mkdirSync(join(root, 'volumes'), { recursive: true });
  const ids = Array.from({ length: count }, (_, i) =>
    writeContainer(root, {
      name: `svc-${String(i).padStart(5, '0')}`,
      image: images[i % images.length] as V2Image,
      running: i % 5 !== 0,
      env: ['PATH=/usr/bin:/bin', `INDEX=${i}`],
      labels: { 'com.example.index': String(i) },
      exposed: ['8080/tcp'],
      published: i % 10 === 0 ? { '8080/tcp': String(20000 + i) } : {},
    }),
  );
  return { images, ids };
}
