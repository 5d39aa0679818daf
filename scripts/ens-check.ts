/**
 * `npm run ens:check`: run the dashboard's calibration against the configured ENS
 * endpoint (ENS_MODE=live, ENS_ENDPOINT, credentials as for the dashboard) and print
 * the dialect found and anything unexpected. Read-only: the client it uses refuses
 * every write. In simulator mode it checks a simulator started with the SIMULATOR_*
 * settings. Exit 0: calibrated (1 line per finding); 1: ENS could not be read.
 */
import { getConfig } from '@/lib/config';
import { createEnsClient, getEnsClient } from '@/lib/ens/client';
import { runEnsCheck } from '@/lib/server/calibration/check';
import { startSimulator } from '@/lib/simulator';

async function main(): Promise<number> {
  const config = getConfig();
  let close = async () => {};
  let client;
  if (config.mode === 'simulator') {
    const sim = await startSimulator({
      instances: config.SIMULATOR_INSTANCES,
      apps: config.SIMULATOR_APPS,
      seed: config.SIMULATOR_SEED,
      activity: false,
      pageSizeCap: config.SIMULATOR_PAGE_SIZE_CAP,
      pageSizeCapMode: config.SIMULATOR_PAGE_SIZE_CAP_MODE,
      totalCountUnit: config.SIMULATOR_TOTAL_COUNT_UNIT,
      instanceCountScope: config.SIMULATOR_INSTANCE_COUNT_SCOPE,
      timeSkew: config.SIMULATOR_TIME_SKEW,
    });
    close = () => sim.close();
    console.log(
      'ENS_MODE is not live: checking a local simulator (set ENS_MODE=live to check the configured endpoint)',
    );
    client = createEnsClient({
      endpoint: sim.endpoint,
      protocol: 'http',
      accessKeyId: sim.accessKeyId,
      accessKeySecret: sim.accessKeySecret,
    });
  } else {
    client = getEnsClient();
  }
  try {
    const { lines, clean } = await runEnsCheck(client, { probeSize: config.ENS_PAGE_SIZE });
    for (const line of lines) console.log(line);
    console.log(
      clean
        ? 'result: every question decided, nothing unexpected'
        : 'result: see the notes above before relying on the numbers',
    );
    return 0;
  } catch (err) {
    // EnsError messages are written to be shown and carry no secret.
    const code = err instanceof Error && 'code' in err ? ` (${String(err.code)})` : '';
    console.error(`ens:check could not read ENS: ${err instanceof Error ? err.message : String(err)}${code}`);
    return 1;
  } finally {
    await close();
  }
}

main().then((code) => process.exit(code));
