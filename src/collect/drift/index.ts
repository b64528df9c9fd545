import type { TableInserts } from '../../types/snapshot.generated.js';
import type { SnapshotSink } from '../../store/write.js';
import { captureError, captureProblem, type CaptureError } from '../errors.js';
import type { DriftRow } from './drift-row.js';
import { whiteoutStyle, type LayerSet } from './layer-set.js';
import type { DriftLimits, HashBudget } from './limits.js';
import { readOpaqueDirsOf } from './opaque-dirs.js';
import { walkWritableLayerSteps, type WalkCounts } from './walk.js';
import { runSteps, type Steps } from '../../util/steps.js';
import { realPathOnce } from './real-path.js';

export { DRIFT_LIMITS, type DriftLimits } from './limits.js';
export type { LayerSet } from './layer-set.js';
export { walkWritableLayer } from './walk.js';

const BATCH = 512;

/**
 * Records the drift of every container whose layer chain the Docker root gave (container_layers:
 * the rw layer first, then the init and image layers), streamed into the sink in batches.
 * Returns the capture errors: layers it could not walk, and every cap it reached, with counts.
 */
export function captureDockerDrift(...args: Parameters<typeof captureDockerDriftSteps>): CaptureError[] {
  return runSteps(captureDockerDriftSteps(...args));
}

/** captureDockerDrift in steps of one directory (see util/steps.ts). */
export function* captureDockerDriftSteps(layers: readonly TableInserts['container_layers'][], driver: string | null, limits: DriftLimits, sink: SnapshotSink): Steps<CaptureError[]> {
  const style = whiteoutStyle(driver);
  const chains = groupByContainer(layers);
  if (chains.size === 0) return [];
  if (style === undefined) {
    return [captureProblem('drift', 'docker root', null, 'unsupported', `filesystem drift is not captured for the ${driver ?? 'unknown'} storage driver (overlay2, overlay, overlayfs and aufs are)`)];
  }
  const errors: CaptureError[] = [];
  const budget: HashBudget = { remaining: limits.captureHashMaxBytes };
  const realPaths = new Map<string, string | Error>();
  const sets = [...chains].flatMap(([containerId, chain]) => {
    const set = layerSet(containerId, chain, style, errors, realPaths);
    return set ? [[containerId, set] as const] : [];
  });
  const opaque = style === 'overlay' ? opaqueDirsOrReport(sets.map(([, set]) => set.upper), errors) : new Map<string, Set<string>>();
  for (const [containerId, set] of sets) errors.push(...(yield* streamContainer(containerId, set, opaque.get(set.upper) ?? new Set(), limits, budget, sink)));
  return errors;
}

/** The opaque directories of every overlay writable layer; none, with one capture_error, when getfattr is missing or fails. */
function opaqueDirsOrReport(uppers: readonly string[], errors: CaptureError[]): Map<string, Set<string>> {
  try {
    return readOpaqueDirsOf(uppers);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    errors.push(
      missing
        ? captureProblem('drift', 'docker root', null, 'ENOENT', 'getfattr (Debian package attr) is not installed: opaque directories are recorded as plain directories, and what they hide is not listed')
        : captureError('drift', 'docker root', null, error),
    );
    return new Map();
  }
}

/** Walks one container's writable layer into the sink. */
function* streamContainer(containerId: string, set: LayerSet, opaque: ReadonlySet<string>, limits: DriftLimits, budget: HashBudget, sink: SnapshotSink): Steps<CaptureError[]> {
  let batch: DriftRow[] = [];
  const { counts, errors } = yield* walkWritableLayerSteps(containerId, set, opaque, limits, budget, (row) => {
    batch.push(row);
    if (batch.length >= BATCH) {
      sink.add('container_drift', batch);
      batch = [];
    }
  });
  sink.add('container_drift', batch);
  return [...errors, ...capErrors(containerId, set.upper, counts, limits)];
}

function capErrors(containerId: string, upper: string, counts: WalkCounts, limits: DriftLimits): CaptureError[] {
  const subject = `container ${containerId}`;
  const errors: CaptureError[] = [];
  if (counts.capped) {
    errors.push(captureProblem('drift', subject, upper, 'cap-entries', `drift capped at ${counts.entries} entries (the per-container limit); ${counts.directoriesLeft} directories of the writable layer not walked, and the rest of the directory being read`));
  }
  if (counts.tooLarge > 0) {
    errors.push(captureProblem('drift', subject, upper, 'cap-hash-file', `${counts.tooLarge} files larger than ${limits.hashMaxBytes} bytes recorded without sha256 (--drift-hash-max-bytes)`));
  }
  if (counts.captureCapped > 0) {
    errors.push(captureProblem('drift', subject, upper, 'cap-hash-capture', `${counts.captureCapped} files recorded without sha256: the capture had hashed its limit of ${limits.captureHashMaxBytes} bytes`));
  }
  return errors;
}

function groupByContainer(layers: readonly TableInserts['container_layers'][]): Map<string, TableInserts['container_layers'][]> {
  const chains = new Map<string, TableInserts['container_layers'][]>();
  for (const layer of layers) {
    const chain = chains.get(layer.container_id);
    if (chain) chain.push(layer);
    else chains.set(layer.container_id, [layer]);
  }
  for (const chain of chains.values()) chain.sort((a, b) => a.position - b.position);
  return chains;
}

/** The rw layer over the others, as real paths; undefined (with an error) when the rw layer has no directory. */
function layerSet(
  containerId: string,
  chain: readonly TableInserts['container_layers'][],
  whiteouts: LayerSet['whiteouts'],
  errors: CaptureError[],
  realPaths: Map<string, string | Error>,
): LayerSet | undefined {
  const [rw, ...below] = chain;
  const subject = `container ${containerId}`;
  const realPath = (path: string | null) => realPathOnce(path, subject, errors, realPaths);
  const upper = rw?.role === 'rw' ? realPath(rw.diff_path) : undefined;
  if (upper === undefined) {
    errors.push(captureProblem('drift', subject, null, 'ENOENT', 'the read-write layer has no directory: drift not captured'));
    return undefined;
  }
  const lowers: string[] = [];
  for (const layer of below) {
    const path = realPath(layer.diff_path);
    if (path !== undefined) lowers.push(path);
    else errors.push(captureProblem('drift', subject, layer.diff_path, 'ENOENT', `layer ${layer.layer_id} has no directory: entries it holds may be reported as added rather than modified`));
  }
  return { upper, lowers, whiteouts };
}
