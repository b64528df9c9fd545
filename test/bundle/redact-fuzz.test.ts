/**
 * Property tests of the redaction functions (fast-check, fixed seed, bounded runs; `npm run fuzz`
 * runs them longer, see test/helpers/fuzz.ts): a planted secret of each covered form never survives in
 * any surrounding text, redaction is idempotent, never throws, keeps every byte it does not
 * replace, and finishes in bounded time on inputs shaped to make regular expressions backtrack.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactCmdline, redactFileContent, redactLogTail } from '../../src/bundle/redact-bytes.js';
import { redactJsonText } from '../../src/bundle/redact-json.js';
import { redactArgv, redactText } from '../../src/bundle/redact-text.js';
import { createRedactor } from '../../src/bundle/redactor.js';
import { decodeBytes, encodeText } from '../../src/bundle/text-bytes.js';
import { fuzzParameters } from '../helpers/fuzz.js';

const settings = fuzzParameters(150);
const redactor = () => createRedactor(Buffer.from('fuzz-key-of-enough-bytes-0123456'));

/** Secret pieces: "Sx" and random letters and digits, so that no piece can appear inside a REDACTED:<hex> replacement. */
const piece = fc.stringMatching(/^[A-Za-z0-9]{8,14}$/).map((s) => `Sx${s}`);

/** Each covered form, with the secret pieces that must not survive it. */
const forms: Record<string, fc.Arbitrary<{ text: string; secrets: string[] }>> = {
  'secret option': piece.map((s) => ({ text: `/app/server --password ${s} --listen :80`, secrets: [s] })),
  'quoted secret option': fc.tuple(piece, piece).map(([a, b]) => ({ text: `run --db-password "${a} ${b}" now`, secrets: [a, b] })),
  'value to end of line': fc.tuple(piece, piece, piece).map(([a, b, c]) => ({ text: `password=${a} ${b} ${c}`, secrets: [a, b, c] })),
  'value with ;': fc.tuple(piece, piece).map(([a, b]) => ({ text: `db_password=${a};${b}`, secrets: [a, b] })),
  'quoted JSON value': fc.tuple(piece, piece).map(([a, b]) => ({ text: `{"secret": "${a} ${b}", "n": 1}`, secrets: [a, b] })),
  'bearer token': piece.map((s) => ({ text: `Authorization: Bearer ${s}`, secrets: [s] })),
  'URL password with @': fc.tuple(piece, piece).map(([a, b]) => ({ text: `postgres://admin:${a}@${b}@db/app`, secrets: [a, b] })),
  'URL password with /': fc.tuple(piece, piece).map(([a, b]) => ({ text: `s3://AKID:${a}/${b}@bucket`, secrets: [a, b] })),
  'mysql -p': piece.map((s) => ({ text: `mysqldump -uroot -p${s} app`, secrets: [s] })),
  'curl -u': piece.map((s) => ({ text: `curl -u admin:${s} https://example`, secrets: [s] })),
  'sh -c': piece.map((s) => ({ text: `sh -c 'mysql -p${s} -e "select 1"'`, secrets: [s] })),
  'PEM key': fc.array(piece, { minLength: 1, maxLength: 4 }).map((body) => ({
    text: ['-----BEGIN EC PRIVATE KEY-----', ...body, '-----END EC PRIVATE KEY-----'].join('\n'),
    secrets: body,
  })),
  'cut PEM key': fc.array(piece, { minLength: 1, maxLength: 4 }).map((body) => ({ text: [...body, '-----END PRIVATE KEY-----'].join('\n'), secrets: body })),
};

/** Arbitrary text around a form, on the same line or the lines around it. */
const surrounding = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  // The characters the rules care about: quotes, separators, escapes, option dashes.
  fc.string({ unit: fc.constantFrom('"', "'", '=', ':', '-', ' ', '\\', '@', '/', ';', '\t', 'a', 'p', '`', '{', '}'), maxLength: 40 }),
);

function assertGone(output: string | Buffer, secrets: readonly string[], context: string): void {
  for (const secret of secrets) assert.ok(!output.includes(secret), `${secret} survived in ${JSON.stringify(context)}`);
}

for (const [name, form] of Object.entries(forms)) {
  test(`a planted ${name} never survives, whatever surrounds it`, () => {
    const startsText = name === 'cut PEM key';
    fc.assert(
      fc.property(surrounding, surrounding, fc.constantFrom('\n', ' ', '\t'), form, (before, after, sep, { text, secrets }) => {
        const input = startsText ? `${text}\n${after}` : `${before}${sep}${text}${sep}${after}`;
        const redact = redactor();
        assertGone(redactText(input, redact), secrets, input);
        assertGone(redactFileContent(Buffer.from(input), redact), secrets, input);
        const record = JSON.stringify({ log: `${before} ${text.split('\n').join(' ')}\n`, stream: 'stdout', time: 't' });
        if (!name.includes('PEM')) assertGone(redactLogTail(Buffer.from(`${record}\n`), redact), secrets, record);
      }),
      settings,
    );
  });
}

test('forms on a line of their own also survive nowhere inside JSON documents and argv', () => {
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(forms).filter((n) => !n.includes('PEM'))), fc.integer(), (name, seed) => {
      const form = forms[name];
      assert.ok(form);
      const sample = fc.sample(form, { seed, numRuns: 1 })[0];
      assert.ok(sample);
      const redact = redactor();
      assertGone(redactJsonText(JSON.stringify({ Command: sample.text, Labels: { note: sample.text } }), redact), sample.secrets, sample.text);
      assertGone(redactArgv(['sh', '-c', sample.text], redact).join(' '), sample.secrets, sample.text);
    }),
    settings,
  );
});

test('redaction is idempotent: a redacted text, argv or log tail is left as it is', () => {
  const text = fc.oneof(surrounding, fc.tuple(surrounding, fc.oneof(...Object.values(forms)), surrounding).map(([a, f, b]) => `${a} ${f.text} ${b}`));
  fc.assert(
    fc.property(text, fc.array(surrounding, { maxLength: 6 }), (input, argv) => {
      const redact = redactor();
      const once = redactText(input, redact);
      assert.equal(redactText(once, redact), once);
      const argvOnce = redactArgv([...argv, input], redact);
      assert.deepEqual(redactArgv(argvOnce, redact), argvOnce);
      const tail = redactLogTail(Buffer.from(input), redact);
      assert.deepEqual(redactLogTail(tail, redact), tail);
    }),
    settings,
  );
});

test('never throws, and keeps every byte of input it does not redact', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), (bytes, text) => {
      const buffer = Buffer.from(bytes);
      assert.deepEqual(encodeText(decodeBytes(buffer)), buffer, 'bytes survive decoding and encoding');
      const redact = redactor();
      for (const out of [redactLogTail(buffer, redact), redactCmdline(buffer, redact), redactFileContent(buffer, redact)]) assert.ok(Buffer.isBuffer(out));
      redactJsonText(text, redact);
      redactText(text, redact);
      redactArgv(text.split(' '), redact);
    }),
    settings,
  );
  const untouched = Buffer.concat([Buffer.from([0xe2, 0x82]), Buffer.from('\nplain line\n'), Buffer.from([0xff, 0xa0]), Buffer.from(' more\n')]);
  assert.equal(redactLogTail(untouched, redactor()), untouched, 'nothing to redact: the same bytes');
});

/** Milliseconds of the fastest of three runs of `work`. */
function fastestOf3(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

test('bounded time on inputs built to make the rules backtrack: within a small factor of ordinary text of the same size', () => {
  const hostile = [
    `token ${'a='.repeat(32_000)}`,
    `${'x://u:'.repeat(10_000)}`,
    `password ${'"a'.repeat(32_000)}`,
    `-----BEGIN RSA PRIVATE KEY-----${'A'.repeat(64_000)}`,
    `${'A'.repeat(64_000)} PRIVATE KEY-----`,
    `curl ${'-u a:b '.repeat(10_000)}`,
    `mysql ${"'-p ".repeat(16_000)}`,
    `${'password: "'.repeat(6_000)}`,
  ];
  // The baseline: log lines that every rule's hint passes, so each rule and the command-line words run.
  const ordinary = 'GET /api?token=abc curl -u a:b mysql -px https://u:p@h/ password="x y" eyJ ghp_ AKIA PRIVATE KEY-----\n';
  for (const text of hostile) {
    const same = ordinary.repeat(Math.ceil(text.length / ordinary.length)).slice(0, text.length);
    const baseline = fastestOf3(() => redactText(same, redactor()));
    const ms = fastestOf3(() => {
      redactText(text, redactor());
      redactLogTail(Buffer.from(text), redactor());
    });
    // Backtracking that grows with the square of the length costs thousands of times the baseline at
    // this size; the URL rule's bounded look-ahead (up to 770 characters from each "://") costs up to ~60.
    assert.ok(ms < 150 * baseline + 20, `${JSON.stringify(text.slice(0, 20))}… (${text.length} chars) took ${ms.toFixed(0)} ms, ordinary text ${baseline.toFixed(0)} ms`);
  }
});
