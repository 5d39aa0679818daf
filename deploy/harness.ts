import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/*
 * Runs the standalone build exactly as the image does: .next/static, public and the
 * server wrapper copied next to server.js (the Dockerfile's COPY lines), then the
 * Dockerfile's CMD with the environment compose.yaml gives a replica. Needs `next
 * build` first (scripts/test.mjs runs these tests after it).
 */
export const ROOT = resolve(__dirname, '..');
export const STANDALONE = join(ROOT, '.next', 'standalone');
export const SERVER_JS = join(STANDALONE, 'server.js');

/** The image's CMD and the wrapper it names, read from the Dockerfile so the two cannot drift. */
export function imageCommand(dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')): {
  args: string[];
  wrapper: { from: string; to: string } | null;
} {
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile);
  if (!cmd) throw new Error('the Dockerfile has no exec-form CMD');
  const [bin, ...args] = JSON.parse(cmd[1]!) as string[];
  if (bin !== 'node') throw new Error(`the Dockerfile's CMD runs ${bin}, not node`);
  const script = args.find((a) => !a.startsWith('-'));
  // `COPY --from=build /app/<source> ./<script>`: a file of the repository the CMD runs.
  const copy = script
    ? new RegExp(`^COPY --from=build /app/(\\S+) \\./${script.replace(/\./g, '\\.')}\\s*$`, 'm').exec(dockerfile)
    : null;
  return { args, wrapper: copy && script ? { from: copy[1]!, to: script } : null };
}

/** The memory settings the image's ENV gives Node and glibc, read from the Dockerfile like its CMD. */
export function imageMemoryEnv(dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['NODE_OPTIONS', 'MALLOC_ARENA_MAX']) {
    const match = new RegExp(`^\\s*(?:ENV\\s+)?${name}=(?:"([^"]*)"|(\\S+))`, 'm').exec(dockerfile);
    const value = match?.[1] ?? match?.[2];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** The environment compose.yaml gives each replica (its x-dashboard-env block), minus the database. */
export const COMPOSE_ENV = {
  NODE_ENV: 'production',
  NEXT_MANUAL_SIG_HANDLE: 'true',
  ENS_MODE: 'simulator',
  LOG_LEVEL: 'info',
  SHUTDOWN_GRACE_SECONDS: '20',
  WATCH_INTERVAL_SECONDS: '5',
} as const;

export function assertBuilt(): void {
  if (!existsSync(SERVER_JS))
    throw new Error(`${SERVER_JS} is missing: run \`npx next build\` first (output: 'standalone')`);
}

/**
 * The Dockerfile's `COPY .next/static`, `COPY public` (served from beside server.js)
 * and the copy of the server wrapper its CMD runs.
 */
export function prepareStandalone(): void {
  assertBuilt();
  const staticTarget = join(STANDALONE, '.next', 'static');
  rmSync(staticTarget, { recursive: true, force: true });
  cpSync(join(ROOT, '.next', 'static'), staticTarget, { recursive: true });
  cpSync(join(ROOT, 'public'), join(STANDALONE, 'public'), { recursive: true });
  const { wrapper } = imageCommand();
  if (wrapper) cpSync(join(ROOT, wrapper.from), join(STANDALONE, wrapper.to));
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** The image's CMD with only the given environment (plus PATH), on a free loopback port. */
export async function startServer(
  env: Record<string, string>,
  options: { waitReady?: boolean; nodeArgs?: string[] } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...imageCommand().args], {
    cwd: STANDALONE,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...COMPOSE_ENV,
      ...imageMemoryEnv(),
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
  });
  const server: RunningServer = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
  if (options.waitReady !== false) await waitFor(server, '/api/health/ready', 120_000);
  return server;
}

/** Polls a path until it answers 200 (the process dying or the time running out fails). */
export async function waitFor(server: RunningServer, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null)
      throw new Error(`the server exited (${server.child.exitCode}) before ${path} answered:\n${server.output()}`);
    try {
      const response = await fetch(server.url + path);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${path} did not answer 200 in time:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** JSON log lines of a server's output (anything else, e.g. Next.js's banner, is skipped). */
export function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
}
