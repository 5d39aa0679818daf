import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  channelListSchema,
  createdChannelSchema,
  deliveryLogSchema,
  testOutcomeSchema,
} from '@/lib/contracts/notifications';
import { startHarness, type Harness } from '../../../testing/harness';

/*
 * The channel routes as a client sees them: a channel is checked when saved (https,
 * no private addresses), its secret and URL never come back, "send test" answers the
 * delivery's outcome, and the delivery log shows it.
 */

let h: Harness;
let collection: typeof import('./route');
let one: typeof import('./[channelId]/route');
let testRoute: typeof import('./[channelId]/test/route');
let deliveries: typeof import('./[channelId]/deliveries/route');
let appId: string;
let server: Server;
let receiverUrl: string;
const received: { path: string; headers: Record<string, string | string[] | undefined>; raw: string }[] = [];

const as = (user: string, groups: string) => ({
  'x-ens-peer-address': '10.1.2.3',
  'x-ens-peer-proof': 'test-peer-proof',
  'x-forwarded-user': user,
  'x-forwarded-groups': groups,
});
const ADA = as('ada', 'ens-admins');
const OTTO = as('otto', 'ens-operators');

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks).toString() });
      if (req.url === '/redirect') res.writeHead(307, { location: 'http://10.0.0.1/internal' }).end();
      else res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await startHarness({
    AUTH_MODE: 'proxy',
    TRUSTED_PROXY_CIDRS: '10.0.0.0/8',
    ROLE_GROUPS_ADMIN: 'ens-admins',
    ROLE_GROUPS_OPERATOR: 'ens-operators',
    WEBHOOK_ALLOWED_HOSTS: 'receiver.internal',
  });
  collection = await import('./route');
  one = await import('./[channelId]/route');
  testRoute = await import('./[channelId]/test/route');
  deliveries = await import('./[channelId]/deliveries/route');
  const appsRoute = await import('../../route');
  const apps = (await (await h.call(appsRoute.GET, '/api/apps', { headers: ADA })).json()) as {
    apps: { appId: string }[];
  };
  appId = apps.apps[0]!.appId;
});

afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function create(body: unknown, headers: Record<string, string> = ADA) {
  return h.call(collection.POST, `/api/apps/${appId}/channels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    params: { appId },
  });
}

async function issues(response: Response): Promise<{ path: string; message: string }[]> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { issues?: { path: string; message: string }[] } };
  return body.error.issues ?? [];
}

describe('notification channels', () => {
  test('created with 201 and a channelId; listed without the secret or the URL token; stored encrypted', async () => {
    const secret = 'whsec-never-shown-again';
    const response = await create({
      kind: 'webhook',
      url: `${receiverUrl}/hooks/token-abcdefghijklmnop?key=url-secret-value`,
      secret,
      events: ['rollout.halted', 'rollout.succeeded'],
    });
    expect(response.status).toBe(201);
    const { channelId } = createdChannelSchema.parse(await response.json());
    expect(channelId).toMatch(/^ch_/);

    const list = await h.call(collection.GET, `/api/apps/${appId}/channels`, { headers: ADA, params: { appId } });
    const text = await list.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain('token-abcdefghijklmnop');
    expect(text).not.toContain('url-secret-value');
    const { channels } = channelListSchema.parse(JSON.parse(text));
    expect(channels.find((c) => c.channelId === channelId)).toMatchObject({
      kind: 'webhook',
      hasSecret: true,
      events: ['rollout.halted', 'rollout.succeeded'],
      createdBy: 'ada',
    });

    const { getDb } = await import('@/lib/db/server');
    const row = await (
      await getDb()
    ).kysely
      .selectFrom('notification_channels')
      .selectAll()
      .where('id', '=', channelId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain('url-secret-value');
  });

  test('bad input is 400 naming the field and why', async () => {
    const bad = await issues(await create({ kind: 'teams', url: '', events: ['rollout.exploded'] }));
    const paths = bad.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['kind', 'url', 'events.0']));
  });

  test('SSRF at save: http, private and link-local addresses are refused', async () => {
    for (const url of [
      'http://93.184.216.34/hook',
      'https://10.0.0.5/hook',
      'https://169.254.169.254/latest',
      'https://[fd00::1]/x',
    ]) {
      const found = await issues(await create({ kind: 'webhook', url, events: ['*'] }));
      expect(found).toEqual([{ path: 'url', message: expect.stringMatching(/https|loopback, private or link-local/) }]);
    }
  });

  test('only admins manage channels', async () => {
    const response = await create({ kind: 'webhook', url: `${receiverUrl}/x`, events: ['*'] }, OTTO);
    expect(response.status).toBe(403);
  });

  test('"send test" answers the outcome, signed as the contract says, and the delivery log shows it', async () => {
    const secret = 'test-secret';
    const { channelId } = createdChannelSchema.parse(
      await (await create({ kind: 'webhook', url: `${receiverUrl}/test-hook`, secret, events: ['*'] })).json(),
    );
    const response = await h.call(testRoute.POST, `/api/apps/${appId}/channels/${channelId}/test`, {
      method: 'POST',
      headers: ADA,
      params: { appId, channelId },
    });
    expect(response.status).toBe(200);
    expect(testOutcomeSchema.parse(await response.json())).toMatchObject({
      outcome: 'sent',
      httpStatus: 200,
      error: null,
    });
    const got = received.filter((r) => r.path === '/test-hook');
    expect(got).toHaveLength(1);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(String(got[0]!.headers['x-signature']))!;
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${got[0]!.raw}`).digest('hex'));
    expect(JSON.parse(got[0]!.raw)).toMatchObject({ type: 'test', severity: 'info', appId });

    const log = await h.call(deliveries.GET, `/api/apps/${appId}/channels/${channelId}/deliveries`, {
      headers: ADA,
      params: { appId, channelId },
    });
    expect(deliveryLogSchema.parse(await log.json()).deliveries).toEqual([
      expect.objectContaining({ outcome: 'sent', httpStatus: 200, test: true }),
    ]);
  });

  test('a redirect is not followed: the test fails and says why', async () => {
    const { channelId } = createdChannelSchema.parse(
      await (await create({ kind: 'webhook', url: `${receiverUrl}/redirect`, events: ['*'] })).json(),
    );
    const response = await h.call(testRoute.POST, `/api/apps/${appId}/channels/${channelId}/test`, {
      method: 'POST',
      headers: ADA,
      params: { appId, channelId },
    });
    expect(testOutcomeSchema.parse(await response.json())).toMatchObject({
      outcome: 'failed',
      httpStatus: 307,
      error: expect.stringMatching(/^redirect refused/),
    });
  });

  test('a channel can be removed', async () => {
    const { channelId } = createdChannelSchema.parse(
      await (await create({ kind: 'slack', url: `${receiverUrl}/services/x`, events: ['*'] })).json(),
    );
    const removed = await h.call(one.DELETE, `/api/apps/${appId}/channels/${channelId}`, {
      method: 'DELETE',
      headers: ADA,
      params: { appId, channelId },
    });
    expect(removed.status).toBe(200);
    const again = await h.call(one.DELETE, `/api/apps/${appId}/channels/${channelId}`, {
      method: 'DELETE',
      headers: ADA,
      params: { appId, channelId },
    });
    expect(again.status).toBe(404);
  });
});
