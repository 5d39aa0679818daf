import { describe, expect, test } from 'vitest';
import { parseConfig, startupRefusal } from './config';

describe('parseConfig()', () => {
  test('defaults to simulator mode with SQLite, whatever credentials the shell holds', () => {
    const config = parseConfig({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tSomething', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'x' });
    expect(config).toMatchObject({ mode: 'simulator', DATABASE_URL: 'file:data/dashboard.db', ENS_PROTOCOL: 'https', WATCH_INTERVAL_SECONDS: 5 });
  });

  test.each([
    ['127.0.0.1:8787', true],
    ['localhost:8787', true],
    ['[::1]:8787', true],
    ['ens.aliyuncs.com', false],
    ['10.0.0.5:8787', false],
  ])('live mode over http to %s allowed: %s', (endpoint, allowed) => {
    const parse = () => parseConfig({ ENS_MODE: 'live', ENS_PROTOCOL: 'http', ENS_ENDPOINT: endpoint });
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

  test('SIMULATOR_ACTIVITY=off turns background activity off', () => {
    expect(parseConfig({ SIMULATOR_ACTIVITY: 'off' }).SIMULATOR_ACTIVITY).toBe(false);
  });
});

describe('startupRefusal()', () => {
  test('live mode with authentication off is refused unless acknowledged', () => {
    expect(startupRefusal(parseConfig({ ENS_MODE: 'live' }))).toMatch(/ALLOW_UNAUTHENTICATED_LIVE=1/);
    expect(startupRefusal(parseConfig({ ENS_MODE: 'live', ALLOW_UNAUTHENTICATED_LIVE: '1' }))).toBeNull();
    expect(startupRefusal(parseConfig({ ENS_MODE: 'live', AUTH_MODE: 'proxy' }))).toBeNull();
    expect(startupRefusal(parseConfig({}))).toBeNull();
  });
});
