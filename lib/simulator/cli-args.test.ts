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
      },
      exitWithStdin: false,
    });
  });

  test('every option', () => {
    const args = parseCliArgs([
      '--port', '0', '--host', '::1', '--instances', '100000', '--apps', '6', '--seed', 's1',
      '--access-key-id', 'LTAI5tX', '--access-key-secret', 'sec', '--time-scale', '60', '--activity', 'off', '--quiet', '--exit-with-stdin',
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
  ])('rejects %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow();
  });
});
