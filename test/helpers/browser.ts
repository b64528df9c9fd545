/**
 * The system Chromium (Debian's `chromium`) driven headless by puppeteer-core, for the report's
 * browser tests. Every request other than the page's own file:// document is recorded and
 * aborted, and console errors (a CSP violation is one) and page errors are collected.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
/** Git-ignored: screenshots a test run leaves for a person to look at. */
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

export interface OpenedPage {
  readonly page: Page;
  /** URLs the page tried to load besides itself (each was aborted). */
  readonly requests: string[];
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
}

/**
 * Why the browser tests cannot run, or false. Under CI a missing Chromium is installed through
 * .ci/run --packages-only, which lists it with its reason, as the engine's packages are.
 */
export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env['CI']) {
    const result = spawnSync('bash', [fileURLToPath(new URL('../../.ci/run', import.meta.url)), '--packages-only'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status === 0 && existsSync(CHROMIUM)) return false;
  }
  return `${CHROMIUM} is not installed (bash .ci/run --packages-only installs it)`;
}

const profiles = new WeakMap<Browser, string>();

/** Starts Chromium with a fresh profile directory; closeBrowser stops it and removes the profile. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'docksnap-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--proxy-server=127.0.0.1:9', `--user-data-dir=${profile}`],
  });
  profiles.set(browser, profile);
  return browser;
}

export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await browser.close();
  const profile = profiles.get(browser);
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

export async function openFile(browser: Browser, path: string): Promise<OpenedPage> {
  const page = await browser.newPage();
  const url = pathToFileURL(path).href;
  const requests: string[] = [];
  const errors: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url) void request.continue();
    else {
      requests.push(request.url());
      void request.abort();
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: false });
  return path;
}
