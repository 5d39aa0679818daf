import 'server-only';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, served at /api/metrics. Labels are bounded sets
 * (ENS action names, outcome words, route patterns, status codes): never a file name,
 * an instance id or a raw URL, so the series count cannot grow with the fleet.
 */
export type EnsOutcome =
  'ok' | 'throttled' | 'server_error' | 'timeout' | 'signature_error' | 'client_error' | 'network_error';

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  return {
    registry,
    ensCalls: new Counter({
      name: 'ens_dashboard_ens_calls_total',
      help: 'ENS call attempts by action and outcome',
      labelNames: ['action', 'outcome'] as const,
      registers: [registry],
    }),
    ensLatency: new Histogram({
      name: 'ens_dashboard_ens_call_duration_seconds',
      help: 'Latency of one ENS call attempt',
      labelNames: ['action', 'outcome'] as const,
      buckets: seconds,
      registers: [registry],
    }),
    sweepDuration: new Histogram({
      name: 'ens_dashboard_watcher_sweep_duration_seconds',
      help: 'Duration of one watcher sweep over the watched versions',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    sweepRows: new Counter({
      name: 'ens_dashboard_watcher_rows_read_total',
      help: 'Instance rows the watcher read from ENS',
      registers: [registry],
    }),
    sweepSkipped: new Counter({
      name: 'ens_dashboard_watcher_versions_skipped_total',
      help: 'Watched versions left for a later sweep (large versions are swept every few intervals)',
      registers: [registry],
    }),
    sweepLagging: new Gauge({
      name: 'ens_dashboard_watcher_lagging_versions',
      help: 'Versions due in the last sweep that could not be read',
      registers: [registry],
    }),
    watchedVersions: new Gauge({
      name: 'ens_dashboard_watcher_versions',
      help: 'Versions being watched',
      registers: [registry],
    }),
    rollouts: new Gauge({
      name: 'ens_dashboard_rollouts',
      help: 'Staged rollouts not finished, by state (halted, awaiting approval and rollback-failed need a person)',
      labelNames: ['state'] as const,
      registers: [registry],
    }),
    leader: new Gauge({
      name: 'ens_dashboard_leader',
      help: '1 when this replica holds the leadership (runs the watcher)',
      registers: [registry],
    }),
    writes: new Counter({
      name: 'ens_dashboard_writes_total',
      help: 'Pushes and distributions by kind and outcome (sent, failed, replayed)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'ens_dashboard_http_requests_total',
      help: 'HTTP requests by route pattern, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'ens_dashboard_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and method',
      labelNames: ['route', 'method'] as const,
      buckets: seconds,
      registers: [registry],
    }),
    httpInFlight: new Gauge({
      name: 'ens_dashboard_http_requests_in_flight',
      help: 'HTTP requests being served',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

// On globalThis: Next.js may load this module in more than one bundle, and one registry must count for all.
const holder = globalThis as typeof globalThis & { __ensDashboardMetrics?: Metrics };

export function getMetrics(): Metrics {
  holder.__ensDashboardMetrics ??= create();
  return holder.__ensDashboardMetrics;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A bounded method label. */
export function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : 'OTHER';
}

// Longest first; an application id is the only variable segment of any route.
const ROUTES: [RegExp, string][] = [
  [
    /^\/api\/apps\/[^/]+\/distribution\/(detail|history|instances|instances\.csv)$/,
    '/api/apps/[appId]/distribution/$1',
  ],
  [/^\/api\/apps\/[^/]+\/(distribution|distributions|push-status|pushes|regions)$/, '/api/apps/[appId]/$1'],
  [/^\/api\/apps$/, '/api/apps'],
  [/^\/api\/health(\/live|\/ready)?$/, '/api/health$1'],
  [/^\/api\/metrics$/, '/api/metrics'],
  [/^\/apps\/[^/]+\/(history|push|versions)$/, '/apps/[appId]/$1'],
  [/^\/apps\/[^/]+$/, '/apps/[appId]'],
  [/^\/apps$/, '/apps'],
  [/^\/$/, '/'],
  [/^\/_next\/static\//, '/_next/static'],
  [/^\/_next\/image$/, '/_next/image'],
];

/** The route pattern of a request path: a bounded label, whatever the path holds. */
export function routeLabel(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
  for (const [pattern, label] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return label.replace('$1', match[1] ?? '');
  }
  if (path.startsWith('/_next/')) return '/_next/other';
  if (/^\/[\w.-]+\.(svg|ico|png|txt|webmanifest)$/.test(path)) return '/public';
  return 'other';
}
