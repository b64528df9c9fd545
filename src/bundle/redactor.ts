import { createHmac } from 'node:crypto';

const REDACTED = /^REDACTED:[0-9a-f]{12}$/;

/**
 * Replaces one whole value by `REDACTED:<12 hex of HMAC-SHA256(key, value)>`: equal values give
 * equal replacements under one key, so two bundles still diff as changed or unchanged.
 */
export interface Redactor {
  (value: string): string;
  /** How many values were replaced so far (recorded in the manifest). */
  readonly count: () => number;
}

const MEMO_ENTRIES = 10_000;

export function createRedactor(key: Buffer): Redactor {
  let replaced = 0;
  // Log tails repeat the same values line after line: remember recent replacements.
  const memo = new Map<string, string>();
  const redact = (value: string): string => {
    // An empty value hides nothing, and a replacement is never replaced again.
    if (value === '' || isRedacted(value)) return value;
    replaced++;
    let replacement = memo.get(value);
    if (replacement === undefined) {
      replacement = `REDACTED:${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 12)}`;
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(value, replacement);
    }
    return replacement;
  };
  return Object.assign(redact, { count: () => replaced });
}

export function isRedacted(value: string): boolean {
  return REDACTED.test(value);
}

/** A short public name for a key, so that bundles can be told apart by key without revealing it. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('docksnap redaction key fingerprint').digest('hex').slice(0, 16);
}
