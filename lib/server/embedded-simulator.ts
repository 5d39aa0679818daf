import 'server-only';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '@/lib/config';

export interface EmbeddedSimulator {
  url: string;
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Stops the simulator and resolves when it has exited. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Starts the simulator mode's ENS simulator as a child process on loopback, so a large
 * fleet's work runs on another core instead of the dashboard's event loop. The child
 * stops when this process exits, and also when it dies without notice: its standard
 * input is the lifeline. Its output holds the AccessKey secret, so it is read here and
 * never logged.
 */
export function startEmbeddedSimulator(config: AppConfig): Promise<EmbeddedSimulator> {
  const cli = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const args = [
    cli,
    join(process.cwd(), 'lib', 'simulator', 'cli.ts'),
    '--port',
    String(config.SIMULATOR_PORT),
    '--instances',
    String(config.SIMULATOR_INSTANCES),
    '--apps',
    String(config.SIMULATOR_APPS),
    '--seed',
    config.SIMULATOR_SEED,
    '--time-scale',
    String(config.SIMULATOR_TIME_SCALE),
    '--activity',
    config.SIMULATOR_ACTIVITY ? 'on' : 'off',
    '--quiet',
    '--exit-with-stdin',
    ...dialectArgs(config),
  ];
  // Its own process group: a Ctrl-C in a terminal must not stop it before the dashboard
  // has drained the requests that still need it (the shutdown stops it last).
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: simulatorNodeOptions(process.env.NODE_OPTIONS) };
  if (!env.NODE_OPTIONS) delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], detached: true, env });
  process.once('exit', () => child.kill('SIGTERM'));
  return readConnection(child);
}

/**
 * NODE_OPTIONS for the simulator's process: the dashboard's own, less its heap sizes
 * (README, "Deploy"), which are the dashboard's: the simulator holds the whole fleet and
 * is sized by the engine as usual.
 */
export function simulatorNodeOptions(nodeOptions: string | undefined): string {
  return (nodeOptions ?? '')
    .split(/\s+/)
    .filter((option) => option !== '' && !/^--max[-_](old|semi)[-_]space[-_]size=/.test(option))
    .join(' ');
}

function dialectArgs(config: AppConfig): string[] {
  const args: string[] = [];
  if (config.SIMULATOR_PAGE_SIZE_CAP !== undefined) {
    args.push('--page-size-cap', String(config.SIMULATOR_PAGE_SIZE_CAP));
    if (config.SIMULATOR_PAGE_SIZE_CAP_MODE) args.push('--page-size-cap-mode', config.SIMULATOR_PAGE_SIZE_CAP_MODE);
  }
  if (config.SIMULATOR_TOTAL_COUNT_UNIT) args.push('--total-count-unit', config.SIMULATOR_TOTAL_COUNT_UNIT);
  if (config.SIMULATOR_INSTANCE_COUNT_SCOPE) args.push('--instance-count-scope', config.SIMULATOR_INSTANCE_COUNT_SCOPE);
  if (config.SIMULATOR_TIME_SKEW) args.push('--time-skew');
  return args;
}

function readConnection(child: ChildProcess): Promise<EmbeddedSimulator> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error('the embedded ENS simulator did not start within a minute')),
      STARTUP_TIMEOUT_MS,
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(err);
    };
    child.once('error', fail);
    child.once('exit', (code) =>
      fail(new Error(`the embedded ENS simulator exited (code ${code ?? 'none'}) before it was ready`)),
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^listening on (http:\/\/\S+)$/m.exec(output)?.[1];
      const accessKeyId = /^access key id: (\S+)$/m.exec(output)?.[1];
      const accessKeySecret = /^access key secret: (\S+)$/m.exec(output)?.[1];
      if (!url || !accessKeyId || !accessKeySecret) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      let stopping = false;
      const exited = new Promise<void>((done) => {
        child.once('exit', (code) => {
          if (!stopping) console.error(`The embedded ENS simulator stopped (code ${code ?? 'none'}).`);
          done();
        });
      });
      const stop = async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        stopping = true;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      };
      resolve({ url, endpoint: new URL(url).host, accessKeyId, accessKeySecret, stop });
    });
  });
}
