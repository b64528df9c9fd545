/** The shapes compareSnapshots returns: plain data, rendered by src/render/compare-*.ts (schemas/compare.schema.json). */
import type { EntityKind } from '../diff/types.js';

/** One compared host, in rank order: the hosts that differ most from the majority first. */
export interface CompareHost {
  /** How the report names the host: its directory under the compared directory, or its file name. */
  readonly name: string;
  readonly path: string;
  readonly host_name: string | null;
  readonly started_at: string;
  /** Fields in which it differs from the majority, and entities it has or lacks against the majority. */
  readonly differences: number;
  /** Fields and entities its capture could not read: neither equal nor different. */
  readonly unknown: number;
}

/** A host's value of a field; absent when the host has the entity but not the field. */
export interface HostValue {
  readonly host: string;
  readonly value: unknown;
  readonly absent: boolean;
}

export interface HostUnknown {
  readonly host: string;
  readonly reason: string;
}

interface Located {
  readonly entity_kind: EntityKind;
  readonly entity_key: string;
  /** The container the entity is or belongs to; null otherwise. */
  readonly container: string | null;
}

/** A field on which some hosts differ from the majority of the hosts that have its entity. */
export interface FieldDeviation extends Located {
  /** JSON Pointer into the entity's tree, as in the diff. */
  readonly path: string;
  readonly majority: { readonly value: unknown; readonly absent: boolean; readonly hosts: number };
  /** Another value is shared by as many hosts: the majority is the one of the first host in input order. */
  readonly tie: boolean;
  readonly deviations: HostValue[];
  readonly unknown: HostUnknown[];
}

/** An entity that some hosts have and others lack. */
export interface EntityDeviation extends Located {
  readonly majority: 'present' | 'absent';
  readonly present_on: number;
  readonly tie: boolean;
  /** Hosts that have it where most do not. */
  readonly extra: string[];
  /** Hosts that lack it where most have it. */
  readonly missing: string[];
  readonly unknown: HostUnknown[];
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface CompareSummary {
  readonly hosts: number;
  readonly deviating_hosts: number;
  readonly entities: number;
  readonly fields: number;
  readonly deviations: number;
  readonly unknown: number;
  /** Values left out of the comparison, by the noise rule (or ignore glob) that left them out. */
  readonly suppressed: Readonly<Record<string, number>>;
}

export interface CompareResult {
  readonly hosts: CompareHost[];
  readonly entities: EntityDeviation[];
  readonly fields: FieldDeviation[];
  /** Files of a compared directory that are not snapshots or bundles docksnap can read. */
  readonly skipped: SkippedFile[];
  readonly summary: CompareSummary;
}

export interface CompareOptions {
  readonly only?: readonly EntityKind[] | undefined;
  readonly ignore?: readonly string[] | undefined;
  readonly acrossEngines?: boolean | undefined;
}
