import type { EntityKind } from './types.js';
import type { Tree, TreeObject } from './tree.js';

/** One thing of a snapshot that is compared as a whole with its counterpart in the other snapshot. */
export interface Entity {
  readonly kind: EntityKind;
  /** Identity that pairs it with the other snapshot's entity; depends on the mode. */
  readonly match: string;
  /** How the report names it (a container's name, `dockerd`, `web/hosts`). */
  readonly key: string;
  /** Its id in its own snapshot (container id, pid, image id, owner/role), for capture-error gaps. */
  readonly nativeId: string;
  /** The container it belongs to (a container's processes, shim and files); null otherwise. */
  readonly owner: string | null;
  /** Process role (dockerd, containerd, shim, proxy, container); null for other kinds. */
  readonly role: string | null;
  /** True for a process of a `docker exec` session: the one exec started or a descendant of it. */
  readonly exec?: boolean;
  /** Where the capture found it (docker-root, api, both) when the kind records it. */
  readonly source: string | null;
  /** Built on first use (a getter for the kinds with many entities), so that equal entities are never built. */
  readonly tree: TreeObject;
  /** The members of `tree` every entity of its kind is asked for, known without building it (a container's name, engine and state). */
  readonly head?: TreeObject;
  /**
   * On one host, the entity's own rows as texts (with its owner's report name), each part in a
   * fixed place: two entities with equal fingerprints (sameFingerprint) have equal trees, so their
   * pair is not compared. Parts, not one text: equal parts are compared where they lie, never
   * copied into one string. Undefined when the kind has none or the mode rewrites values (across hosts).
   */
  readonly fingerprint?: readonly (string | null)[] | undefined;
  /** What an added or removed entity is reported with. */
  readonly summary: Tree;
}

/** An entity and its counterpart; either side is absent for an added or removed entity. */
export interface EntityPair {
  readonly kind: EntityKind;
  readonly key: string;
  readonly a: Entity | undefined;
  readonly b: Entity | undefined;
}

/** True when both entities have fingerprints and those are equal part by part. */
export function sameFingerprint(a: Entity | undefined, b: Entity | undefined): boolean {
  const x = a?.fingerprint;
  const y = b?.fingerprint;
  return x !== undefined && y !== undefined && x.length === y.length && x.every((part, i) => part === y[i]);
}
