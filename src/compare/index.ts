/**
 * compareSnapshots: many hosts' snapshots against their own majority. Each snapshot is read,
 * folded into the tallies (tally.ts) and dropped before the next is opened, so memory holds the
 * tallies, not the snapshots; then each field's majority and the hosts that differ (majority.ts).
 */
import { DEFAULT_IGNORES, ignoreMatcher } from '../diff/ignore.js';
import { readDiffInputFile, type SnapshotData } from '../diff/input.js';
import { ENTITY_KINDS } from '../diff/types.js';
import { InputError } from '../errors.js';
import { compareInputs, hostNames } from './inputs.js';
import { majorityReport, type HostFacts } from './majority.js';
import { Tallies } from './tally.js';
import type { CompareOptions, CompareResult, SkippedFile } from './types.js';

export type { CompareHost, CompareOptions, CompareResult, EntityDeviation, FieldDeviation, HostValue } from './types.js';

/**
 * @throws InputError when a named file is not a snapshot or bundle, a directory cannot be listed,
 * or fewer than two snapshots are found
 */
export async function compareSnapshots(paths: readonly string[], options: CompareOptions = {}): Promise<CompareResult> {
  const tallies = new Tallies({
    kinds: new Set(options.only ?? ENTITY_KINDS),
    acrossEngines: options.acrossEngines === true,
    ignored: ignoreMatcher([...DEFAULT_IGNORES, ...(options.ignore ?? [])]),
  });
  const read: Omit<HostFacts, 'name'>[] = [];
  const skipped: SkippedFile[] = [];
  for (const input of compareInputs(paths)) {
    let data: SnapshotData;
    try {
      data = await readDiffInputFile(input.path);
    } catch (error) {
      if (input.listed && error instanceof InputError) {
        skipped.push({ path: input.path, reason: error.why });
        continue;
      }
      throw error;
    }
    tallies.fold(read.length, data);
    read.push({ path: input.path, host_name: data.meta.host_name, started_at: data.meta.started_at });
  }
  if (read.length < 2) throw new InputError(paths.join(' '), `compare needs at least two snapshots or bundles; found ${read.length}`);
  const names = hostNames(read.map((h) => h.path));
  const hosts = read.map((h, i) => ({ name: names[i] as string, ...h }));
  const suppressed = new Map(tallies.suppressed);
  const { hosts: ranked, entities, fields } = majorityReport(tallies, hosts, suppressed);
  const deviations = entities.reduce((n, e) => n + e.extra.length + e.missing.length, 0) + fields.reduce((n, f) => n + f.deviations.length, 0);
  return {
    hosts: ranked,
    entities,
    fields,
    skipped,
    summary: {
      hosts: hosts.length,
      deviating_hosts: ranked.filter((h) => h.differences > 0).length,
      entities: tallies.entities.size,
      fields: [...tallies.entities.values()].reduce((n, e) => n + e.fields.size, 0),
      deviations,
      unknown: ranked.reduce((n, h) => n + h.unknown, 0),
      suppressed: Object.fromEntries([...suppressed].sort(([a], [b]) => (a < b ? -1 : 1))),
    },
  };
}
