/**
 * Timings the unit tests used to assert and no longer do (a two-core machine shared by
 * other work makes wall-clock limits in tests flaky): each is measured here and printed
 * next to its goal.
 * Run: npx tsx --conditions=react-server e2e/bench/timing-limits.ts (the condition lets server-only modules load)
 */
import { createEnsClient } from '../../lib/ens/client';
import { startSimulator } from '../../lib/simulator';
import { buildFleet } from '../../lib/simulator/fleet';
import { createPacer } from '../../lib/server/watcher/pacer';

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // hold the event loop
  }
}

async function timed(run: () => unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const rows: [string, number, string][] = [];

async function main(): Promise<void> {
  rows.push([
    'buildFleet, 100,000 instances',
    await timed(() => buildFleet({ seed: 'big', instances: 100_000, apps: 4, anchorMs: Date.now() })),
    '< 3,000 ms',
  ]);

  const idle = createPacer({ waitMs: 20 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  rows.push(['pacer, idle loop', await timed(() => idle()), '< 15 ms']);

  const busy = createPacer({ maxUtilization: 0.5, waitMs: 10, maxWaitMs: 100 });
  const hog = setInterval(() => busyFor(16), 20);
  busyFor(50);
  rows.push(['pacer, loop kept 80 % busy (maxWaitMs 100)', await timed(() => busy()), '< 400 ms']);
  clearInterval(hog);

  const sim = await startSimulator({ port: 0, instances: 100, activity: false });
  const client = (options: Parameters<typeof createEnsClient>[1]) =>
    createEnsClient(
      { endpoint: sim.endpoint, protocol: 'http', accessKeyId: sim.accessKeyId, accessKeySecret: sim.accessKeySecret },
      options,
    );
  const control = (faults: unknown) =>
    fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
  try {
    await control({ errorRate: 1 });
    const failing = client({ retryBaseMs: 10, retryCapMs: 50, readDeadlineMs: 1_000, circuit: false });
    rows.push([
      'client read, persistent 503s, 1,000 ms deadline',
      await timed(() => failing.describeEnsRegions().catch(() => undefined)),
      '< 1,500 ms',
    ]);
    await control({ latencyMs: 400 });
    const slow = client({ retryBaseMs: 10, retryCapMs: 50, readTimeoutMs: 150, readDeadlineMs: 700, circuit: false });
    rows.push([
      'client read, 400 ms latency, 150 ms timeout, 700 ms deadline',
      await timed(() => slow.describeEnsRegions().catch(() => undefined)),
      '< 1,200 ms',
    ]);
    await control({ errorRate: 1 });
    const breaker = client({
      retryBaseMs: 10,
      retryCapMs: 50,
      readDeadlineMs: 20_000,
      circuit: { threshold: 5, openMs: 5_000 },
    });
    await Promise.all(Array.from({ length: 5 }, () => breaker.describeEnsRegions().catch(() => undefined)));
    rows.push([
      'client read with the circuit open (20 s deadline)',
      await timed(() => breaker.describeEnsRegions().catch(() => undefined)),
      '< 50 ms',
    ]);
  } finally {
    await control({});
    await sim.close();
  }

  for (const [what, ms, goal] of rows) console.log(`${what.padEnd(64)} ${ms.toFixed(1).padStart(8)} ms   goal ${goal}`);
}

void main();
