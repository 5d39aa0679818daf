import { expect, test as base } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SIM_PORT } from '../playwright.config';

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

export const test = base;
export { expect };
