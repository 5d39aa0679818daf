import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';

/*
 * `npm start` with a wrong setting: one line on stderr naming the variable and the fix,
 * exit code 1, no stack trace, and nothing built or served. (The standalone server's
 * own start-up check is exercised by scripts/standalone-smoke.test.ts.)
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Only PATH and HOME from outside: the runner's own DATABASE_URL or ENS_* must not leak in.
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '', HOME: '/nonexistent', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start refuses a wrong configuration in one line', () => {
  test.each([
    [{ DATABASE_URL: 'mysql://user:pw@db/ens' }, 'DATABASE_URL', 'use postgres://'],
    [{ ENS_ENDPOINT: 'https://ens.aliyuncs.com/' }, 'ENS_ENDPOINT', 'ENS_ENDPOINT=ens.aliyuncs.com'],
    [
      { ENS_MODE: 'live' },
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    ],
    [{ ENS_MODE: 'staging' }, 'ENS_MODE', 'use one of simulator, live'],
    [{ SHUTDOWN_GRACE_SECONDS: '-1' }, 'SHUTDOWN_GRACE_SECONDS', 'use a number of at least 0'],
    // A SQLite path whose directory is a file.
    [{ DATABASE_URL: 'file:package.json/dashboard.db' }, 'DATABASE_URL', 'point DATABASE_URL at a writable file'],
  ])('%o', async (env, variable, fix) => {
    const { code, stdout, stderr } = await start(env);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${variable}: `));
    expect(lines[0]).toContain(fix);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).not.toMatch(/building/i);
  });

  test('an unreachable PostgreSQL', async () => {
    const port = await freePort();
    const { code, stderr } = await start({ DATABASE_URL: `postgres://ens:secret-pw@127.0.0.1:${port}/ens` });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `Configuration error: DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED); start PostgreSQL or fix the host and port in DATABASE_URL`,
    );
    expect(stderr).not.toContain('secret-pw');
  });

  test.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL refusing the password', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.password = 'not-the-password';
    const { code, stderr } = await start({ DATABASE_URL: url.toString() });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      /^Configuration error: DATABASE_URL: PostgreSQL at .* refused the user or password; fix the user and password in DATABASE_URL$/,
    );
  });
});
