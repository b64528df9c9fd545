/**
 * containerd's images as rows: the name's target (a manifest, or an index whose manifest for
 * this platform is taken) is read from the content store (io.containerd.content.v1.content/
 * blobs/sha256/<hex>), giving the config (the image id) and the layers' diff ids; each layer's
 * chain id names the committed snapshot that holds it unpacked.
 */
import { createHash } from 'node:crypto';
import type { InsertRows } from '../../types/snapshot.generated.js';
import { asObject, asString, asStringArray, dockerTime, type JsonObject } from '../container-rows.js';
import type { RootReader } from '../docker-root/root-reader.js';
import type { ContainerdImage } from './metadata.js';
import type { SnapshotChain } from './snapshots.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const INDEX_DEPTH = 2;
const CONTENT = 'io.containerd.content.v1.content/blobs/sha256';

/** What one image name resolves to in the content store. */
export interface ResolvedImage {
  readonly configDigest: string;
  readonly config: JsonObject | undefined;
  readonly diffIds: string[];
}

export interface ImageRows {
  readonly images: InsertRows<'images'>;
  readonly image_tags: InsertRows<'image_tags'>;
  readonly image_layers: InsertRows<'image_layers'>;
  /** The image id (config digest) of each `<namespace>/<name>`. */
  readonly idOf: Map<string, string>;
}

/** The chain ids of a layer stack, base first (the OCI image spec's ChainID). */
export function chainIds(diffIds: readonly string[]): string[] {
  const chain: string[] = [];
  for (const diff of diffIds) {
    const previous = chain[chain.length - 1];
    chain.push(previous === undefined ? diff : `sha256:${createHash('sha256').update(`${previous} ${diff}`).digest('hex')}`);
  }
  return chain;
}

/**
 * Rows for every image of every namespace; an image held by several namespaces is one row, its
 * layers those of the first namespace. The id is the config digest, as containerd and Docker's
 * own store name an image; `idBy: 'target'` takes the target's digest, as Docker's containerd
 * image store does.
 */
export function imageRows(content: RootReader, images: readonly ContainerdImage[], chains: SnapshotChain, platform: string, idBy: 'config' | 'target' = 'config'): ImageRows {
  const rows: ImageRows = { images: [], image_tags: [], image_layers: [], idOf: new Map() };
  const tags = new Set<string>();
  const seen = new Set<string>();
  for (const image of images) {
    const resolved = image.targetDigest ? resolveTarget(content, image.targetDigest, platform, 0) : undefined;
    if (!resolved) continue;
    const id = idBy === 'target' ? image.targetDigest! : resolved.configDigest;
    rows.idOf.set(`${image.namespace}/${image.name}`, id);
    if (!tags.has(`${id} ${image.name}`)) rows.image_tags.push({ image_id: id, tag: image.name });
    tags.add(`${id} ${image.name}`);
    if (seen.has(id)) continue;
    seen.add(id);
    const config = resolved.config ?? {};
    rows.images.push({ id, created_at: dockerTime(config['created']), parent_id: null, size: null, os: asString(config['os']), architecture: asString(config['architecture']), source: 'containerd-root' });
    const chain = chainIds(resolved.diffIds);
    for (let position = 0; position < chain.length; position++) {
      const index = chain.length - 1 - position;
      const chainId = chain[index]!;
      const snapshot = chains.committed(image.namespace, chainId);
      rows.image_layers.push({ image_id: id, position, layer_id: snapshot?.id ?? chainId, diff_id: resolved.diffIds[index] ?? null, chain_id: chainId });
    }
  }
  return rows;
}

function blob(content: RootReader, digest: string): JsonObject | undefined {
  if (!DIGEST.test(digest)) return undefined;
  return asObject(content.readJson(`blob ${digest}`, `${CONTENT}/${digest.slice(7)}`)?.value);
}

function resolveTarget(content: RootReader, digest: string, platform: string, depth: number): ResolvedImage | undefined {
  const document = blob(content, digest);
  if (!document) return undefined;
  const manifests = document['manifests'];
  if (Array.isArray(manifests)) {
    if (depth >= INDEX_DEPTH) return undefined;
    const entries = manifests.map(asObject).filter((m): m is JsonObject => m !== undefined);
    const chosen = entries.find((m) => platformOf(m) === platform) ?? entries.find((m) => platformOf(m)?.startsWith('linux/')) ?? entries[0];
    const next = asString(chosen?.['digest']);
    return next ? resolveTarget(content, next, platform, depth + 1) : undefined;
  }
  const configDigest = asString(asObject(document['config'])?.['digest']);
  if (!configDigest || !DIGEST.test(configDigest)) return undefined;
  const config = blob(content, configDigest);
  return { configDigest, config, diffIds: asStringArray(asObject(config?.['rootfs'])?.['diff_ids']).filter((d) => DIGEST.test(d)) };
}

function platformOf(manifest: JsonObject): string | undefined {
  const p = asObject(manifest['platform']);
  const os = asString(p?.['os']);
  const arch = asString(p?.['architecture']);
  return os && arch ? `${os}/${arch}` : undefined;
}

/** The platform containerd unpacks for on this machine, os/architecture in OCI terms. */
export function hostPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return `linux/${arch[process.arch] ?? process.arch}`;
}
