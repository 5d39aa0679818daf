/** The standalone CLI as a user runs it: a real process, its first lines, its signals. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'lib', 'simulator', 'cli.ts');
const children: ChildProcessWithoutNullStreams[] = [];

function run(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(TSX, [CLI, ...args], { stdio: 'pipe' });
  children.push(child);
  return child;
}

function firstLines(child: ChildProcessWithoutNullStreams, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length === count) {
        rl.close();
        resolve(lines);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} after ${JSON.stringify(lines)}`)));
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run simulator', () => {
  test('prints the listening line, then the keys, serves, and closes on SIGTERM', async () => {
    const child = run(['--port', '0', '--instances', '40', '--apps', '1', '--activity', 'off', '--quiet']);
    const exited = exitOf(child);
    const [listening = '', id = '', secret = ''] = await firstLines(child, 3);
    expect(listening).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(id).toMatch(/^access key id: LTAI5t[A-Za-z0-9]{18}$/);
    expect(secret).toMatch(/^access key secret: [A-Za-z0-9]{30}$/);
    const url = listening.slice('listening on '.length);
    expect(await (await fetch(`${url}/__sim/health`)).json()).toEqual({ ok: true });
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  test('bad arguments print the usage and exit 2', async () => {
    const { code, stderr } = await exitOf(run(['--port', 'eighty']));
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: npm run simulator');
    expect(stderr).toContain('port');
  });
});
