import { jsonTextDepth } from '../util/json-depth.js';
import { READ_LIMITS } from '../util/read-limits.js';
import { redactJsonText } from './redact-json.js';
import { redactArgv, redactText } from './redact-text.js';
import type { Redactor } from './redactor.js';

/**
 * Byte columns (cmdline, log tails, file contents) are redacted as text without losing bytes:
 * valid UTF-8 is decoded as such, anything else as latin1, which maps every byte to one char.
 */
function decode(bytes: Buffer): { text: string; encoding: BufferEncoding } {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? { text, encoding: 'utf8' } : { text: bytes.toString('latin1'), encoding: 'latin1' };
}

function mapText(bytes: Buffer, change: (text: string) => string): Buffer {
  const { text, encoding } = decode(bytes);
  const changed = change(text);
  return changed === text ? bytes : Buffer.from(changed, encoding);
}

/** /proc/PID/cmdline: NUL-separated arguments, redacted as a command line. */
export function redactCmdline(bytes: Buffer, redact: Redactor): Buffer {
  const parts = splitBuffer(bytes, 0);
  const decoded = parts.map(decode);
  const redacted = redactArgv(decoded.map((d) => d.text), redact);
  if (redacted.every((arg, i) => arg === decoded[i]?.text)) return bytes;
  const separator = Buffer.from([0]);
  return Buffer.concat(redacted.flatMap((arg, i) => [...(i > 0 ? [separator] : []), Buffer.from(arg, decoded[i]?.encoding ?? 'utf8')]));
}

/** A file's bytes: a JSON file keeps its shape (see redactJsonText), any other file gets the text rules. */
export function redactFileContent(bytes: Buffer, redact: Redactor): Buffer {
  return mapText(bytes, (text) => redactJsonText(text, redact));
}

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/**
 * The tail of a json-file log: each complete line is a JSON record whose `log` text is redacted
 * (the record is re-serialized only when it changed); the cut first line and other non-JSON lines
 * get the text rules as they are. A private key printed over several lines is replaced line by
 * line from its BEGIN line to its END line.
 */
export function redactLogTail(bytes: Buffer, redact: Redactor): Buffer {
  return mapText(bytes, (text) => {
    let inKey = false;
    return text
      .split('\n')
      .map((line) => {
        const record = parseRecord(line);
        const message = record ? (record['log'] as string) : line;
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
