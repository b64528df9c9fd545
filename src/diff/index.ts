/**
 * diffSnapshots: two snapshots as keyed entity trees, matched by identity, compared pair by pair
 * (compare.ts, the deep-diff adapter), each change classified by the noise rules (normalize.ts).
 */
import type { SnapshotDb } from '../store/open.js';
import { containerEntities, daemonEntities, driftPairs, execPids, fileEntities, imageEntities, processEntitiesOf, type OwnerNaming } from './build.js';
import { collectPair, type Buckets, type Side } from './collect.js';
import { sameContext, sideContext } from './context.js';
import type { Entity, EntityPair } from './entity.js';
import { sideGaps } from './gaps.js';
import { DEFAULT_IGNORES, ignoreMatcher } from './ignore.js';
import { readDiffInput, type SnapshotData } from './input.js';
import { containerRecreatedKey, engineScopedMatch } from './keys.js';
import { containerFates } from './fates.js';
import { textNormalizer } from './classify.js';
import { pairEntities } from './match.js';
import { sortForReport } from './sort.js';
import { ENTITY_KINDS, type Change, type DiffMode, type DiffOptions, type DiffResult, type SnapshotIdentity } from './types.js';

export type { Change, ChangeGroup, DiffMode, DiffOptions, DiffResult, EntityKind, SuppressedChange, Unknown } from './types.js';
export { DEFAULT_IGNORES } from './ignore.js';
export { NOISE_RULES } from './normalize.js';

/**
 * Compares snapshot A with snapshot B: reads both as plain data, but for the rows of the
 * processes' lists, which are read only for the lists the comparison builds (those whose stored
 * digests differ). Both stay open for the call.
 */
export function diffSnapshots(a: SnapshotDb, b: SnapshotDb, options: DiffOptions = {}): DiffResult {
  return diffSnapshotData(readDiffInput(a, { byDigest: true }), readDiffInput(b, { byDigest: true }), options);
}

/** same-host when both snapshots record the same boot id; across-hosts otherwise (a reboot counts as another host). */
export function inferMode(a: SnapshotData, b: SnapshotData): DiffMode {
  return a.meta.boot_id !== null && a.meta.boot_id === b.meta.boot_id ? 'same-host' : 'across-hosts';
}

/** The comparison itself, over data read beforehand; `a` and `b` are never modified. */
export function diffSnapshotData(a: SnapshotData, b: SnapshotData, options: DiffOptions = {}): DiffResult {
  const mode = options.mode ?? inferMode(a, b);
  const kinds = new Set(options.only ?? ENTITY_KINDS);
  const [ctxA, ctxB] = [sideContext(a), sideContext(b)];
  const [execsA, execsB] = [execPids(a), execPids(b)];
  const head = (e: Entity) => e.head ?? e.tree;
  // Copied with its property descriptors: a spread would build a tree that is a getter.
  const withMatch = (e: Entity, match: string): Entity => Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(e), match: { value: match, enumerable: true } }) as Entity;
  const scoped = (entities: Entity[]) =>
    entities.map((e) => withMatch(e, engineScopedMatch(e.match, head(e)['engine'] as string, head(e)['name'] as string | null, options.acrossEngines === true)));
  const containers = pairEntities('container', scoped(containerEntities(a, mode, execsA)), scoped(containerEntities(b, mode, execsB)), mode === 'same-host' ? (e) => containerRecreatedKey({ name: head(e)['name'] as string | null }) : undefined);
  const { labelsA, labelsB, fatesA, fatesB } = containerFates(containers, mode);
  const listTexts = mode === 'same-host' && sameContext(ctxA, ctxB);
  const naming = (labels: ReadonlyMap<string, string>, ctx: typeof ctxA, execs: ReadonlySet<number>): OwnerNaming => ({
    mode,
    execs,
    ownerLabel: (id) => labels.get(id) ?? id.slice(0, 12),
    normalize: textNormalizer(ctx, mode),
    listTexts,
  });
  const [namingA, namingB] = [naming(labelsA, ctxA, execsA.members), naming(labelsB, ctxB, execsB.members)];
  const pairs: EntityPair[] = [
    ...(kinds.has('container') ? containers : []),
    ...(kinds.has('process') ? pairEntities('process', processEntitiesOf(a, namingA), processEntitiesOf(b, namingB)) : []),
    ...(kinds.has('daemon') ? pairEntities('daemon', daemonEntities(a), daemonEntities(b)) : []),
    ...(kinds.has('image') ? pairEntities('image', imageEntities(a), imageEntities(b)) : []),
    ...(kinds.has('file') ? pairEntities('file', fileEntities(a, namingA), fileEntities(b, namingB)) : []),
    ...(kinds.has('drift') ? driftPairs(containers, a, b, namingA, namingB) : []),
  ];
  const trees = (side: 'a' | 'b') => new Map(containers.flatMap((p) => (p[side] ? [[p[side].nativeId, p[side]] as const] : [])));
  const sideA: Side = { ctx: ctxA, gaps: sideGaps(a.errors, a.daemon), fates: fatesA, containers: trees('a'), labels: labelsA };
  const sideB: Side = { ctx: ctxB, gaps: sideGaps(b.errors, b.daemon), fates: fatesB, containers: trees('b'), labels: labelsB };
  const ignored = ignoreMatcher([...DEFAULT_IGNORES, ...(options.ignore ?? [])]);
  const buckets: Buckets = { changes: [], suppressed: [], unknowns: new Map() };
  for (const pair of pairs) collectPair(pair, mode, sideA, sideB, ignored, buckets);
  const changes = (['state', 'config', 'runtime'] as const).flatMap((group) => sortForReport(buckets.changes.filter((c) => c.group === group)));
  const config = changes.filter((c) => c.group === 'config');
  const state = changes.filter((c) => c.group === 'state').length;
  const count = (kind: Change['kind']) => config.filter((c) => c.kind === kind).length;
  return {
    a: identity(a),
    b: identity(b),
    mode,
    mode_inferred: options.mode === undefined,
    changes,
    suppressed: sortForReport(buckets.suppressed),
    unknowns: sortForReport([...buckets.unknowns.values()]),
    summary: {
      state,
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      runtime: changes.length - config.length - state,
      suppressed: buckets.suppressed.length,
      unknown: buckets.unknowns.size,
    },
  };
}

function identity(data: SnapshotData): SnapshotIdentity {
  return { path: data.path, host_name: data.meta.host_name, boot_id: data.meta.boot_id, started_at: data.meta.started_at };
}
