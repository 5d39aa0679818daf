/**
 * The JavaScript a page costs a reader: the bytes of every script response as they came
 * over the wire (compressed; the Next.js server gzips by default), from Chromium's own
 * network events (`Network.loadingFinished` encodedDataLength, which is what DevTools
 * shows as "transferred"). Shared by page-weight.ts and version-page.ts.
 */
import type { Browser, Page } from '@playwright/test';

export interface ScriptWeight {
  /** After the page loaded and the network went quiet, nothing scrolled or clicked. */
  firstView: number;
  /** After scrolling to the end of the page: what lazily loaded parts add once reached. */
  reached: number;
  /** Script responses counted in `reached`. */
  files: number;
  /** Each script's path and bytes, largest first. */
  list: { path: string; bytes: number }[];
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Opens `url` in a fresh context (nothing cached) at 1440 × 1000 and sums its script bytes. */
export async function scriptWeight(browser: Browser, url: string): Promise<ScriptWeight> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const scripts = new Map<string, string>();
    const list: { path: string; bytes: number }[] = [];
    let bytes = 0;
    let files = 0;
    const pending = new Set<string>();
    let lastActivity = Date.now();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type !== 'Script') return;
      pending.add(e.requestId);
      lastActivity = Date.now();
    });
    cdp.on('Network.loadingFailed', (e) => {
      pending.delete(e.requestId);
    });
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Script') scripts.set(e.requestId, new URL(e.response.url).pathname);
    });
    cdp.on('Network.loadingFinished', (e) => {
      pending.delete(e.requestId);
      lastActivity = Date.now();
      const path = scripts.get(e.requestId);
      if (path === undefined) return;
      list.push({ path, bytes: e.encodedDataLength });
      bytes += e.encodedDataLength;
      files += 1;
    });
    await cdp.send('Network.enable');
    // Quiet: no script loading and none asked for in the last second (15 s at most).
    const settle = async () => {
      await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
      const until = Date.now() + 15_000;
      while (Date.now() < until && (pending.size > 0 || Date.now() - lastActivity < 1000)) {
        await page.waitForTimeout(100);
      }
    };
    await page.goto(url, { waitUntil: 'load' });
    await settle();
    const firstView = bytes;
    await scrollToEnd(page);
    await settle();
    return { firstView, reached: bytes, files, list: list.sort((a, b) => b.bytes - a.bytes) };
  } finally {
    await context.close();
  }
}

/** Scrolls a screen at a time, as a reader would, so what loads when reached is reached. */
async function scrollToEnd(page: Page): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const done = await page.evaluate(() => {
      window.scrollBy(0, window.innerHeight);
      return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    });
    await page.waitForTimeout(250);
    if (done) break;
  }
}
