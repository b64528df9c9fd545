/**
 * An OCI image layout archive (oci-layout, index.json, blobs/sha256/…) of one uncompressed layer,
 * for `ctr images import`: the image config is fixed (no creation time), so the same layer always
 * gives the same image.
 */
import { createHash } from 'node:crypto';
import { buildTar } from './tar.js';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

export interface OciImage {
  readonly archive: Buffer;
  readonly configDigest: string;
  readonly manifestDigest: string;
  readonly layerDigest: string;
}

export async function buildOciImage(layer: Buffer, name: string): Promise<OciImage> {
  const layerDigest = `sha256:${sha256(layer)}`;
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: [layerDigest] },
  });
  const configDigest = `sha256:${sha256(config)}`;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: Buffer.byteLength(config) },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
  });
  const manifestDigest = `sha256:${sha256(manifest)}`;
  const index = JSON.stringify({
    schemaVersion: 2,
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: manifestDigest,
      size: Buffer.byteLength(manifest),
      annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name.split(':').pop() },
    }],
  });
  const blob = (digest: string, body: Buffer | string) => ({ name: `blobs/sha256/${digest.slice('sha256:'.length)}`, mode: 0o644, body });
  const archive = await buildTar([
    { name: 'oci-layout', mode: 0o644, body: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', mode: 0o644, body: index },
    { name: 'blobs/', type: 'directory', mode: 0o755 },
    { name: 'blobs/sha256/', type: 'directory', mode: 0o755 },
    blob(configDigest, config),
    blob(manifestDigest, manifest),
    blob(layerDigest, layer),
  ]);
  return { archive, configDigest, manifestDigest, layerDigest };
}

export async function buildOciArchive(layer: Buffer, name: string): Promise<Buffer> {
  return (await buildOciImage(layer, name)).archive;
}
