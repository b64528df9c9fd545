import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { hashFileNoFollow, openDirectoryPinned, type PinnedDirectory } from '../../util/fs-readonly.js';
import { errnoCode } from '../../util/errno.js';
import { traceRead } from '../../util/read-trace.js';
import { captureError, captureProblem, type CaptureError } from '../errors.js';
import { deletedRow, presentRow, type DriftRow, type FileFacts } from './drift-row.js';
import { AUFS_META, AUFS_OPAQUE, AUFS_WHITEOUT, type LayerSet } from './layer-set.js';
import type { DriftLimits, HashBudget } from './limits.js';
import { childVisibleLowers, findInLowers, isOverlayWhiteout, lstatOrUndefined, type VisibleLowers } from './lower-layers.js';
import { hiddenByOpaque } from './opaque-hidden.js';
import { runSteps, type Steps } from '../../util/steps.js';

export interface WalkCounts {
  entries: number;
  /** True when the walk stopped at limits.maxEntries. */
  capped: boolean;
  tooLarge: number;
  captureCapped: number;
  directoriesLeft: number;
}

interface Frame {
  readonly dir: string;
  readonly visible: VisibleLowers;
  readonly opaque: boolean;
}

/**
 * Walks a writable layer depth-first without following any link and hands each change to
 * `emit` as it is found: memory holds the directories still to visit, never the entries.
 * `opaqueDirs` lists the overlay layer's opaque directories (aufs marks its own).
 */
export function walkWritableLayer(...args: Parameters<typeof walkWritableLayerSteps>): WalkResult {
  return runSteps(walkWritableLayerSteps(...args));
}

type WalkResult = { counts: WalkCounts; errors: CaptureError[] };

/** walkWritableLayer in steps of one directory (see util/steps.ts). */
export function* walkWritableLayerSteps(
  containerId: string,
  layers: LayerSet,
  opaqueDirs: ReadonlySet<string>,
  limits: DriftLimits,
  budget: HashBudget,
  emit: (row: DriftRow) => void,
): Steps<WalkResult> {
  const counts: WalkCounts = { entries: 0, capped: false, tooLarge: 0, captureCapped: 0, directoriesLeft: 0 };
  const errors: CaptureError[] = [];
  const subject = `container ${containerId}`;
  const aufs = layers.whiteouts === 'aufs';
  const stack: Frame[] = [{ dir: '', visible: layers.lowers.map((_, index) => index), opaque: false }];

  const record = (row: DriftRow): boolean => {
    if (counts.entries >= limits.maxEntries) {
      counts.capped = true;
      return false;
    }
    counts.entries++;
    emit(row);
    return true;
  };

  const hashFacts = (entry: string, host: string, stat: Stats): FileFacts & { stat: Stats } => {
    traceRead('read', host);
    try {
      const hashed = hashFileNoFollow(entry, Math.min(limits.hashMaxBytes, budget.remaining));
      budget.remaining -= hashed.bytesHashed;
      if (hashed.sha256 !== null) return { stat: hashed.stat, sha256: hashed.sha256, head: hashed.head };
      // Under the per-file cap, only the capture's remaining budget can have stopped the hash.
      const tooLarge = hashed.stat.size > limits.hashMaxBytes;
      if (tooLarge) counts.tooLarge++;
      else counts.captureCapped++;
      return { stat: hashed.stat, head: hashed.head, hashSkipped: tooLarge ? 'too-large' : 'capture-cap' };
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') errors.push(captureError('drift', subject, host, error));
      return { stat, hashSkipped: 'unreadable' };
    }
  };

  const visitEntry = (frame: Frame, via: string, name: string): boolean => {
    const path = `${frame.dir}/${name}`;
    const host = `${layers.upper}${path}`;
    if (name.includes('\uFFFD')) {
      errors.push(captureProblem('drift', subject, host, 'EILSEQ', 'a name that is not UTF-8 cannot be looked up by its decoded form: entry not recorded'));
      return true;
    }
    const entry = `${via}/${name}`;
    let stat: Stats;
    try {
      stat = lstatSync(entry);
    } catch (error) {
      // A file deleted while the walk ran is simply gone.
      if (errnoCode(error) !== 'ENOENT') errors.push(captureError('drift', subject, host, error));
      return true;
    }
    if (!aufs && isOverlayWhiteout(stat)) return record(deletedRow(containerId, path, findInLowers(layers, frame.dir, frame.visible, name)));
    const kind = findInLowers(layers, frame.dir, frame.visible, name) ? 'modified' : 'added';
    if (stat.isDirectory()) {
      const opaque = aufs ? lstatOrUndefined(`${entry}/${AUFS_OPAQUE}`) !== undefined : opaqueDirs.has(path);
      stack.push({ dir: path, visible: childVisibleLowers(layers, frame.dir, frame.visible, name), opaque });
      return record(presentRow(containerId, path, kind, stat, { opaque }));
    }
    if (stat.isSymbolicLink()) return record(presentRow(containerId, path, kind, stat, { linkTarget: readLink(entry) }));
    if (!stat.isFile()) return record(presentRow(containerId, path, kind, stat, {}));
    const facts = hashFacts(entry, host, stat);
    return record(presentRow(containerId, path, kind, facts.stat, facts));
  };

  const visitDirectory = (frame: Frame): boolean => {
    const host = `${layers.upper}${frame.dir}`;
    let pinned: PinnedDirectory;
    try {
      pinned = openDirectoryPinned(host);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') errors.push(captureError('drift', subject, host, error));
      return true;
    }
    // Names are remembered only where they matter: aufs (a whiteout beside the name it deletes) and opaque directories.
    const seen = aufs || frame.opaque ? new Set<string>() : undefined;
    try {
      for (let name = pinned.next(); name !== null; name = pinned.next()) {
        if (aufs && (name === AUFS_OPAQUE || (frame.dir === '' && AUFS_META.has(name)))) continue;
        const deleted = aufs && name.startsWith(AUFS_WHITEOUT) ? name.slice(AUFS_WHITEOUT.length) : undefined;
        const key = deleted ?? name;
        if (seen?.has(key)) {
          errors.push(captureProblem('drift', subject, `${host}/${name}`, 'duplicate', `${frame.dir}/${key} is both a whiteout and an entry of the layer; the first one read is recorded`));
          continue;
        }
        seen?.add(key);
        const kept = deleted !== undefined
          ? record(deletedRow(containerId, `${frame.dir}/${deleted}`, findInLowers(layers, frame.dir, frame.visible, deleted)))
          : visitEntry(frame, pinned.via, name);
        if (!kept) return false;
      }
    } finally {
      pinned.close();
    }
    if (!seen || !frame.opaque) return true;
    let hidden: Map<string, Stats>;
    try {
      hidden = hiddenByOpaque(layers, frame.dir, frame.visible, seen, limits.maxEntries);
    } catch (error) {
      errors.push(captureError('drift', subject, host, error));
      return true;
    }
    for (const [name, lower] of hidden) {
      if (!record(deletedRow(containerId, `${frame.dir}/${name}`, lower))) return false;
    }
    return true;
  };

  while (stack.length > 0) {
    if (!visitDirectory(stack.pop()!)) {
      counts.directoriesLeft = stack.length;
      break;
    }
    yield;
  }
  return { counts, errors };
}

function readLink(host: string): string | null {
  try {
    return readlinkSync(host);
  } catch {
    return null;
  }
}
