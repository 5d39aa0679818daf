/**
 * The unsigned `/__sim/*` test controls: stats, faults, clock, reset, health.
 * The server only routes loopback clients here.
 */
import { z } from 'zod';
import { SimError } from './errors';
import { NO_FAULTS, faultsSchema, type Faults } from './faults';
import type { NonceCache } from './nonce-cache';
import type { SimStats } from './stats';
import type { SimStore } from './types';

export const CONTROL_PREFIX = '/__sim/';

/** The mutable state the HTTP front keeps around the store. */
export interface SimRuntime {
  store: SimStore;
  stats: SimStats;
  nonces: NonceCache;
  faults: Faults;
}

export interface ControlRequest {
  method: string;
  pathname: string;
  /** The raw body text; empty when none was sent. */
  body: string;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

// Ten years covers any test's need to fast-forward and keeps Date arithmetic finite.
const clockSchema = z.strictObject({
  advanceSeconds: z
    .number()
    .finite()
    .min(0)
    .max(10 * 365 * 24 * 3600),
});

// Forces the next pushes to some nodes to fail, so a test can fail one region's pre-push on purpose.
const pushFailuresSchema = z.strictObject({
  regionIds: z.array(z.string().min(1).max(128)).max(1_000),
  reason: z.string().min(1).max(256).default('file server disk quota exceeded'),
});

type Route = (runtime: SimRuntime, body: string) => unknown;

const routes: Record<string, Route> = {
  'GET health': () => ({ ok: true }),
  'GET stats': (rt) => rt.stats.snapshot(),
  'GET records': (rt) => ({ records: rt.stats.writes() }),
  'GET faults': (rt) => rt.faults,
  'POST faults': (rt, body) => {
    rt.faults = parse(faultsSchema, body);
    return rt.faults;
  },
  'POST clock': (rt, body) => {
    rt.store.advance(parse(clockSchema, body).advanceSeconds);
    return nowBody(rt.store);
  },
  'POST push-failures': (rt, body) => {
    const { regionIds, reason } = parse(pushFailuresSchema, body);
    rt.store.forcePushFailures(new Map(regionIds.map((id) => [id, reason])));
    return { regionIds, reason };
  },
  'POST reset': (rt) => {
    rt.store.reset();
    rt.faults = NO_FAULTS;
    rt.stats.reset();
    rt.nonces.clear();
    return { ok: true, ...nowBody(rt.store) };
  },
};

/** Throws SimError for an unknown control (404) or bad input (400). */
export function handleControl(runtime: SimRuntime, req: ControlRequest): ControlResponse {
  const name = req.pathname.slice(CONTROL_PREFIX.length);
  const route = routes[`${req.method} ${name}`];
  if (!route) {
    throw new SimError(
      'InvalidApi.NotFound',
      `No test control ${req.method} ${req.pathname}. Try GET /__sim/stats, GET /__sim/records, GET|POST /__sim/faults, POST /__sim/clock, POST /__sim/push-failures, POST /__sim/reset.`,
      404,
    );
  }
  return { status: 200, body: route(runtime, req.body) };
}

function parse<T>(schema: z.ZodType<T>, body: string): T {
  let json: unknown;
  try {
    json = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new SimError('InvalidParameter', 'The body must be JSON.', 400);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new SimError('InvalidParameter', z.prettifyError(result.error), 400);
  }
  return result.data;
}

function nowBody(store: SimStore): { now: string; nowMs: number } {
  const nowMs = store.now();
  return { now: new Date(nowMs).toISOString(), nowMs };
}

/** Loopback in any of the forms Node reports it, including IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}
