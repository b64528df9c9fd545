/**
 * The fold: each host's entities, read one at a time, added to per-field tallies (value → the
 * hosts that have it) and dropped. Memory holds the tallies, never a host's snapshot once folded.
 */
import { classifyAlone, rewriteAlone, ruleScope, type RuleScope } from '../diff/classify.js';
import { mentionedContainers } from '../diff/context.js';
import type { RuleInput } from '../diff/normalize.js';
import type { Entity } from '../diff/entity.js';
import { gapAt, sideGaps, type Gap, type Missed } from '../diff/gaps.js';
import type { SnapshotData } from '../diff/input.js';
import { escapeSegment } from '../diff/pointer.js';
import { containerStatus, statusLabel } from '../diff/state.js';
import { object, type Scalar, type Tree } from '../diff/tree.js';
import type { EntityKind } from '../diff/types.js';
import { hostEntities } from './entities.js';
import { HostSet } from './host-set.js';
import { pathNode, pathRoot, visitLeaves, type LeafVisitor, type PathNode } from './leaves.js';

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
  /** The same fields by path node, as each host's tree is walked. */
  readonly paths: PathNode<FieldTally>;
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
    // One rule input per entity, its leaf's path and value set in turn: thousands of leaves a host, no object each.
    const change = { kind: 'changed' as const, old: null as Tree, new: null as Tree };
    const entry = { old: null as Tree, new: null as Tree };
    for (const entity of entities) {
      const tally = this.entityTally(entity, entity.kind === 'container' ? entity.key : entity.owner ? (ctx.containerNames.get(entity.owner) ?? entity.owner.slice(0, 12)) : null);
      tally.present.add(host);
      const covering = [...(gaps.gaps.get(`${entity.kind} ${entity.nativeId}`) ?? []), ...(gaps.gaps.get(`${entity.kind} *`) ?? [])].filter((g) => g.applies?.(entity) ?? true);
      if (covering.length > 0) (tally.gaps ??= new Map()).set(host, covering);
      const owner = entity.owner && entity.kind !== 'container' ? owners.get(entity.owner) : undefined;
      const input: { -readonly [K in keyof RuleInput]: RuleInput[K] } = { mode: MODE, kind: entity.kind, path: '', change, entry: undefined, a: entity, b: entity, ctxA: ctx, ctxB: ctx, fatesA: NO_FATES, fatesB: NO_FATES, ownerA: owner, ownerB: owner, ignored: false };
      const daemonProcess = entity.kind === 'process' && entity.role !== 'container';
      const visit: LeafVisitor<FieldTally> = (node, raw, inEntry) => {
        const field = (node.field ??= this.fieldTally(tally, node.path));
        const path = node.path;
        if (covering.length > 0) {
          const gap = gapAt(gaps, entity, path);
          if (gap) return void (field.unknown ??= new Map()).set(host, gap.reason);
        }
        if (field.ignored) return this.count('ignore');
        if (!field.status && field.scope.checks.length > 0) {
          input.path = path;
          change.old = change.new = raw as Tree;
          if (inEntry === undefined) input.entry = undefined;
          else {
            entry.old = entry.new = inEntry;
            input.entry = entry;
          }
          const rule = classifyAlone(input, field.scope);
          if (rule) return this.count(rule.id);
        }
        const value = typeof raw === 'string' ? rewriteAlone(raw, field.scope, ctx) : Array.isArray(raw) ? raw.map((v: Scalar) => (typeof v === 'string' ? rewriteAlone(v, field.scope, ctx) : v)) : raw;
        const text = JSON.stringify(value);
        let hosts = field.values.get(text);
        if (!hosts) field.values.set(text, (hosts = new HostSet(this.missed.length)));
        hosts.add(host);
        // The containers a field names are the same on every host (its path and values name them by name): read once, on the first host that has it.
        if (daemonProcess && field.mentions === undefined) {
          field.mentions = new Set(mentionedContainers(`${JSON.stringify(raw)}\n${JSON.stringify(inEntry ?? null)}`, ctx).map((id) => ctx.containerNames.get(id) ?? id));
        }
      };
      if (entity.kind === 'container') visit(pathNode(tally.paths, 'state'), statusLabel(containerStatus(entity.tree)), undefined);
      visitLeaves(entity.tree, tally.paths, visit);
    }
  }

  private count(rule: string): void {
    this.suppressed.set(rule, (this.suppressed.get(rule) ?? 0) + 1);
  }

  private entityTally(entity: Entity, container: string | null): EntityTally {
    const id = `${entity.kind}\n${entity.match}`;
    let tally = this.entities.get(id);
    if (!tally) {
      const stub: Entity = { kind: entity.kind, match: entity.match, key: entity.key, nativeId: entity.nativeId, owner: entity.owner, role: entity.role, exec: entity.exec ?? false, source: entity.source, tree: object([]), summary: null };
      this.entities.set(id, (tally = { kind: entity.kind, key: entity.key, container, stub, present: new HostSet(), fields: new Map(), paths: pathRoot(), gaps: undefined }));
    }
    return tally;
  }

  private fieldTally(entity: EntityTally, path: string): FieldTally {
    let field = entity.fields.get(path);
    if (!field) {
      // A glob that names an entry (`process/*/fds/*dockerd.log*`) covers its fields too, as in the diff, which reports a whole entry added or removed.
      const address = `${entity.kind}/${escapeSegment(entity.key)}${path}`;
      const prefixes = [...address.matchAll(/\//g)].map((m) => address.slice(0, m.index)).filter((p) => p.length > `${entity.kind}/${escapeSegment(entity.key)}`.length);
      field = { scope: ruleScope(entity.kind, path, MODE), ignored: [...prefixes, address].some(this.options.ignored), status: entity.kind === 'container' && path === '/state', values: new Map(), unknown: undefined, mentions: undefined };
      entity.fields.set(path, field);
    }
    return field;
  }
}
