/**
 * Regenerates README's screenshot of the report (snapshots/report-lxc-2013.png): the 2013 host of
 * the walkthrough captured offline, its report opened in the system Chromium at the port map.
 * `npx tsx test/scripts/report-screenshot.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli/run.js';
import { closeBrowser, launchBrowser } from '../helpers/browser.js';
import { copyFixture } from '../helpers/copy-fixture.js';

const SNAPSHOTS = new URL('../../snapshots/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'docksnap-shot-'));
const quiet = { stdout: { write: () => true }, stderr: process.stderr, env: process.env, cwd: process.cwd() };
try {
  const tree = copyFixture(join(SNAPSHOTS, 'lxc-2013'), dir);
  const snapshot = join(dir, 'lxc-2013.db');
  const page = join(dir, 'report.html');
  await runCli(['capture', '--offline', '--docker-root', join(tree, 'docker-root'), '--proc-root', join(tree, 'proc'), '-o', snapshot, '-q'], quiet);
  await runCli(['report', snapshot, '-o', page], quiet);
  const browser = await launchBrowser();
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1000, height: 640 });
    await tab.goto(`${pathToFileURL(page).href}#containers-section`, { waitUntil: 'load' });
    await tab.screenshot({ path: join(SNAPSHOTS, 'report-lxc-2013.png') });
  } finally {
    await closeBrowser(browser);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
