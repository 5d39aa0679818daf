import { expect, test as base, type BrowserContext, type Response } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SIM_PORT } from '../playwright.config';
import { readSecrets, recordLeaks, recordSecret, secretsIn, TOKEN_PATTERN, type Leak } from './secrets';

/** The embedded simulator's test controls (loopback only, unsigned). */
export const simUrl = `http://127.0.0.1:${SIM_PORT}`;

export interface SimStats {
  calls: Record<string, number>;
  rejected: Record<string, number>;
  total?: number;
}

async function simPost(path: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${simUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export async function simStats(): Promise<SimStats> {
  const response = await fetch(`${simUrl}/__sim/stats`);
  if (!response.ok) throw new Error(`simulator stats answered ${response.status}`);
  return (await response.json()) as SimStats;
}

export const resetSimulator = () => simPost('/__sim/reset');
export const advanceClock = (advanceSeconds: number) => simPost('/__sim/clock', { advanceSeconds });
export const setFaults = (faults: {
  latencyMs?: number;
  throttleRate?: number;
  errorRate?: number;
  dropRate?: number;
}) => simPost('/__sim/faults', { latencyMs: 0, throttleRate: 0, errorRate: 0, dropRate: 0, ...faults });
export const clearFaults = () => setFaults({});

/** Accessibility check of the current page; fails the test with the violations listed. */
export async function expectNoAxeViolations(page: import('@playwright/test').Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  expect(summary).toEqual([]);
}

interface Seen {
  where: string;
  /** When the response arrived (epoch ms). */
  at: number;
  text: string;
}

const recordedTokens = new Set<string>();

/**
 * One response a browser received: the dashboard's cookies it sets and the API token
 * values it shows (once, when created) become recorded secrets; its text is kept for
 * the scan at the end of the test.
 */
async function observe(response: Response, at: number): Promise<Seen | null> {
  const headers = await response.allHeaders().catch((): Record<string, string> => ({}));
  for (const line of (headers['set-cookie'] ?? '').split('\n')) {
    const value = /^ens_\w+=([^;]*)/.exec(line.trim())?.[1] ?? '';
    if (value.length >= 16) recordSecret('session cookie', value, at);
  }
  if (!/json|text|html|javascript|xml|x-component|csv/i.test(headers['content-type'] ?? '')) return null;
  const text = await response.text().catch(() => null);
  if (text === null) return null;
  for (const token of text.match(TOKEN_PATTERN) ?? []) {
    if (recordedTokens.has(token)) continue;
    recordedTokens.add(token);
    recordSecret('API token', token, at);
  }
  return { where: `${response.request().method()} ${response.url()} → ${response.status()}`, at, text };
}

function watch(context: BrowserContext, seen: Promise<Seen | null>[]): void {
  context.on('response', (response) => seen.push(observe(response, Date.now())));
}

export const test = base.extend<{ secretScan: void }>({
  /**
   * Every browser context of every test (the default one and those a spec makes with
   * browser.newContext) is watched: a response, a page or a script that carries a
   * secret recorded before it arrived fails the test and, through e2e/leaks, the run.
   */
  secretScan: [
    async ({ browser }, runTest, testInfo) => {
      const seen: Promise<Seen | null>[] = [];
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const context = await newContext.apply(browser, args);
        watch(context, seen);
        return context;
      };
      try {
        await runTest();
      } finally {
        browser.newContext = newContext;
      }
      const secrets = readSecrets();
      const leaks: Leak[] = (await Promise.all(seen))
        .filter((s): s is Seen => s !== null)
        .flatMap((s) =>
          secretsIn(s.text, secrets, s.at).map((kind) => ({ kind, where: `${testInfo.title}: ${s.where}` })),
        );
      recordLeaks(leaks);
      expect(leaks, 'secrets in what the browser received').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
