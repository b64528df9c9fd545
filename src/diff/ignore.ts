import { globToRegExp } from './pointer.js';
import { ENTITY_KINDS, KIND_PLURALS } from './types.js';

/**
 * Ignored by default, on top of the noise rules: build-time labels and the shell's last command.
 * Globs are over `<kind>/<entity key>/<path>`, the key escaped as one JSON Pointer segment.
 */
export const DEFAULT_IGNORES: readonly string[] = [
  'container/*/labels/org.opencontainers.image.created',
  'container/*/labels/org.label-schema.build-date',
  'process/*/environ/_',
];

/** A predicate over change addresses from globs; a glob may name its kind in the plural (`containers/*`). */
export function ignoreMatcher(globs: readonly string[]): (address: string) => boolean {
  const patterns = globs.map((glob) => {
    const [first = '', ...rest] = glob.split('/');
    const kind = ENTITY_KINDS.find((k) => first === KIND_PLURALS[k]);
    return globToRegExp(kind ? [kind, ...rest].join('/') : glob);
  });
  return (address) => patterns.some((p) => p.test(address));
}
