import { jsonTextDepth } from '../util/json-depth.js';
import { READ_LIMITS } from '../util/read-limits.js';
import { redactJsonDocument } from './redact-json.js';
import { redactArgv, redactText } from './redact-text.js';
import type { Redactor } from './redactor.js';
import { decodeBytes, encodeText } from './text-bytes.js';

/** Byte columns are redacted as text without losing a byte (see text-bytes.ts). */
export function mapText(bytes: Buffer, change: (text: string) => string): Buffer {
  const text = decodeBytes(bytes);
  const changed = change(text);
  return changed === text ? bytes : encodeText(changed);
}

/** /proc/PID/cmdline: NUL-separated arguments, redacted as a command line. */
export function redactCmdline(bytes: Buffer, redact: Redactor): Buffer {
  const args = splitBuffer(bytes, 0).map(decodeBytes);
  const redacted = redactArgv(args, redact);
  if (redacted.every((arg, i) => arg === args[i])) return bytes;
  const separator = Buffer.from([0]);
  return Buffer.concat(redacted.flatMap((arg, i) => [...(i > 0 ? [separator] : []), encodeText(arg)]));
}

/** A file's bytes: a JSON file keeps its shape (see redactJsonText), any other file gets the text rules. */
export function redactFileContent(bytes: Buffer, redact: Redactor): Buffer {
  return redactFileBytes(bytes, redact).bytes;
}

/**
 * redactFileContent, also returning the redacted text when it is a JSON document and exactly the
 * UTF-8 decoding of the redacted bytes (no escaped byte, no surrogate): a JSON file's `parsed`.
 */
export function redactFileBytes(bytes: Buffer, redact: Redactor): { bytes: Buffer; json: string | undefined } {
  const text = decodeBytes(bytes);
  const redacted = redactJsonDocument(text, redact);
  return {
    bytes: redacted.text === text ? bytes : encodeText(redacted.text),
    json: redacted.json && !/[\ud800-\udfff]/.test(redacted.text) ? redacted.text : undefined,
  };
}

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/**
 * The tail of a json-file log: each complete line is a JSON record whose `log` text is redacted
 * (the record is re-serialized only when it changed); the cut first line and other non-JSON lines
 * get the text rules as they are. A private key printed over several lines is replaced line by
 * line from its BEGIN line to its END line; a tail that starts inside such a block (its END line
 * comes before any BEGIN line) is replaced from its first line to that END line.
 */
export function redactLogTail(bytes: Buffer, redact: Redactor): Buffer {
  return mapText(bytes, (text) => {
    const lines = text.split('\n').map((line) => ({ line, record: parseRecord(line) }));
    const messages = lines.map(({ line, record }) => (record ? (record['log'] as string) : line));
    let inKey = startsInsideKey(messages);
    return lines
      .map(({ line, record }, i) => {
        const message = messages[i] ?? '';
        let redacted: string;
        if (inKey || (PEM_BEGIN.test(message) && !PEM_END.test(message))) {
          inKey = !PEM_END.test(message);
          const eol = /\r?\n$/.exec(message)?.[0] ?? '';
          redacted = redact(message.slice(0, message.length - eol.length)) + eol;
        } else redacted = redactText(message, redact);
        if (redacted === message) return line;
        return record ? JSON.stringify({ ...record, log: redacted }) : redacted;
      })
      .join('\n');
  });
}

/** Whether the first END line comes before any BEGIN line: the tail was cut inside a key block. */
function startsInsideKey(messages: readonly string[]): boolean {
  for (const message of messages) {
    const end = PEM_END.exec(message);
    const begin = PEM_BEGIN.exec(message);
    if (begin && (!end || begin.index < end.index)) return false;
    if (end) return true;
  }
  return false;
}

function parseRecord(line: string): Record<string, unknown> | undefined {
  // A record nested deeper than a capture keeps is handled as text: it is never re-serialized.
  if (!line.startsWith('{') || jsonTextDepth(line) > READ_LIMITS.jsonDepth) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['log'] === 'string') {
      return value as Record<string, unknown>;
    }
  } catch {
    // a cut or foreign line: handled as text
  }
  return undefined;
}

function splitBuffer(bytes: Buffer, separator: number): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(separator); i >= 0; i = bytes.indexOf(separator, start)) {
    parts.push(bytes.subarray(start, i));
    start = i + 1;
  }
  parts.push(bytes.subarray(start));
  return parts;
}
