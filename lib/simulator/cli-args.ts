/** Command-line arguments of the standalone simulator, parsed strictly. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { INSTANCE_COUNT_SCOPE_FLAGS, PAGE_SIZE_CAP_MODES, TOTAL_COUNT_UNIT_FLAGS } from './dialect';
import type { SimulatorOptions } from './types';

export const USAGE = `Usage: npm run simulator -- [options]

  --port N                 TCP port (default 8787; 0 picks a free one)
  --host H                 interface to bind (default 127.0.0.1)
  --instances N            approximate fleet size (default 2000)
  --apps N                 number of applications (default 4)
  --seed S                 same seed, same fleet (default ens-dashboard)
  --access-key-id ID       use this AccessKey id ...
  --access-key-secret S    ... with this secret (both or neither; default: generated)
  --time-scale X           divide push and distribution durations by X (default 1)
  --activity on|off        simulated teams start rollouts every few minutes (default on)
  --page-size-cap N        DescribeDataDistResult honours PageSize up to N (default: 1000, the general range)
  --page-size-cap-mode M   above the cap: reject (InvalidParameter.PageSize), silent (N rows,
                           the asked size echoed) or echo (N rows, N echoed); default reject
  --total-count-unit U     TotalCount counts rows (instance rows, default) or results (file versions)
  --instance-count-scope S InstanceCount counts the group's rows on the page (default) or its total
  --time-skew              some finished rows report an UpdateTime earlier than their StartTime
  --quiet                  no per-request log lines
  --exit-with-stdin        stop when standard input closes (a parent process's lifeline)
  --help                   this text`;

const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const argsSchema = z
  .strictObject({
    port: integer(0, 65_535).default(8787),
    host: z.string().min(1).default('127.0.0.1'),
    instances: integer(1, 10_000_000).optional(),
    apps: integer(1, 1_000).optional(),
    seed: z.string().min(1).optional(),
    'access-key-id': z.string().min(1).optional(),
    'access-key-secret': z.string().min(1).optional(),
    'time-scale': z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'must be a positive number')
      .transform(Number)
      .pipe(z.number().positive().max(1_000_000))
      .optional(),
    activity: z.enum(['on', 'off']).optional(),
    'page-size-cap': integer(1, 1_000).optional(),
    'page-size-cap-mode': z.enum(PAGE_SIZE_CAP_MODES).optional(),
    'total-count-unit': z.enum(TOTAL_COUNT_UNIT_FLAGS).optional(),
    'instance-count-scope': z.enum(INSTANCE_COUNT_SCOPE_FLAGS).optional(),
    'time-skew': z.boolean().default(false),
    quiet: z.boolean().default(false),
    'exit-with-stdin': z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .refine((a) => (a['access-key-id'] === undefined) === (a['access-key-secret'] === undefined), {
    message: '--access-key-id and --access-key-secret go together',
  })
  .refine((a) => a['page-size-cap-mode'] === undefined || a['page-size-cap'] !== undefined, {
    message: '--page-size-cap-mode needs --page-size-cap',
  });

export type CliArgs = { help: true } | { help: false; options: SimulatorOptions; exitWithStdin: boolean };

/** Throws an Error whose message explains what is wrong with the arguments. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      instances: { type: 'string' },
      apps: { type: 'string' },
      seed: { type: 'string' },
      'access-key-id': { type: 'string' },
      'access-key-secret': { type: 'string' },
      'time-scale': { type: 'string' },
      activity: { type: 'string' },
      'page-size-cap': { type: 'string' },
      'page-size-cap-mode': { type: 'string' },
      'total-count-unit': { type: 'string' },
      'instance-count-scope': { type: 'string' },
      'time-skew': { type: 'boolean' },
      quiet: { type: 'boolean' },
      'exit-with-stdin': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  const a = parsed.data;
  if (a.help) return { help: true };
  return {
    help: false,
    options: {
      port: a.port,
      host: a.host,
      instances: a.instances,
      apps: a.apps,
      seed: a.seed,
      accessKeyId: a['access-key-id'],
      accessKeySecret: a['access-key-secret'],
      timeScale: a['time-scale'],
      activity: a.activity === undefined ? undefined : a.activity === 'on',
      quiet: a.quiet,
      pageSizeCap: a['page-size-cap'],
      pageSizeCapMode: a['page-size-cap-mode'],
      totalCountUnit: a['total-count-unit'],
      instanceCountScope: a['instance-count-scope'],
      timeSkew: a['time-skew'],
    },
    exitWithStdin: a['exit-with-stdin'],
  };
}
