import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { listen } from './app.js';
import { useTestApp, type UseTestAppOptions } from './fixtures.js';

/** Debian's Chromium; `.ci/run` installs it when it is missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Viewport {
  width: number;
  height: number;
}
export const MOBILE: Viewport = { width: 390, height: 844 };
export const DESKTOP: Viewport = { width: 1280, height: 800 };

/**
 * Whether the browser suites run. In CI a missing browser fails the run; elsewhere the
 * suites are skipped with a printed reason.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`CI: ${reason}, and it is missing`);
  console.warn(`Skipping browser tests: ${reason}.`);
  return false;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh context (own cookies) on the given viewport; the page it opens. */
export async function openPage(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: MOBILE, baseURL, ...options });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context.newPage();
}

/**
 * The browser suites' fixture: the app of useTestApp, listening on a free port, and a
 * browser, both started before the block's tests and stopped after them. `openPage`
 * opens a page in a fresh context (own cookies) on the app.
 */
export function useBrowserApp(opts: UseTestAppOptions = {}) {
  const { t, ids } = useTestApp(opts);
  let server: { url: string; close: () => Promise<void> } | null = null;
  let browser: Browser | null = null;
  beforeAll(async () => {
    server = await listen(t.app);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    browser = null;
    server = null;
  });
  const open = (options: BrowserContextOptions = {}): Promise<Page> => {
    if (!browser || !server) throw new Error('useBrowserApp: no browser outside tests and their hooks');
    return openPage(browser, server.url, options);
  };
  return { t, ids, openPage: open };
}

/** The WCAG 2.1 AA rules axe reports on this page, as readable lines (empty = none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
  );
}

const ARTIFACTS = path.resolve('test-artifacts', 'screenshots');

/** Writes a full-page screenshot under test-artifacts/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * WCAG 1.4.10 reflow: at the current viewport nothing makes the page scroll sideways.
 * Returns the outermost elements that stick out on the right (empty = none).
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const describe = (el: Element): string =>
      el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + [...el.classList].map((c) => `.${c}`).join('');
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.right <= width + 1 || rect.width === 0) continue;
      let scroller = el.parentElement;
      while (scroller && scroller !== document.body && getComputedStyle(scroller).overflowX === 'visible') {
        scroller = scroller.parentElement;
      }
      if (scroller && scroller !== document.body) continue; // scrolls inside its own box
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1) continue;
      out.push(`${describe(el)} right=${Math.round(rect.right)}`);
    }
    return out.length ? out : [`page scrollWidth ${document.documentElement.scrollWidth} > ${width}`];
  });
}
