/**
 * `docksnap report` opened from disk in the system Chromium: nothing is requested, no console
 * error (a CSP violation would be one), the walkthrough's answers are on the page, filtering and
 * the diff view work, and a hostile container name is text. Screenshots go to test-artifacts/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { writeSnapshotFile } from '../../src/store/write.js';
import { browserSkipReason, closeBrowser, launchBrowser, openFile, screenshot } from '../helpers/browser.js';
import { runInProcess } from '../helpers/cli.js';
import { SNAPSHOTS, captureFixture } from '../helpers/offline-capture.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeSnapshot, hexId, type FakeHost } from '../diff/synthetic.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const ID_2013 = 'a86b320f3c71a7473d06f2184a955d7f76ef3dfb113b0f22b4a8cd8a544f0793';

describe('the HTML report in Chromium', { skip: browserSkipReason() }, () => {
  const dir = tempDir();
  let browser: Browser;
  let snapshotReport: string;
  let diffReport: string;

  before(async () => {
    const capture = await captureFixture(join(SNAPSHOTS, 'lxc-2013'), dir);
    snapshotReport = join(dir, 'lxc.html');
    assert.equal((await runInProcess(['report', capture.snapshot, '-o', snapshotReport])).code, 0);
    const web = { id: hexId('web'), name: 'web', memory: 64 * 1024 * 1024, env: { GREETING: 'hello' } };
    const a: FakeHost = { containers: [web] };
    const b: FakeHost = { containers: [{ ...web, memory: 128 * 1024 * 1024, env: { GREETING: 'bonjour' } }, { id: hexId('evil'), name: HOSTILE, labels: { note: `</td></tr></table><script>alert(2)</script>` } }] };
    await writeSnapshotFile(join(dir, 'a.db'), fakeSnapshot(a), { force: false });
    await writeSnapshotFile(join(dir, 'b.db'), fakeSnapshot(b), { force: false });
    diffReport = join(dir, 'diff.html');
    assert.equal((await runInProcess(['report', join(dir, 'a.db'), join(dir, 'b.db'), '-o', diffReport])).code, 0);
    assert.equal((await runInProcess(['report', join(dir, 'b.db'), '-o', join(dir, 'b.html')])).code, 0);
    browser = await launchBrowser();
  });

  after(async () => {
    await closeBrowser(browser);
  });

  test('the 2013 snapshot: port 8000 → the process → its container; the json log among the daemon fds; nothing loaded, no error', async () => {
    const { page, requests, errors } = await openFile(browser, snapshotReport);
    const portRow = await page.$$eval('#port-map tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(portRow, [
      ['tcp', '0.0.0.0:8000', '0.0.0.0:0', 'LISTEN', '2308 python3', 'a86b320f3c71'],
      ['tcp', '127.0.0.1:8000', '0.0.0.0:0', 'LISTEN', '473 docker', '-'],
    ]);
    await page.click('#port-map tbody tr:first-child td:nth-child(5) a');
    assert.equal(await page.$eval('#proc-2308', (d) => (d as unknown as { open: boolean }).open), true, 'the link opened the process');
    assert.equal(await page.$eval('#proc-2308', (d) => d.closest(`details.entity[id^="ctr-"]`)?.id), `ctr-${ID_2013}`);
    const daemonFds = await page.$$eval('#proc-473 > table:nth-of-type(2) tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    const logs = daemonFds.filter((r) => r[2] === 'json log of container a86b320f3c71').map((r) => r[0]);
    assert.deepEqual(logs, ['8', '9']);
    await page.click('#port-map tbody tr:nth-child(2) td:nth-child(5) a');
    await screenshot(page, 'report-snapshot.png');
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
  });

  test('filtering the containers and sorting a column', async () => {
    const { page, errors } = await openFile(browser, join(dir, 'b.html'));
    const visible = () => page.$$eval('#containers tbody tr', (rows) => rows.filter((r) => !r.hidden).map((r) => r.querySelector('td')?.textContent));
    assert.deepEqual((await visible()).sort(), [HOSTILE, 'web'].sort());
    await page.type('input.filter', 'web');
    assert.deepEqual(await visible(), ['web']);
    assert.equal(await page.$eval('#containers-shown', (e) => e.textContent), '1');
    await page.$eval('input.filter', (e) => {
      (e as unknown as { value: string }).value = "";
      e.dispatchEvent(new Event('input'));
    });
    await page.click('#containers thead th:nth-child(1)');
    const sorted = await visible();
    await page.click('#containers thead th:nth-child(1)');
    assert.deepEqual(await visible(), [...sorted].reverse());
    assert.deepEqual(errors, []);
  });

  test('a hostile container name and label are text, never markup', async () => {
    const { page, errors } = await openFile(browser, join(dir, 'b.html'));
    assert.equal(await page.$$eval('img', (images) => images.length), 0);
    assert.equal(await page.$$eval('script', (scripts) => scripts.length), 1);
    const names = await page.$$eval('#containers tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    assert.ok(names.includes(HOSTILE));
    const evil = await page.$eval(`#ctr-${hexId('evil')}`, (d) => d.textContent ?? '');
    assert.ok(evil.includes('</td></tr></table><script>alert(2)</script>'));
    assert.deepEqual(errors, []);
  });

  test('the diff: grouped by entity, before and after side by side, runtime and suppressed folded', async () => {
    const { page, requests, errors } = await openFile(browser, diffReport);
    const entities = await page.$$eval('#changes > details > summary', (s) => s.map((e) => e.textContent));
    assert.ok(entities.some((e) => e?.startsWith(`container ${HOSTILE} added`)), JSON.stringify(entities));
    const webRows = await page.$$eval('#changes > details', (blocks) =>
      blocks.filter((b) => b.querySelector('summary')?.textContent?.startsWith('container web ')).flatMap((b) => [...b.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))),
    );
    assert.ok(webRows.some((r) => r[1] === '/HostConfig/Memory' && r[2] === '67108864' && r[3] === '134217728'), JSON.stringify(webRows));
    assert.ok(webRows.some((r) => r[1] === '/env/GREETING' && r[2] === 'hello' && r[3] === 'bonjour'), JSON.stringify(webRows));
    assert.equal(await page.$eval('#suppressed', (d) => (d as unknown as { open: boolean }).open), false, 'suppressed changes are folded');
    const rules = await page.$$eval('#suppressed tbody tr td:last-child', (cells) => cells.map((c) => c.textContent));
    assert.ok(rules.length > 0 && rules.every((r) => r && r !== '-'), 'each suppressed change names its rule');
    await page.type('input.filter', 'web');
    const shown = await page.$$eval('#changes > details', (blocks) => blocks.filter((b) => !b.hidden).map((b) => b.querySelector('summary b')?.textContent));
    assert.ok(shown.length >= 1 && shown.every((s) => s?.includes('web')), JSON.stringify(shown));
    await screenshot(page, 'report-diff.png');
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
  });
});
