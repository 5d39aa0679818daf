import { networkInterfaces } from 'node:os';
import { describe, expect, test } from 'vitest';
import { drawFault, type Faults } from './faults';
import { serveSimulator } from './rpc-server';
import { isLoopback } from './test-controls';
import { signRequest } from './test-signer';
import { testStore } from './testing';

describe('isLoopback()', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.0.2.2', false],
    ['::ffff:10.0.0.1', false],
    ['fd00::2', false],
    ['1270.0.0.1', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});

describe('drawFault()', () => {
  // Binary-exact rates, so the band edges are exact too.
  const faults: Faults = { latencyMs: 0, dropRate: 0.125, throttleRate: 0.25, errorRate: 0.375 };
  test.each([
    [0, 'drop'],
    [0.1249, 'drop'],
    [0.125, 'throttle'],
    [0.3749, 'throttle'],
    [0.375, 'error'],
    [0.7499, 'error'],
    [0.75, 'none'],
    [0.9999, 'none'],
  ])('a draw of %f is %s', (u, expected) => {
    expect(drawFault(faults, () => u)).toBe(expected);
  });
});

const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;

describe.skipIf(external === undefined)('a client that is not on loopback', () => {
  test('gets 403 from /__sim/*, while ENS calls still work as usual', async () => {
    const { store } = testStore({ instances: 200, apps: 2, seed: 'rpc-test', timeScale: 1, activity: false });
    const keys = { accessKeyId: 'LTAI5tNotLoopbackNotLoopb', accessKeySecret: 'not-loopback-secret-0123456789' };
    const sim = await serveSimulator({ store, ...keys, host: '0.0.0.0' });
    const host = `${external}:${sim.port}`;
    try {
      const res = await fetch(`http://${host}/__sim/stats`);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ Code: 'Forbidden' });
      const unsigned = await fetch(`http://${host}/`, { method: 'POST' });
      expect(unsigned.status).toBe(400);
      expect(await unsigned.json()).toMatchObject({ Code: 'IncompleteSignature' });

      const { path, headers, method, body } = signRequest({
        ...keys,
        host,
        action: 'DescribeEnsRegions',
        query: { EnsRegionId: 'cn-wuxi-5' },
      });
      const { host: _host, ...rest } = headers;
      const answer = await fetch(`http://${host}${path}`, { method, headers: rest, body });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({
        EnsRegions: { EnsRegions: [{ EnsRegionId: 'cn-wuxi-5', Name: '无锡5' }] },
      });

      // The refused control changed nothing: the model's clock was not touched.
      const before = store.now();
      expect(
        (await fetch(`http://${host}/__sim/clock`, { method: 'POST', body: '{"advanceSeconds":3600}' })).status,
      ).toBe(403);
      expect(store.now()).toBe(before);
    } finally {
      await sim.close();
    }
  });
});
