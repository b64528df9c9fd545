/** docksnap's library API: what the CLI calls and what tests and other tools may call. */
export { capture, defaultSnapshotName, type CaptureFileOptions, type CaptureSummary } from './capture.js';
export { openSnapshot } from './open.js';
export { exportBundle, type ExportOptions, type ExportSummary } from './bundle/export.js';
export { importBundle, type ImportOptions, type ImportSummary } from './bundle/import.js';
export { verifyBundle, type VerifyReport } from './bundle/verify.js';
export type { BundleManifest } from './bundle/manifest.js';
export type { SnapshotDb, QueryResult } from './store/open.js';
export { listSnapshots, type SnapshotListing } from './read/list.js';
export { readShowReport, type ShowReport } from './read/show.js';
export { diffSnapshots, DEFAULT_IGNORES, NOISE_RULES, type Change, type ChangeGroup, type DiffMode, type DiffOptions, type DiffResult, type EntityKind, type SuppressedChange, type Unknown } from './diff/index.js';
export { diffTimeline, seriesOf, type DiffTimeline, type SeriesMember, type TimelineStep } from './diff/timeline.js';
export { DocksnapError, InputError, OperationError, UsageError, EXIT, type ExitCode } from './errors.js';
export { SCHEMA_VERSION } from './types/snapshot.generated.js';
export { TOOL_VERSION } from './version.js';
