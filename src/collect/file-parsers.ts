/**
 * How a captured text file of each role becomes its `files.parsed` JSON. Bundle export derives a
 * redacted file's `parsed` from its redacted bytes with these same parsers, so nothing parsed
 * from a secret outlives the secret's redaction.
 */
import { parseHostname, parseHosts, parseResolvConf } from './docker-root/etc-files.js';
import { parseLxcConfig } from './docker-root/lxc.js';
import { parseHostJson } from '../util/json-depth.js';

/** The roles stored by fileRow with a parser of their own; every other role is a JSON file kept as its text (jsonFileRow). */
export const TEXT_FILE_PARSERS = {
  hostname: parseHostname,
  hosts: parseHosts,
  'resolv.conf': parseResolvConf,
  'config.env': (text) => parseHostJson(text).value,
  'config.lxc': parseLxcConfig,
} as const satisfies Readonly<Record<string, (text: string) => unknown>>;

/** `files.parsed` for `bytes` of a file of `role`: the parser's result as JSON, a JSON file's own text, or null. */
export function parsedColumn(role: string, bytes: Buffer): string | null {
  const text = bytes.toString('utf8');
  try {
    const parse = Object.hasOwn(TEXT_FILE_PARSERS, role) ? TEXT_FILE_PARSERS[role as keyof typeof TEXT_FILE_PARSERS] : undefined;
    if (parse) return JSON.stringify(parse(text)) ?? null;
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}
