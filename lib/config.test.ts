import { describe, expect, test } from 'vitest';
import { ConfigError, parseConfig, startupRefusal } from './config';

describe('parseConfig()', () => {
  test('defaults to simulator mode with SQLite, whatever credentials the shell holds', () => {
    const config = parseConfig({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tSomething',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'x',
    });
    expect(config).toMatchObject({
      mode: 'simulator',
      DATABASE_URL: 'file:data/dashboard.db',
      ENS_PROTOCOL: 'https',
      WATCH_INTERVAL_SECONDS: 5,
    });
  });

  test.each([
    ['127.0.0.1:8787', true],
    ['localhost:8787', true],
    ['[::1]:8787', true],
    ['ens.aliyuncs.com', false],
    ['10.0.0.5:8787', false],
  ])('live mode over http to %s allowed: %s', (endpoint, allowed) => {
    const parse = () =>
      parseConfig({
        ENS_MODE: 'live',
        ENS_PROTOCOL: 'http',
        ENS_ENDPOINT: endpoint,
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
      });
    if (allowed) expect(parse().ENS_ENDPOINT).toBe(endpoint);
    else expect(parse).toThrow(/ENS_PROTOCOL=http is only allowed for a loopback/);
  });

  test.each([
    [{ ENS_MODE: 'production' }, 'ENS_MODE'],
    [{ WATCH_INTERVAL_SECONDS: '0' }, 'WATCH_INTERVAL_SECONDS'],
    [{ SIMULATOR_ACTIVITY: 'maybe' }, 'SIMULATOR_ACTIVITY'],
    [{ ENS_PROTOCOL: 'ftp' }, 'ENS_PROTOCOL'],
  ])('rejects %o naming the variable', (env, name) => {
    expect(() => parseConfig(env)).toThrow(name);
  });

  const noProfile = { hasProfileFile: () => false };

  test.each([
    [{ DATABASE_URL: 'mysql://u:p@h/db' }, /^DATABASE_URL: the scheme "mysql:" is not supported; use postgres:\/\//],
    [{ DATABASE_URL: 'postgres://' }, /^DATABASE_URL: .*; use postgres:\/\/user:password@host:5432\/database/],
    [
      { ENS_ENDPOINT: 'https://ens.aliyuncs.com' },
      /^ENS_ENDPOINT: .* is not host\[:port\] \(the protocol goes in ENS_PROTOCOL\)/,
    ],
    [{ ENS_ENDPOINT: 'ens.aliyuncs.com/path' }, /^ENS_ENDPOINT: /],
    [{ ENS_ENDPOINT: 'ens.aliyuncs.com:99999' }, /^ENS_ENDPOINT: /],
    [
      { ENS_MODE: 'live' },
      /^ALIBABA_CLOUD_ACCESS_KEY_ID: ENS_MODE=live has no credentials; set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
    ],
    [{ ENS_MODE: 'live', ALIBABA_CLOUD_ACCESS_KEY_ID: 'id' }, /^ALIBABA_CLOUD_ACCESS_KEY_SECRET: is missing/],
    [
      { LOG_LEVEL: 'loud' },
      /^LOG_LEVEL: "loud" is not valid; use one of fatal, error, warn, info, debug, trace, silent$/,
    ],
    [{ ENS_MODE: 'production' }, /^ENS_MODE: "production" is not valid; use one of simulator, live$/],
  ])('%o fails with one line naming the variable and the fix', (env, line) => {
    expect(() => parseConfig(env, noProfile)).toThrow(ConfigError);
    expect(() => parseConfig(env, noProfile)).toThrow(line);
  });

  test('a secret variable is never echoed', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://user:hunter2secret@h/db' }, noProfile)).not.toThrow(
      /hunter2secret/,
    );
  });

  test('live mode takes the default credential chain when it has a source', () => {
    expect(parseConfig({ ENS_MODE: 'live', ALIBABA_CLOUD_ECS_METADATA: 'dashboard-role' }, noProfile).mode).toBe(
      'live',
    );
    expect(parseConfig({ ENS_MODE: 'live' }, { hasProfileFile: () => true }).mode).toBe('live');
  });

  test('the notification thresholds default to 5 and 10 minutes, 10 failures, and refuse nonsense naming the variable', () => {
    expect(parseConfig({})).toMatchObject({
      NOTIFY_ENS_UNREACHABLE_MINUTES: 5,
      NOTIFY_FAILURES_RISING_MIN: 10,
      NOTIFY_FAILURES_RISING_WINDOW_MINUTES: 10,
    });
    expect(parseConfig({ NOTIFY_ENS_UNREACHABLE_MINUTES: '0.5' }).NOTIFY_ENS_UNREACHABLE_MINUTES).toBe(0.5);
    for (const [variable, value] of [
      ['NOTIFY_ENS_UNREACHABLE_MINUTES', '0'],
      ['NOTIFY_ENS_UNREACHABLE_MINUTES', 'soon'],
      ['NOTIFY_FAILURES_RISING_MIN', '2.5'],
      ['NOTIFY_FAILURES_RISING_WINDOW_MINUTES', '-1'],
    ] as const) {
      const error = (() => {
        try {
          parseConfig({ [variable]: value });
        } catch (e) {
          return e;
        }
      })();
      expect(error, `${variable}=${value}`).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
    }
  });

  test('an empty variable counts as unset, as compose files leave them', () => {
    expect(parseConfig({ ENS_MODE: '', LOG_LEVEL: '' }).mode).toBe('simulator');
  });

  test('SIMULATOR_ACTIVITY=off turns background activity off', () => {
    expect(parseConfig({ SIMULATOR_ACTIVITY: 'off' }).SIMULATOR_ACTIVITY).toBe(false);
  });
});

describe('startupRefusal()', () => {
  test('live mode with authentication off is refused unless acknowledged', () => {
    const live = { ENS_MODE: 'live', ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' };
    expect(startupRefusal(parseConfig(live))).toMatch(/ALLOW_UNAUTHENTICATED_LIVE=1/);
    expect(startupRefusal(parseConfig({ ...live, ALLOW_UNAUTHENTICATED_LIVE: '1' }))).toBeNull();
    expect(startupRefusal(parseConfig({ ...live, AUTH_MODE: 'proxy' }))).toBeNull();
    expect(startupRefusal(parseConfig({}))).toBeNull();
  });
});
