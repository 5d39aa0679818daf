import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresEngine } from '@/lib/db/test-engines';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';

/*
 * Leader failover with two server processes on one PostgreSQL database: only one
 * leads; when it dies (SIGKILL: no clean release, the session just ends), the other
 * takes over within two watch intervals.
 */

const engine = postgresEngine();
if (engine.skipReason) console.log(`lib/server/watcher failover test skipped: ${engine.skipReason}`);

const INTERVAL_S = 1;
const LEADS = /this process leads/;

interface Replica {
  child: ChildProcess;
  output: string;
  ledAt: number | null;
}

describe.skipIf(engine.skipReason !== null)('leader failover with two processes on PostgreSQL', () => {
  let sim: RunningSimulator;
  let url: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, instances: 200, activity: false });
    url = await engine.create();
  });
  afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await sim?.close();
    await engine.dispose();
  });

  function startReplica(): Replica {
    // node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a child
    // process, and killing the CLI would leave the leader alive.
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/server/watcher/leader-process.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        NODE_OPTIONS: '--conditions=react-server',
        ENS_MODE: 'live',
        ENS_ENDPOINT: sim.endpoint,
        ENS_PROTOCOL: 'http',
        ALIBABA_CLOUD_ACCESS_KEY_ID: sim.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: sim.accessKeySecret,
        DATABASE_URL: url,
        WATCH_INTERVAL_SECONDS: String(INTERVAL_S),
        ENS_NAIVE_PROXY: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const replica: Replica = { child, output: '', ledAt: null };
    const read = (chunk: Buffer) => {
      replica.output += chunk.toString();
      if (replica.ledAt === null && LEADS.test(replica.output)) replica.ledAt = Date.now();
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    replicas.push(replica);
    return replica;
  }

  async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}\n${replicas.map((r) => r.output).join('\n---\n')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  test('only one replica leads, and the other takes over within two intervals of its death', async () => {
    const first = startReplica();
    await until(() => first.ledAt !== null, 30_000, 'the first replica to lead');
    const second = startReplica();
    await until(() => /started/.test(second.output), 30_000, 'the second replica to start');
    // Several intervals of trying: the lock is held, so the second stands by.
    await new Promise((r) => setTimeout(r, 4 * INTERVAL_S * 1000));
    expect(second.ledAt).toBeNull();

    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await until(() => second.ledAt !== null, 10_000, 'the second replica to take over');
    const takeoverMs = second.ledAt! - killedAt;
    console.log(`failover: the second replica led ${takeoverMs} ms after the leader was killed`);
    expect(takeoverMs).toBeLessThanOrEqual(2 * INTERVAL_S * 1000);
  }, 90_000);
});
