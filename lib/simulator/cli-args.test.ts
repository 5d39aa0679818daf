import { describe, expect, test } from 'vitest';
import { parseCliArgs } from './cli-args';

describe('parseCliArgs()', () => {
  test('defaults: port 8787 on loopback, the rest left to startSimulator()', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      options: {
        port: 8787,
        host: '127.0.0.1',
        instances: undefined,
        apps: undefined,
        seed: undefined,
        accessKeyId: undefined,
        accessKeySecret: undefined,
        timeScale: undefined,
        activity: undefined,
        quiet: false,
        pageSizeCap: undefined,
        pageSizeCapMode: undefined,
        totalCountUnit: undefined,
        instanceCountScope: undefined,
        timeSkew: false,
      },
      exitWithStdin: false,
    });
  });

  test('every option', () => {
    const args = parseCliArgs([
      '--port',
      '0',
      '--host',
      '::1',
      '--instances',
      '100000',
      '--apps',
      '6',
      '--seed',
      's1',
      '--access-key-id',
      'LTAI5tX',
      '--access-key-secret',
      'sec',
      '--time-scale',
      '60',
      '--activity',
      'off',
      '--quiet',
      '--exit-with-stdin',
      '--page-size-cap',
      '100',
      '--page-size-cap-mode',
      'silent',
      '--total-count-unit',
      'results',
      '--instance-count-scope',
      'total',
      '--time-skew',
    ]);
    expect(args).toEqual({
      help: false,
      options: {
        port: 0,
        host: '::1',
        instances: 100_000,
        apps: 6,
        seed: 's1',
        accessKeyId: 'LTAI5tX',
        accessKeySecret: 'sec',
        timeScale: 60,
        activity: false,
        quiet: true,
        pageSizeCap: 100,
        pageSizeCapMode: 'silent',
        totalCountUnit: 'results',
        instanceCountScope: 'total',
        timeSkew: true,
      },
      exitWithStdin: true,
    });
  });

  test('--help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
  });

  test.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--port', '-1']],
    [['--instances', '1e3']],
    [['--apps', '0']],
    [['--time-scale', '0']],
    [['--activity', 'maybe']],
    [['--access-key-id', 'only-the-id']],
    [['--access-key-secret', 'only-the-secret']],
    [['--unknown']],
    [['positional']],
    [['--port']],
    [['--page-size-cap', '0']],
    [['--page-size-cap', '1001']],
    [['--page-size-cap-mode', 'silent']],
    [['--page-size-cap', '100', '--page-size-cap-mode', 'truncate']],
    [['--total-count-unit', 'groups']],
    [['--instance-count-scope', 'all']],
  ])('rejects %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow();
  });
});
