/**
 * startSimulator() end to end: the real model behind the HTTP front, called the
 * way the dashboard calls it, through the unmodified @alicloud/openapi-client.
 */
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import * as $Util from '@alicloud/tea-util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSimulator } from './index';
import type { RunningSimulator } from './types';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 60, apps: 2, seed: 'server-test', activity: false });
});
afterAll(async () => {
  await sim.close();
});

function call(action: string, params: Record<string, unknown> = {}) {
  const client = new OpenApi(
    new $OpenApi.Config({
      accessKeyId: sim.accessKeyId,
      accessKeySecret: sim.accessKeySecret,
      endpoint: sim.endpoint,
      protocol: 'http',
    }),
  );
  return client.callApi(
    new $OpenApi.Params({
      action,
      version: '2017-11-10',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new $OpenApi.OpenApiRequest({ query: OpenApiUtil.query(params) }),
    new $Util.RuntimeOptions({}),
  );
}

describe('startSimulator()', () => {
  test('binds loopback on a free port and describes itself', () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.endpoint).toBe(`127.0.0.1:${sim.port}`);
    expect(sim.port).toBeGreaterThan(0);
  });

  test('generates a simulator-only key pair shaped like a real one', () => {
    expect(sim.accessKeyId).toMatch(/^LTAI5t[A-Za-z0-9]{18}$/);
    expect(sim.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
  });

  test('serves the model to a signed SDK call', async () => {
    const res = await call('ListApplications');
    expect(res.statusCode).toBe(200);
    expect(res.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    const regions = await call('DescribeEnsRegions');
    expect(regions.statusCode).toBe(200);
    const stats = await (await fetch(`${sim.url}/__sim/stats`)).json();
    expect(stats.calls).toMatchObject({ ListApplications: 1, DescribeEnsRegions: 1 });
  });

  test('an unknown action is 404 InvalidApi.NotFound and not counted as a call', async () => {
    await expect(call('DescribeNothing')).rejects.toMatchObject({ code: 'InvalidApi.NotFound', statusCode: 404 });
    const stats = await (await fetch(`${sim.url}/__sim/stats`)).json();
    expect(stats.calls.DescribeNothing).toBeUndefined();
    expect(stats.rejected['InvalidApi.NotFound']).toBeGreaterThanOrEqual(1);
  });

  test('/__sim/clock moves the model clock (which also runs in real time)', async () => {
    const before = await (
      await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: '{"advanceSeconds":0}' })
    ).json();
    const after = await (
      await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: '{"advanceSeconds":600}' })
    ).json();
    expect(after.nowMs - before.nowMs).toBeGreaterThanOrEqual(600_000);
    expect(after.nowMs - before.nowMs).toBeLessThan(605_000);
  });

  test('uses a given key pair, and refuses half of one', async () => {
    const own = await startSimulator({
      instances: 10,
      apps: 1,
      activity: false,
      accessKeyId: 'LTAI5tGivenGivenGivenGi',
      accessKeySecret: 'given-secret',
    });
    expect([own.accessKeyId, own.accessKeySecret]).toEqual(['LTAI5tGivenGivenGivenGi', 'given-secret']);
    await own.close();
    await expect(startSimulator({ accessKeyId: 'only-id' })).rejects.toThrow(/both/);
  });

  test('a taken port rejects', async () => {
    await expect(startSimulator({ port: sim.port, instances: 10, apps: 1, activity: false })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
