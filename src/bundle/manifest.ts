import { sha256Hex } from '../util/hash.js';

/** Version of the bundle layout written by this docksnap (manifest `bundle_format`). */
export const BUNDLE_FORMAT = 1;

export const MEMBER = { manifest: 'manifest.json', snapshot: 'snapshot.db', summary: 'summary.md', sums: 'SHA256SUMS' } as const;
export type MemberName = (typeof MEMBER)[keyof typeof MEMBER];
/** Every member, in the order export writes them and import expects them. */
export const MEMBER_ORDER: readonly MemberName[] = [MEMBER.manifest, MEMBER.snapshot, MEMBER.summary, MEMBER.sums];

/** Documented caps (README "Bundles"): what a bundle may hold before it is read as hostile. */
export const LIMITS = {
  manifestBytes: 1024 * 1024,
  sumsBytes: 64 * 1024,
  /** A gzip stream may inflate to the tar size the manifest declares plus this much. */
  inflateSlackBytes: 64 * 1024,
  /** verify checks snapshot.db in memory (writing nothing); a larger one is refused by verify. */
  verifyInMemoryBytes: 512 * 1024 * 1024,
} as const;

export interface MemberEntry {
  readonly name: typeof MEMBER.snapshot | typeof MEMBER.summary;
  readonly size: number;
  readonly sha256: string;
}

/** manifest.json; schemas/bundle-manifest.schema.json describes every field. */
export interface BundleManifest {
  readonly bundle_format: number;
  readonly tool: { readonly name: 'docksnap'; readonly version: string };
  readonly schema_version: number;
  readonly created_at: string;
  readonly snapshot: {
    readonly host_name: string | null;
    readonly boot_id: string | null;
    readonly kernel_release: string | null;
    readonly mode: string;
    readonly started_at: string;
    readonly finished_at: string;
    readonly docker_version: string | null;
    readonly tool_version: string;
  };
  readonly redaction: {
    readonly enabled: boolean;
    readonly rules_version: string | null;
    readonly key_fingerprint: string | null;
    readonly values_replaced: number | null;
  };
  readonly log_tails: 'included' | 'omitted';
  readonly counts: Readonly<Record<string, number>>;
  readonly members: readonly MemberEntry[];
  readonly manifest_sha256: string;
}

const ZEROS = '0'.repeat(64);
const SELF_DIGEST = /"manifest_sha256": "([0-9a-f]{64})"/g;

/** The manifest's bytes, with manifest_sha256 filled in (see selfDigest). */
export function serializeManifest(manifest: Omit<BundleManifest, 'manifest_sha256'>): string {
  const draft = `${JSON.stringify({ ...manifest, manifest_sha256: ZEROS }, null, 2)}\n`;
  return draft.replace(`"manifest_sha256": "${ZEROS}"`, `"manifest_sha256": "${sha256Hex(draft)}"`);
}

/**
 * The digest a manifest text claims and the one its bytes have (hashed with the claimed value
 * written as zeros); undefined when the text does not hold exactly one manifest_sha256.
 */
export function selfDigest(text: string): { claimed: string; actual: string } | undefined {
  const matches = [...text.matchAll(SELF_DIGEST)];
  const match = matches[0];
  if (matches.length !== 1 || !match?.[1]) return undefined;
  const zeroed = text.slice(0, match.index) + `"manifest_sha256": "${ZEROS}"` + text.slice(match.index + match[0].length);
  return { claimed: match[1], actual: sha256Hex(zeroed) };
}

/** SHA256SUMS, in `sha256sum -c` format: every member but itself, the manifest first. */
export function renderSha256Sums(manifestSha256: string, members: readonly MemberEntry[]): string {
  const lines = [[manifestSha256, MEMBER.manifest], ...members.map((m) => [m.sha256, m.name])];
  return lines.map(([sha, name]) => `${sha}  ${name}\n`).join('');
}

/** The most bytes an honest bundle's tar stream can have, given its manifest (512-byte blocks). */
export function maxTarBytes(manifestBytes: number, sumsBytes: number, members: readonly MemberEntry[]): number {
  const block = (size: number) => 512 + Math.ceil(size / 512) * 512;
  const data = [manifestBytes, sumsBytes, ...members.map((m) => m.size)].reduce((total, size) => total + block(size), 0);
  return data + 1024 + LIMITS.inflateSlackBytes;
}
