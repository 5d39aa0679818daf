import 'server-only';
import { randomUUID } from 'node:crypto';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { getLogger } from './logger';
import { getMetrics, methodLabel, routeLabel } from './metrics';

/**
 * Every HTTP request the Next.js server takes, pages and API alike, seen through Node's
 * `http.server.request.start` diagnostics channel (Next.js owns the server; this is the
 * one place a request is visible before it reaches Next.js). Per request: a request id
 * (the caller's `x-request-id` when it is a sane token, else a new one) set on the
 * request, so handlers and pages can read it, and on the response; one log line and
 * the HTTP metrics when it ends. It also counts requests in flight and remembers the
 * server, for the graceful shutdown.
 */
export interface HttpTap {
  inFlight(): number;
  servers(): Server[];
  /** From now on every response asks its client to close the connection. */
  drain(): void;
  /** Resolves when no request is in flight. */
  idle(): Promise<void>;
}

interface StartMessage {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

export const REQUEST_ID_HEADER = 'x-request-id';
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;
// Probes and scrapes come every few seconds from machines; their lines only at debug.
const QUIET = new Set([
  '/api/health',
  '/api/health/live',
  '/api/health/ready',
  '/api/metrics',
  '/_next/static',
  '/public',
]);

const holder = globalThis as typeof globalThis & { __ensDashboardHttpTap?: HttpTap };

export function installHttpTap(): HttpTap {
  if (holder.__ensDashboardHttpTap) return holder.__ensDashboardHttpTap;
  const servers = new Set<Server>();
  let inFlight = 0;
  let draining = false;
  const active = new Set<ServerResponse>();
  let waiters: (() => void)[] = [];
  const metrics = getMetrics();
  const log = getLogger();

  diagnosticsChannel.subscribe('http.server.request.start', (message) => {
    const { request, response, server } = message as StartMessage;
    servers.add(server);
    const given = request.headers[REQUEST_ID_HEADER];
    const requestId = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    if (draining) response.setHeader('connection', 'close');
    const started = performance.now();
    const method = methodLabel(request.method);
    const route = routeLabel(request.url);
    inFlight++;
    active.add(response);
    metrics.httpInFlight.inc();
    response.once('close', () => {
      inFlight--;
      active.delete(response);
      metrics.httpInFlight.dec();
      const seconds = (performance.now() - started) / 1000;
      const status = response.writableFinished ? response.statusCode : 499;
      metrics.httpRequests.inc({ route, method, status: String(status) });
      metrics.httpDuration.observe({ route, method }, seconds);
      const line = {
        msg: 'request',
        requestId,
        method,
        route,
        path: (request.url ?? '').split('?')[0],
        status,
        durationMs: Math.round(seconds * 1000),
      };
      if (QUIET.has(route) && status < 500) log.debug(line);
      else if (status >= 500) log.error(line);
      else log.info(line);
      if (inFlight === 0) {
        const resolve = waiters;
        waiters = [];
        for (const r of resolve) r();
      }
    });
  });

  const tap: HttpTap = {
    inFlight: () => inFlight,
    servers: () => [...servers],
    drain() {
      draining = true;
      // Requests already being served close their connection once answered.
      for (const response of active) if (!response.headersSent) response.setHeader('connection', 'close');
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
  holder.__ensDashboardHttpTap = tap;
  return tap;
}

/** Requests being answered now, as the tap counts them; 0 before it is installed. */
export function requestsInFlight(): number {
  return holder.__ensDashboardHttpTap?.inFlight() ?? 0;
}

/** The request id the tap gave this request (route handlers and pages read it from the headers). */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get(REQUEST_ID_HEADER) ?? undefined;
}
