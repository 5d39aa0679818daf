/**
 * The role × route matrix: every exported handler of every app/api/**\/route.ts, for
 * every kind of caller, against the policy below. A route file added without an entry
 * here (or without a rule in defineRoute) fails the test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Requirement } from '@/lib/domain/roles';
import { startHarness, type Harness } from './testing/harness';

const POLICY: Record<string, Requirement> = {
  'GET /api/health': 'public',
  'GET /api/health/live': 'public',
  'GET /api/health/ready': 'public',
  'GET /api/metrics': 'viewer',
  'GET /api/auth/sign-in': 'public',
  'GET /api/auth/callback': 'public',
  'POST /api/auth/sign-out': 'public',
  'GET /api/apps': 'viewer',
  'GET /api/apps/[appId]/distribution': 'viewer',
  'GET /api/apps/[appId]/distribution/detail': 'viewer',
  'GET /api/apps/[appId]/distribution/history': 'viewer',
  'GET /api/apps/[appId]/distribution/instances': 'viewer',
  'GET /api/apps/[appId]/distribution/instances.csv': 'viewer',
  'POST /api/apps/[appId]/distributions': 'operator',
  'POST /api/apps/[appId]/cleans': 'operator',
  'GET /api/apps/[appId]/push-status': 'viewer',
  'GET /api/apps/[appId]/pushes': 'viewer',
  'GET /api/apps/[appId]/pushes/outside': 'viewer',
  'POST /api/apps/[appId]/pushes': 'operator',
  'GET /api/apps/[appId]/regions': 'viewer',
  'GET /api/apps/[appId]/badge.svg': 'viewer',
  'GET /api/apps/[appId]/status.png': 'viewer',
  'GET /api/openapi.json': 'viewer',
  'GET /api/rollouts': 'viewer',
  'GET /api/apps/[appId]/rollouts': 'viewer',
  'POST /api/apps/[appId]/rollouts': 'operator',
  'GET /api/apps/[appId]/rollouts/[rolloutId]': 'viewer',
  'POST /api/apps/[appId]/rollouts/[rolloutId]/[action]': 'operator',
  'POST /api/apps/[appId]/rollouts/[rolloutId]/approve': 'approver',
  'GET /api/apps/[appId]/rollouts/[rolloutId]/rollback-preview': 'viewer',
  'GET /api/apps/[appId]/rollout-plans': 'viewer',
  'POST /api/apps/[appId]/rollout-plans': 'operator',
  'GET /api/apps/[appId]/channels': 'admin',
  'POST /api/apps/[appId]/channels': 'admin',
  'DELETE /api/apps/[appId]/channels/[channelId]': 'admin',
  'POST /api/apps/[appId]/channels/[channelId]/test': 'admin',
  'GET /api/apps/[appId]/channels/[channelId]/deliveries': 'admin',
  'GET /api/tokens': 'admin',
  'POST /api/tokens': 'admin',
  'DELETE /api/tokens/[tokenId]': 'admin',
};

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const TRUSTED_PEER = '10.1.2.3';
const apiDir = join(process.cwd(), 'app', 'api');

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === 'route.ts' ? [path] : [];
  });
}

type Handler = ((
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>) & { requirement?: Requirement; signedImage?: string };
interface Route {
  key: string;
  path: string;
  method: (typeof METHODS)[number];
  handler: Handler;
}

let h: Harness;
let routes: Route[];
let appId: string;
let otherAppId: string;
const tokens: Record<string, string> = {};

const proxyHeaders = (user: string, groups: string, peer = TRUSTED_PEER) => ({
  'x-ens-peer-address': peer,
  'x-ens-peer-proof': 'test-peer-proof',
  'x-forwarded-user': user,
  'x-forwarded-groups': groups,
});

type Caller = {
  name: string;
  headers: () => Record<string, string>;
  satisfies: (r: Requirement, route: Route) => boolean;
};
const CALLERS: Caller[] = [
  { name: 'anonymous', headers: () => ({}), satisfies: (r) => r === 'public' },
  {
    name: 'forged headers',
    headers: () => proxyHeaders('mallory', 'ens-admins', '192.0.2.9'),
    satisfies: (r) => r === 'public',
  },
  { name: 'viewer', headers: () => proxyHeaders('vera', 'staff'), satisfies: (r) => r === 'public' || r === 'viewer' },
  {
    name: 'operator',
    headers: () => proxyHeaders('otto', 'staff,ens-operators'),
    satisfies: (r) => ['public', 'viewer', 'operator'].includes(r),
  },
  {
    name: 'approver',
    headers: () => proxyHeaders('anna', 'ens-approvers'),
    satisfies: (r) => ['public', 'viewer', 'approver'].includes(r),
  },
  { name: 'admin', headers: () => proxyHeaders('ada', 'ens-admins'), satisfies: () => true },
  {
    name: 'operator token in scope',
    headers: () => ({ authorization: `Bearer ${tokens.inScope}` }),
    satisfies: (r, route) => r === 'public' || (['viewer', 'operator'].includes(r) && route.path.includes('[appId]')),
  },
  {
    name: 'operator token out of scope',
    headers: () => ({ authorization: `Bearer ${tokens.outOfScope}` }),
    satisfies: (r) => r === 'public',
  },
];

function urlFor(route: Route): { url: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const url = route.path.replace(/\[(\w+)\]/g, (_, name: string) => {
    params[name] = name === 'appId' ? appId : 't_AAAAAAAAAAAAAAAA';
    return params[name]!;
  });
  return { url, params };
}

async function call(route: Route, headers: Record<string, string>): Promise<number> {
  const { url, params } = urlFor(route);
  const write = route.method !== 'GET';
  const response = await h.call(route.handler, url, {
    method: route.method,
    headers: { ...headers, ...(write ? { 'content-type': 'application/json' } : {}) },
    // An empty object: an authorized write fails validation, so nothing is sent to ENS.
    ...(write && route.method !== 'DELETE' ? { body: '{}' } : {}),
    params,
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  h = await startHarness({
    AUTH_MODE: 'proxy',
    TRUSTED_PROXY_CIDRS: '10.0.0.0/8, ::1/128',
    ROLE_GROUPS_ADMIN: 'ens-admins',
    ROLE_GROUPS_OPERATOR: 'ens-operators',
    ROLE_GROUPS_APPROVER: 'ens-approvers',
  });
  routes = [];
  for (const file of routeFiles(apiDir)) {
    const path = '/' + relative(join(process.cwd(), 'app'), file).split(sep).slice(0, -1).join('/');
    const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = routeModule[method];
      if (typeof handler === 'function')
        routes.push({ key: `${method} ${'/' + path.slice(1)}`, path, method, handler: handler as Handler });
    }
  }
  const apps = (await (
    await h.call(routes.find((r) => r.key === 'GET /api/apps')!.handler, '/api/apps', {
      headers: proxyHeaders('ada', 'ens-admins'),
    })
  ).json()) as {
    apps: { appId: string }[];
  };
  appId = apps.apps[0]!.appId;
  otherAppId = apps.apps[1]!.appId;
  const create = routes.find((r) => r.key === 'POST /api/tokens')!.handler;
  for (const [key, scope] of [
    ['inScope', appId],
    ['outOfScope', otherAppId],
  ] as const) {
    const response = await h.call(create, '/api/tokens', {
      method: 'POST',
      headers: { ...proxyHeaders('ada', 'ens-admins'), 'content-type': 'application/json' },
      body: JSON.stringify({ name: `ci ${key}`, role: 'operator', appId: scope, expiresInDays: 1 }),
    });
    expect(response.status).toBe(201);
    tokens[key] = ((await response.json()) as { value: string }).value;
  }
});

afterAll(async () => {
  await h?.close();
});

describe('role × route matrix', () => {
  test('every route handler has a rule, and the rule is the policy', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(POLICY).length);
    const rules = Object.fromEntries(routes.map((r) => [r.key, r.handler.requirement ?? 'NO RULE']));
    expect(rules).toEqual(POLICY);
  });

  test('a signed link (exp, sig) opens only the status images, each its own', () => {
    const signed = Object.fromEntries(
      routes.filter((r) => r.handler.signedImage).map((r) => [r.key, r.handler.signedImage]),
    );
    expect(signed).toEqual({
      'GET /api/apps/[appId]/badge.svg': 'badge.svg',
      'GET /api/apps/[appId]/status.png': 'status.png',
    });
  });

  test("every server action ('use server' file) goes through defineAction", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? e.name === 'node_modules' || e.name.startsWith('.')
            ? []
            : sources(join(dir, e.name))
          : /\.tsx?$/.test(e.name)
            ? [join(dir, e.name)]
            : [],
      );
    const unguarded = ['app', 'features', 'lib', 'components']
      .flatMap((d) => sources(join(process.cwd(), d)))
      .filter(
        (f) =>
          /^\s*['"]use server['"]/m.test(readFileSync(f, 'utf8')) && !readFileSync(f, 'utf8').includes('defineAction('),
      );
    expect(unguarded).toEqual([]);
  });

  test('each caller gets 401/403 exactly where the policy refuses them', async () => {
    const expected: string[] = [];
    const actual: string[] = [];
    for (const route of routes) {
      const requirement = POLICY[route.key];
      if (!requirement) continue;
      for (const caller of CALLERS) {
        const status = await call(route, caller.headers());
        const allowed = caller.satisfies(requirement, route);
        const refusal = caller.name === 'anonymous' || caller.name === 'forged headers' ? 401 : 403;
        expected.push(`${route.key} as ${caller.name}: ${allowed ? 'allowed' : refusal}`);
        actual.push(`${route.key} as ${caller.name}: ${status === 401 || status === 403 ? status : 'allowed'}`);
      }
    }
    expect(actual).toEqual(expected);
  });
});
