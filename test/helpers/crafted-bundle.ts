import { renderSha256Sums, serializeManifest, type BundleManifest, type MemberEntry } from '../../src/bundle/manifest.js';
import { sha256Hex } from '../../src/util/hash.js';
import type { CraftedMember } from './tar.js';

/**
 * The members of a bundle whose manifest and SHA256SUMS truly describe `snapshot` (so only its
 * content lies), built from the members of a real export. `declaredSize` overrides the size the
 * manifest states for snapshot.db (its digest stays that of `snapshot`).
 */
export function consistentBundle(real: ReadonlyMap<string, Buffer>, snapshot: Buffer, declaredSize = snapshot.length): CraftedMember[] {
  const summary = real.get('summary.md') ?? Buffer.alloc(0);
  const members: MemberEntry[] = [
    { name: 'snapshot.db', size: declaredSize, sha256: sha256Hex(snapshot) },
    { name: 'summary.md', size: summary.length, sha256: sha256Hex(summary) },
  ];
  const { manifest_sha256: _self, ...described } = JSON.parse(real.get('manifest.json')?.toString() ?? '') as BundleManifest;
  const text = serializeManifest({ ...described, members });
  return [
    { name: 'manifest.json', body: text },
    { name: 'snapshot.db', body: snapshot },
    { name: 'summary.md', body: summary },
    { name: 'SHA256SUMS', body: renderSha256Sums(sha256Hex(text), members) },
  ];
}
