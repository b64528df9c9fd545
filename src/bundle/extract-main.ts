/**
 * Child-process entry of openBundleSnapshot(): extracts and verifies a bundle's snapshot.db into
 * the given file, then prints one JSON line: {"ok":true} or {"ok":false,"what","why","exitCode"}.
 */
import { isDocksnapError } from '../errors.js';
import { describeFailures, scanBundle } from './scan.js';

const [bundle = '', target = ''] = process.argv.slice(2);
try {
  const report = await scanBundle(bundle, { snapshotTo: target });
  if (!report.valid) {
    process.stdout.write(`${JSON.stringify({ ok: false, what: bundle, why: `is not a valid bundle: ${describeFailures(report.failures)}`, exitCode: 2 })}\n`);
  } else process.stdout.write('{"ok":true}\n');
} catch (error) {
  if (!isDocksnapError(error)) throw error;
  process.stdout.write(`${JSON.stringify({ ok: false, what: error.what, why: error.why, exitCode: error.exitCode })}\n`);
}
