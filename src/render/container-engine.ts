import type { ContainerRow } from '../types/snapshot.generated.js';

/**
 * The engine a container belongs to, with what the engine adds: its pod (Podman's id, or
 * Kubernetes' namespace/name and uid), containerd's namespace and runtime, and sandbox for a
 * pod's pause container.
 */
export function describeEngine(c: Pick<ContainerRow, 'engine_id' | 'pod_id' | 'namespace' | 'runtime' | 'pod_name' | 'pod_namespace' | 'cri_kind'>): string {
  const parts = [c.engine_id ?? 'docker'];
  if (c.namespace !== null) parts.push(`namespace ${c.namespace}`);
  if (c.runtime !== null) parts.push(`runtime ${c.runtime}`);
  const pod = c.pod_name !== null ? `${c.pod_namespace ?? '-'}/${c.pod_name}${c.pod_id ? ` (${c.pod_id})` : ''}` : c.pod_id;
  if (pod) parts.push(`pod ${pod}`);
  if (c.cri_kind === 'sandbox') parts.push('sandbox');
  return parts.join('  ');
}

/** A container id short enough for a table: 12 hex digits, after the namespace of a containerd id. */
export function shortContainerId(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash < 0 ? id.slice(0, 12) : `${id.slice(0, slash + 1)}${id.slice(slash + 1, slash + 13)}`;
}
