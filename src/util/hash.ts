import { hash } from 'node:crypto';

/** One-shot: no Hash object whose native state waits for a garbage collection. */
export function sha256Hex(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}
