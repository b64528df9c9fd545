import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { loadSchemaVersion } from '../store/ddl.js';
import { InputError } from '../errors.js';
import { packageFile } from '../package-root.js';
import { SCHEMA_VERSION } from '../types/snapshot.generated.js';
import { BUNDLE_FORMAT, MEMBER, selfDigest, type BundleManifest } from './manifest.js';

const SCHEMA_URL = packageFile('schemas/bundle-manifest.schema.json');

let validator: ValidateFunction | undefined;

function validate(value: unknown): string | undefined {
  if (!validator) {
    const ajv = new Ajv2020({ strict: true, allErrors: false });
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  }
  if (validator(value)) return undefined;
  const error = validator.errors?.[0];
  return `${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}`;
}

/** A manifest that could be read, or why it could not (an integrity failure: verify exits 1). */
export type ManifestCheck = { readonly manifest: BundleManifest } | { readonly failure: string; readonly expected?: string; readonly actual?: string };

/**
 * Reads manifest.json: JSON, its self digest, the bundle format, the schema, then the snapshot
 * schema version, in that order, so that a changed byte is reported as such before anything else.
 * @throws InputError when the bundle comes from a newer docksnap (format or schema version).
 */
export function checkManifest(bundle: string, text: string): ManifestCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { failure: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const digest = selfDigest(text);
  if (!digest) return { failure: 'lacks its manifest_sha256' };
  if (digest.claimed !== digest.actual) return { failure: 'sha256 mismatch', expected: digest.claimed, actual: digest.actual };
  const format = (value as { bundle_format?: unknown }).bundle_format;
  if (typeof format === 'number' && format > BUNDLE_FORMAT) {
    throw new InputError(bundle, `was written by a newer docksnap (bundle format ${format}; this docksnap reads ${BUNDLE_FORMAT})`);
  }
  const invalid = validate(value);
  if (invalid !== undefined) return { failure: `does not match schemas/bundle-manifest.schema.json: ${invalid}` };
  const manifest = value as BundleManifest;
  if (manifest.schema_version > SCHEMA_VERSION) {
    throw new InputError(bundle, `holds a snapshot of schema ${manifest.schema_version}; this docksnap reads up to schema ${SCHEMA_VERSION}`);
  }
  if (!loadSchemaVersion(manifest.schema_version)) {
    throw new InputError(bundle, `holds a snapshot of schema ${manifest.schema_version}, which this docksnap cannot read`);
  }
  if (manifest.members[0]?.name !== MEMBER.snapshot || manifest.members[1]?.name !== MEMBER.summary) {
    return { failure: `must list ${MEMBER.snapshot} then ${MEMBER.summary}` };
  }
  return { manifest };
}
