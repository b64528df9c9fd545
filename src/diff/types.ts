/** The shapes diffSnapshots returns: plain data, rendered by src/render/diff-*.ts. */

/** What an entity is; `--only` takes their plurals. */
export const ENTITY_KINDS = ['container', 'process', 'daemon', 'image', 'file', 'drift'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** The names `--only` and --ignore globs also accept for each kind. */
export const KIND_PLURALS: Readonly<Record<EntityKind, string>> = { container: 'containers', process: 'processes', daemon: 'daemon', image: 'images', file: 'files', drift: 'drift' };

/** same-host: both snapshots come from one boot of one host; across-hosts: anything else. */
export type DiffMode = 'same-host' | 'across-hosts';

export type ChangeKind = 'added' | 'removed' | 'changed';

/**
 * state: what a container is doing (running → exited (137), paused, OOM-killed, an exec session);
 * config: a difference in what the host is; runtime: what a running host does by itself
 * (restarts, log growth, short-lived processes).
 */
export type ChangeGroup = 'state' | 'config' | 'runtime';

/** One difference between snapshot A and snapshot B. */
export interface Change {
  readonly entity_kind: EntityKind;
  readonly entity_key: string;
  /** The report name of the container the entity is or belongs to (its processes, shim and files); null otherwise. */
  readonly container: string | null;
  /** JSON Pointer into the entity's tree; '' for the entity itself. */
  readonly path: string;
  readonly kind: ChangeKind;
  /** Value in A; null when added. */
  readonly old: unknown;
  /** Value in B; null when removed. */
  readonly new: unknown;
  readonly group: ChangeGroup;
  /** The noise rule that put a runtime change in its group; null for state and config changes. */
  readonly rule: string | null;
}

/** A difference a noise rule says is not one. */
export interface SuppressedChange extends Omit<Change, 'group' | 'rule'> {
  readonly rule: string;
}

/** Something one snapshot could not read: neither equal nor different, and never a removal. */
export interface Unknown {
  readonly entity_kind: EntityKind;
  readonly entity_key: string;
  readonly container: string | null;
  readonly path: string;
  /** The snapshot that could not read it (both when neither could). */
  readonly side: 'a' | 'b' | 'both';
  readonly old: unknown;
  readonly new: unknown;
  /** The capture error behind the gap. */
  readonly reason: string;
}

/** Who and when each snapshot is, for the report's header. */
export interface SnapshotIdentity {
  readonly path: string;
  readonly host_name: string | null;
  readonly boot_id: string | null;
  readonly started_at: string;
}

export interface DiffSummary {
  /** State changes: containers that stopped, started, paused, were OOM-killed; exec sessions. */
  readonly state: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly runtime: number;
  readonly suppressed: number;
  readonly unknown: number;
}

export interface DiffResult {
  readonly a: SnapshotIdentity;
  readonly b: SnapshotIdentity;
  readonly mode: DiffMode;
  /** True when the mode came from the boot ids rather than from the caller. */
  readonly mode_inferred: boolean;
  /** State changes first, then config changes, then runtime changes; each sorted by entity kind, key and path. */
  readonly changes: Change[];
  readonly suppressed: SuppressedChange[];
  readonly unknowns: Unknown[];
  readonly summary: DiffSummary;
}

export interface DiffOptions {
  /** Force a mode; default: same-host when both snapshots have the same boot id. */
  readonly mode?: DiffMode | undefined;
  /** Entity kinds to compare; default all. */
  readonly only?: readonly EntityKind[] | undefined;
  /** Extra ignore globs over `<kind>/<entity key>/<path>`, added to DEFAULT_IGNORES. */
  readonly ignore?: readonly string[] | undefined;
  /** Match containers by name whatever their engine (a host moved from Docker to Podman); default: only within one engine kind. */
  readonly acrossEngines?: boolean | undefined;
}
