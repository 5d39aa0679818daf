/**
 * The dashboard's own time on the worst inputs it accepts to read (issue 15: no request
 * over 200 ms of server time; `app/api/hostile-input.test.ts` checks what they answer,
 * this prints how long they take). Each request runs through the real route handler in
 * this process, against the embedded simulator, with nothing else running; a
 * `/api/health` sent at the same moment as the largest body shows whether one request
 * holds the others up.
 * Run: npx tsx --conditions=react-server e2e/bench/hostile-input.ts
 * Env: BENCH_REPEAT (5, each request this many times; the slowest is printed).
 */
import { loadavg } from 'node:os';
import { startHarness, type Harness } from '../../app/api/testing/harness';

type Handler = Parameters<Harness['call']>[0];

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const GOAL_MS = 200;

const file = (name: string, version: string) => ({
  name,
  version,
  size: 1,
  archiveType: 'tar.gz',
  md5: '',
  url: 'https://files.example.com/b',
  timeout: 60,
});

async function main(): Promise<void> {
  const h = await startHarness();
  try {
    const apps = (await import('../../app/api/apps/route')).GET;
    const appId = ((await (await h.call(apps, '/api/apps')).json()) as { apps: { appId: string }[] }).apps[0]!.appId;
    const push: Handler = (await import('../../app/api/apps/[appId]/pushes/route')).POST;
    const history: Handler = (await import('../../app/api/apps/[appId]/pushes/route')).GET;
    const instances: Handler = (await import('../../app/api/apps/[appId]/distribution/instances/route')).GET;
    const health: Handler = (await import('../../app/api/health/route')).GET;

    const values = Array.from({ length: 35_905 }, (_, i) => `r${i.toString(36)}`);
    const post = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const cases: { what: string; handler: Handler; path: string; init?: RequestInit }[] = [
      {
        what: 'push: 35,905 strategy values (250 KB)',
        handler: push,
        path: `/api/apps/${appId}/pushes`,
        init: post({
          data: [file('big.tar.gz', '1')],
          strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values }],
        }),
      },
      {
        what: 'push: 1,000 files with hostile names',
        handler: push,
        path: `/api/apps/${appId}/pushes`,
        init: post({ data: Array.from({ length: 1_000 }, (_, i) => file(`a,b\u202e${i}`, `v\u200b${i}`)) }),
      },
      {
        what: 'push: 250 KB of one name',
        handler: push,
        path: `/api/apps/${appId}/pushes`,
        init: post({ data: [file('x'.repeat(250_000), '1')] }),
      },
      {
        what: 'history: 2,000 query parameters',
        handler: history,
        path: `/api/apps/${appId}/pushes?${Array.from({ length: 2_000 }, (_, i) => `before=${i}`).join('&')}`,
      },
      {
        what: 'instances: a 100 KB name and a bad cursor',
        handler: instances,
        path: `/api/apps/${appId}/distribution/instances?name=${'\u202e'.repeat(30_000)}&version=1&cursor=%00`,
      },
    ];

    const rows: [string, number][] = [];
    for (const c of cases) {
      let worst = 0;
      let status = 0;
      for (let i = 0; i < REPEAT; i++) {
        const started = performance.now();
        const response = await h.call(c.handler, c.path, { ...c.init, params: { appId } });
        await response.text();
        worst = Math.max(worst, performance.now() - started);
        status = response.status;
      }
      rows.push([`${c.what} → ${status}`, worst]);
    }

    // Health asked while the largest body is being checked: does it wait behind it?
    let healthWorst = 0;
    for (let i = 0; i < REPEAT; i++) {
      const big = h.call(cases[0]!.handler, cases[0]!.path, { ...cases[0]!.init, params: { appId } });
      const started = performance.now();
      await (await h.call(health, '/api/health')).text();
      healthWorst = Math.max(healthWorst, performance.now() - started);
      await (await big).text();
    }
    rows.push(['/api/health sent with the 250 KB body', healthWorst]);

    console.log(
      `hostile input, server time per request (slowest of ${REPEAT}); load average ${loadavg()[0]!.toFixed(1)}`,
    );
    for (const [what, ms] of rows)
      console.log(`  ${what.padEnd(60)} ${ms.toFixed(1).padStart(8)} ms   goal < ${GOAL_MS} ms`);
    const worst = Math.max(...rows.map(([, ms]) => ms));
    console.log(`  slowest: ${worst.toFixed(1)} ms (goal < ${GOAL_MS} ms: ${worst < GOAL_MS ? 'met' : 'NOT met'})`);
  } finally {
    await h.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
