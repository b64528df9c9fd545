/**
 * The fold: each host's entities, read one at a time, added to per-field tallies (value → the
 * hosts that have it) and dropped. Memory holds the tallies, never a host's snapshot once folded.
 */
import { classifyAlone, rewriteAlone, ruleScope, type RuleScope } from '../diff/classify.js';
import { mentionedContainers } from '../diff/context.js';
import type { Entity } from '../diff/entity.js';
import { gapAt, sideGaps, type Gap, type Missed } from '../diff/gaps.js';
import type { SnapshotData } from '../diff/input.js';
import { escapeSegment } from '../diff/pointer.js';
import { containerStatus, statusLabel } from '../diff/state.js';
import { object, type Scalar } from '../diff/tree.js';
import type { EntityKind } from '../diff/types.js';
import { hostEntities } from './entities.js';
import { HostSet } from './host-set.js';
import { leavesOf, type Leaf } from './leaves.js';

const MODE = 'across-hosts';
const NO_FATES = new Map();

export interface FieldTally {
  readonly scope: RuleScope;
  /** An --ignore glob (or a default one) covers the field. */
  readonly ignored: boolean;
  /** A container's status (`running`, `exited (137)`): compared as one value, as the diff's state change. */
  readonly status: boolean;
  /** Each value (its JSON, after the noise rewrites) → the hosts that have it. */
  readonly values: Map<string, HostSet>;
  /** Hosts that could not read the field → why. */
  unknown: Map<number, string> | undefined;
  /** Containers the field's values name on some host (a daemon fd on a container's fifo), by report name. */
  mentions: Set<string> | undefined;
}

export interface EntityTally {
  readonly kind: EntityKind;
  readonly key: string;
  /** The report name of the container it is or belongs to; null for the daemon, images, the daemon's processes and files. */
  readonly container: string | null;
  /** The entity as first seen, without its tree: what a host's capture gaps are checked against when it lacks the entity. */
  readonly stub: Entity;
  readonly present: HostSet;
  readonly fields: Map<string, FieldTally>;
  /** The capture gaps that cover part of the entity, by host. */
  gaps: Map<number, readonly Gap[]> | undefined;
}

export interface FoldOptions {
  readonly kinds: ReadonlySet<EntityKind>;
  readonly acrossEngines: boolean;
  readonly ignored: (address: string) => boolean;
}

export class Tallies {
  readonly entities = new Map<string, EntityTally>();
  /** Each host's entities it may lack without their being gone (a capture that could not read them). */
  readonly missed: (readonly Missed[])[] = [];
  /** Values a noise rule took out of the comparison, by rule id (one per host and value). */
  readonly suppressed = new Map<string, number>();

  constructor(private readonly options: FoldOptions) {}

  fold(host: number, data: SnapshotData): void {
    const gaps = sideGaps(data.errors, data.daemon);
    this.missed[host] = gaps.missed;
    const { ctx, entities, owners } = hostEntities(data, this.options.kinds, this.options.acrossEngines);
    for (const entity of entities) {
      const tally = this.entityTally(entity, entity.kind === 'container' ? entity.key : entity.owner ? (ctx.containerNames.get(entity.owner) ?? entity.owner.slice(0, 12)) : null);
      tally.present.add(host);
      const covering = [...(gaps.gaps.get(`${entity.kind} ${entity.nativeId}`) ?? []), ...(gaps.gaps.get(`${entity.kind} *`) ?? [])].filter((g) => g.applies?.(entity) ?? true);
      if (covering.length > 0) (tally.gaps ??= new Map()).set(host, covering);
      const owner = entity.owner && entity.kind !== 'container' ? owners.get(entity.owner) : undefined;
      const leaves: Iterable<Leaf> = entity.kind === 'container' ? [{ path: '/state', value: statusLabel(containerStatus(entity.tree)), entry: undefined }, ...leavesOf(entity.tree)] : leavesOf(entity.tree);
      for (const leaf of leaves) {
        const field = this.fieldTally(tally, leaf.path);
        if (covering.length > 0) {
          const gap = gapAt(gaps, entity, leaf.path);
          if (gap) {
            (field.unknown ??= new Map()).set(host, gap.reason);
            continue;
          }
        }
        if (field.ignored) this.count('ignore');
        if (field.ignored || (!field.status && field.scope.checks.length > 0 && this.suppressedBy(field, entity, leaf, owner, ctx))) continue;
        const value = typeof leaf.value === 'string' ? rewriteAlone(leaf.value, field.scope, ctx) : Array.isArray(leaf.value) ? leaf.value.map((v: Scalar) => (typeof v === 'string' ? rewriteAlone(v, field.scope, ctx) : v)) : leaf.value;
        const text = JSON.stringify(value);
        let hosts = field.values.get(text);
        if (!hosts) field.values.set(text, (hosts = new HostSet(this.missed.length)));
        hosts.add(host);
        if (entity.kind === 'process' && entity.role !== 'container') {
          for (const id of mentionedContainers(`${JSON.stringify(leaf.value)}\n${JSON.stringify(leaf.entry ?? null)}`, ctx)) (field.mentions ??= new Set()).add(ctx.containerNames.get(id) ?? id);
        }
      }
    }
  }

  private suppressedBy(field: FieldTally, entity: Entity, leaf: Leaf, owner: Entity['tree'] | undefined, ctx: ReturnType<typeof hostEntities>['ctx']): boolean {
    const value = leaf.value as never;
    const entry = leaf.entry === undefined ? undefined : { old: leaf.entry, new: leaf.entry };
    const rule = classifyAlone(
      { mode: MODE, kind: entity.kind, path: leaf.path, change: { kind: 'changed', old: value, new: value }, entry, a: entity, b: entity, ctxA: ctx, ctxB: ctx, fatesA: NO_FATES, fatesB: NO_FATES, ownerA: owner, ownerB: owner, ignored: false },
      field.scope,
    );
    if (rule) this.count(rule.id);
    return rule !== undefined;
  }

  private count(rule: string): void {
    this.suppressed.set(rule, (this.suppressed.get(rule) ?? 0) + 1);
  }

  private entityTally(entity: Entity, container: string | null): EntityTally {
    const id = `${entity.kind}\n${entity.match}`;
    let tally = this.entities.get(id);
    if (!tally) {
      const stub: Entity = { kind: entity.kind, match: entity.match, key: entity.key, nativeId: entity.nativeId, owner: entity.owner, role: entity.role, exec: entity.exec ?? false, source: entity.source, tree: object([]), summary: null };
      this.entities.set(id, (tally = { kind: entity.kind, key: entity.key, container, stub, present: new HostSet(), fields: new Map(), gaps: undefined }));
    }
    return tally;
  }

  private fieldTally(entity: EntityTally, path: string): FieldTally {
    let field = entity.fields.get(path);
    if (!field) {
      field = { scope: ruleScope(entity.kind, path, MODE), ignored: this.options.ignored(`${entity.kind}/${escapeSegment(entity.key)}${path}`), status: entity.kind === 'container' && path === '/state', values: new Map(), unknown: undefined, mentions: undefined };
      entity.fields.set(path, field);
    }
    return field;
  }
}
