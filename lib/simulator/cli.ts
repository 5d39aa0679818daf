/**
 * `npm run simulator -- --port 8787 …`: a standalone ENS simulator for pointing
 * any SDK or release tool at. Prints `listening on http://HOST:PORT`, then the
 * simulator-only AccessKey pair.
 */
import { USAGE, parseCliArgs, type CliArgs } from './cli-args';
import { startSimulator } from './server';

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const sim = await startSimulator(args.options);
  // Tools wait for this exact line; the key lines follow it.
  console.log(`listening on ${sim.url}`);
  console.log(`access key id: ${sim.accessKeyId}`);
  console.log(`access key secret: ${sim.accessKeySecret}`);
  console.log('(simulator-only keys: they open this local simulator and nothing else)');
  const stop = () => void sim.close().then(() => process.exit(0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
  if (args.exitWithStdin) {
    // The parent holds the other end: when it dies, even by SIGKILL, the pipe closes.
    process.stdin.once('end', stop);
    process.stdin.once('close', stop);
    process.stdin.resume();
  }
}

main().catch((err: unknown) => {
  console.error('ens-simulator failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
