import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError, OperationError, UsageError } from '../errors.js';
import { countRows, readSnapshotMeta } from '../read/meta.js';
import { openSnapshotDb, openWrittenCopy, type SnapshotDb } from '../store/open.js';
import { readPageStats } from '../store/pages.js';
import { writeRewrittenCopy } from '../store/rewrite-copy.js';
import { TABLE_NAMES } from '../types/snapshot.generated.js';
import { assertTargetWritable, writeAtomically } from '../util/atomic-write.js';
import { cleanUpOnInterrupt } from '../util/interrupt.js';
import { TOOL_VERSION } from '../version.js';
import { detectBundleKind } from './detect.js';
import { loadRedactionKey } from './key.js';
import { BUNDLE_FORMAT, MEMBER, renderSha256Sums, serializeManifest, type BundleManifest, type MemberEntry } from './manifest.js';
import { planRewrites } from './redact-rows.js';
import { createRedactor } from './redactor.js';
import { RULES_VERSION } from './rules.js';
import { readBundleSummary } from './summary-data.js';
import { renderSummary } from './summary.js';
import { writeTar } from './tar-write.js';
import { snapshotReportHtml } from '../report.js';

export interface ExportOptions {
  /** The bundle to write: a tar, gzip-compressed when the name ends in .gz or .tgz. */
  readonly output: string;
  readonly force: boolean;
  /** Redact secrets (default true); false is --no-redact. */
  readonly redact?: boolean;
  /** HMAC key file; default the user's key under $XDG_CONFIG_HOME/docksnap. */
  readonly redactKeyFile?: string | undefined;
  /** Keep log tails (default true); false is --no-logs. */
  readonly logs?: boolean;
  /** Environment for locating the user's key (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Told where, when the user's key did not exist and was created. */
  readonly onKeyCreated?: (path: string) => void;
}

export interface ExportSummary {
  readonly path: string;
  readonly manifest: BundleManifest;
}

/**
 * Exports a snapshot as a bundle: manifest.json, snapshot.db (a compacted copy, redacted unless
 * told otherwise), summary.md, report.html (the HTML report of that copy) and SHA256SUMS, written atomically (mode 0600, no overwrite without
 * force). The source snapshot is only read.
 * @throws InputError when the source is not a snapshot or the output exists; UsageError for a bad key file.
 */
export async function exportBundle(snapshot: string, options: ExportOptions): Promise<ExportSummary> {
  const redact = options.redact ?? true;
  const logs = options.logs ?? true;
  const gzip = isGzipBundleName(options.output);
  assertTargetWritable(options.output, options);
  if (detectBundleKind(snapshot)) throw new InputError(snapshot, 'is already a bundle; export takes a snapshot file (import the bundle first)');
  const source = openSnapshotDb(snapshot);
  let work: string | undefined;
  let unregister = () => {};
  try {
    const key = redact ? loadRedactionKey(options.redactKeyFile, options.env ?? process.env, options.onKeyCreated) : undefined;
    const redactor = key ? createRedactor(key.bytes) : undefined;
    // Listening before the directory exists: a signal right after mkdtemp must find the handler.
    unregister = cleanUpOnInterrupt(() => {
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });
    work = mkdtempSync(join(tmpdir(), 'docksnap-export-'));
    const dbPath = join(work, MEMBER.snapshot);
    writeRewrittenCopy(source, dbPath, join(work, 'scratch.db'), planRewrites({ redact: redactor, logs }));
    source.close();
    const pages = readPageStats(dbPath);
    if (pages.freelistCount !== 0) throw new OperationError(snapshot, `the compacted copy still has ${pages.freelistCount} free pages`);
    const db = openWrittenCopy(dbPath);
    let described: Omit<BundleManifest, 'members' | 'manifest_sha256'>;
    let summaryText: string;
    let reportText: string;
    try {
      described = describe(db, {
        enabled: redact,
        rules_version: redact ? RULES_VERSION : null,
        key_fingerprint: key?.fingerprint ?? null,
        values_replaced: redactor?.count() ?? null,
      }, logs);
      summaryText = renderSummary(readBundleSummary(db), described);
      reportText = snapshotReportHtml(db, MEMBER.snapshot);
    } finally {
      db.close();
    }
    const summary = Buffer.from(summaryText, 'utf8');
    const report = Buffer.from(reportText, 'utf8');
    const members: MemberEntry[] = [
      { name: MEMBER.snapshot, size: statSync(dbPath).size, sha256: await sha256File(dbPath) },
      { name: MEMBER.summary, size: summary.length, sha256: createHash('sha256').update(summary).digest('hex') },
      { name: MEMBER.report, size: report.length, sha256: createHash('sha256').update(report).digest('hex') },
    ];
    const manifestText = serializeManifest({ ...described, members });
    const manifest = JSON.parse(manifestText) as BundleManifest;
    const sums = renderSha256Sums(createHash('sha256').update(manifestText).digest('hex'), members);
    const path = resolve(options.output);
    await writeAtomically(path, options, (temp) =>
      writeTar(
        temp,
        [
          { name: MEMBER.manifest, size: Buffer.byteLength(manifestText), bytes: Buffer.from(manifestText) },
          { name: MEMBER.snapshot, size: members[0]?.size ?? 0, file: dbPath },
          { name: MEMBER.summary, size: summary.length, bytes: summary },
          { name: MEMBER.report, size: report.length, bytes: report },
          { name: MEMBER.sums, size: Buffer.byteLength(sums), bytes: Buffer.from(sums) },
        ],
        gzip,
        new Date(manifest.created_at),
      ),
    );
    return { path, manifest };
  } finally {
    source.close();
    if (work) rmSync(work, { recursive: true, force: true });
    unregister();
  }
}

function describe(db: SnapshotDb, redaction: BundleManifest['redaction'], logs: boolean): Omit<BundleManifest, 'members' | 'manifest_sha256'> {
  const s = readSnapshotMeta(db);
  return {
    bundle_format: BUNDLE_FORMAT,
    tool: { name: 'docksnap', version: TOOL_VERSION },
    schema_version: db.schemaVersion,
    created_at: new Date().toISOString(),
    snapshot: {
      host_name: s.host_name,
      boot_id: s.boot_id,
      kernel_release: s.kernel_release,
      mode: s.mode,
      started_at: s.started_at,
      finished_at: s.finished_at,
      docker_version: s.docker_version,
      tool_version: s.tool_version,
    },
    redaction,
    log_tails: logs ? 'included' : 'omitted',
    counts: Object.fromEntries(TABLE_NAMES.filter((t) => t !== 'snapshot').map((t) => [t, countRows(db, t)])),
  };
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A bundle is a tar: `.tar`, or gzip-compressed `.tar.gz`/`.tgz`. Any other name (`.zip`, `.gz`,
 * none) would promise a format the file does not have.
 * @throws UsageError for any other extension.
 */
export function isGzipBundleName(output: string): boolean {
  if (/\.(tar\.gz|tgz)$/i.test(output)) return true;
  if (/\.tar$/i.test(output)) return false;
  throw new UsageError(output, 'a bundle is a tar: name it .tar, .tar.gz or .tgz');
}
