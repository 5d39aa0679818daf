import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '@/lib/db';
import { createEnsClient, type EnsClient } from '@/lib/ens/client';
import { UNKNOWN_DIALECT } from '@/lib/ens/dialect';
import type { RunningSimulator } from '@/lib/simulator';
import { startDialectSim } from '../testing/dialect-sims';
import { CALIBRATION_MAX_AGE_MS, CALIBRATION_RETRY_MS, Calibrator } from './calibrator';
import { runEnsCheck } from './check';

let sim: RunningSimulator;
let db: Db;
let client: EnsClient;

beforeAll(async () => {
  sim = await startDialectSim({ pageSizeCap: 100, pageSizeCapMode: 'echo', instanceCountScope: 'total' });
  db = await openDatabase(':memory:');
  client = createEnsClient({
    endpoint: sim.endpoint,
    protocol: 'http',
    accessKeyId: sim.accessKeyId,
    accessKeySecret: sim.accessKeySecret,
  });
});
afterAll(async () => {
  await db?.close();
  await sim?.close();
});

async function calls(action: string): Promise<number> {
  const stats = (await (await fetch(`${sim.url}/__sim/stats`)).json()) as { calls: Record<string, number> };
  return stats.calls[action] ?? 0;
}

function calibrator(now: () => number, log: string[] = [], target: () => EnsClient = () => client) {
  return new Calibrator({ client: target, db: async () => db, probeSize: 1_000, now, log: (line) => log.push(line) });
}

describe('Calibrator', () => {
  test('first contact probes, stores per endpoint and logs once; later reads reuse it without a call', async () => {
    let now = 1_000_000;
    const log: string[] = [];
    const c = calibrator(() => now, log);
    const before = await calls('DescribeDataDistResult');
    const [a, b] = await Promise.all([c.dialect(), c.dialect()]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ pageCap: 100, pageCapMode: 'echo', totalCountUnit: 'rows', instanceCountScope: 'total' });
    const probeCalls = (await calls('DescribeDataDistResult')) - before;
    expect(probeCalls).toBeGreaterThan(0);
    now += 60_000;
    await c.dialect();
    expect((await calls('DescribeDataDistResult')) - before).toBe(probeCalls);
    expect(log).toHaveLength(1);
    expect(log[0]).toContain(`${sim.endpoint} dialect: page cap 100 (echo)`);
    expect(c.peek()?.endpoint).toBe(sim.endpoint);
  });

  test('a restarted process (a new Calibrator) takes the stored calibration from the database', async () => {
    await calibrator(() => 1_000_000).ensure({ force: true });
    const before = await calls('DescribeDataDistResult');
    const c = calibrator(() => 1_000_000 + 3_600_000);
    expect(await c.dialect()).toMatchObject({ pageCap: 100, instanceCountScope: 'total' });
    expect(await calls('DescribeDataDistResult')).toBe(before);
  });

  test('a day later it probes again in the background and serves the last one meanwhile', async () => {
    await calibrator(() => 1_000_000).ensure({ force: true });
    let now = 1_000_000 + CALIBRATION_MAX_AGE_MS + 1;
    const c = calibrator(() => now);
    const before = await calls('DescribeDataDistResult');
    // Stored, but a day old: probed again (nothing in memory to serve meanwhile).
    const first = await c.ensure();
    expect(first.calibratedAt).toBe(now);
    expect(await calls('DescribeDataDistResult')).toBeGreaterThan(before);
    now += CALIBRATION_MAX_AGE_MS;
    const served = await c.ensure();
    expect(served).toBe(first);
    await expect.poll(() => c.peek()?.calibratedAt).toBe(now);
  });

  test('a cap a read runs into that calibration did not know makes it calibrate again, at most once a minute', async () => {
    let now = 9_000_000;
    const log: string[] = [];
    const c = calibrator(() => now, log);
    await c.ensure({ force: true });
    const before = await calls('DescribeDataDistResult');
    c.noteCapFound({ size: 100, mode: 'echo' });
    expect(await calls('DescribeDataDistResult')).toBe(before);
    c.noteCapFound({ size: 50, mode: 'silent' });
    await c.ensure();
    await expect.poll(() => log.some((l) => l.includes('found a page-size cap of 50 (silent)'))).toBe(true);
    await expect.poll(async () => (await calls('DescribeDataDistResult')) > before).toBe(true);
    await expect.poll(() => c.peek()?.calibratedAt === now).toBe(true);
    const after = log.length;
    now += 1_000;
    c.noteCapFound({ size: 50, mode: 'silent' });
    expect(log.length).toBe(after);
  });

  test('an unreachable endpoint leaves reads on the unknown dialect, retried a minute later', async () => {
    let now = 5_000_000;
    const log: string[] = [];
    const dead = createEnsClient(
      { endpoint: '127.0.0.1:1', protocol: 'http', accessKeyId: 'LTAI5tXXXXXXXXXXXXXXXXXX', accessKeySecret: 'x' },
      // No circuit: it keeps real time, while this test moves the calibrator's clock a minute on.
      { readDeadlineMs: 300, readTimeoutMs: 200, retryBaseMs: 10, retryCapMs: 20, circuit: false },
    );
    const c = calibrator(
      () => now,
      log,
      () => dead,
    );
    expect(await c.dialect()).toEqual(UNKNOWN_DIALECT);
    expect(log.join('\n')).toMatch(/calibration of 127\.0\.0\.1:1 failed/);
    expect(log.join('\n')).not.toContain('LTAI5t');
    const attempts = dead.stats().attempts.ListApplications ?? 0;
    await c.dialect();
    expect(dead.stats().attempts.ListApplications ?? 0).toBe(attempts);
    now += CALIBRATION_RETRY_MS;
    await c.dialect();
    expect(dead.stats().attempts.ListApplications ?? 0).toBeGreaterThan(attempts);
  });
});

describe('ens:check', () => {
  test('prints the dialect, and never writes: its client refuses pushes', async () => {
    const pushesBefore = (await calls('PushApplicationData')) + (await calls('DistApplicationData'));
    const result = await runEnsCheck(client, { probeSize: 1_000 });
    expect(result.lines).toContain('TotalCount counts: rows');
    expect(result.lines.some((l) => l.startsWith('page-size cap: 100 (echo)'))).toBe(true);
    expect(result.clean).toBe(true);
    expect((await calls('PushApplicationData')) + (await calls('DistApplicationData'))).toBe(pushesBefore);
    const { readOnlyClient } = await import('./check');
    await expect(readOnlyClient(client).pushApplicationData({ appId: 'a', data: [] } as never)).rejects.toThrow(
      /read-only/,
    );
  });
});
