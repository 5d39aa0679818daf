import 'server-only';
import OpenApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import { RuntimeOptions } from '@alicloud/tea-util';
import Credential from '@alicloud/credentials';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { getEmbeddedConnection, type EnsConnection } from './connection';
import {
  distDataListSchema,
  pushDataListSchema,
  toDataJson,
  toDistDataJson,
  type DistDataItemInput,
  type PushDataItem,
} from './data-files';
import { CircuitBreaker, isEnsFailing, type CircuitOptions, type CircuitState } from './circuit';
import { EnsError, invalidResponse, isEnsError, toEnsError } from './errors';
import { formatPath, toInputIssues } from './issues';
import { noteEnsDate } from './clock';
import { pageFingerprint } from './page-fingerprint';
import { classifyEnsError, notifyEnsCall } from './observer';
import {
  cleanDistDataResponse,
  describeApplicationResponse,
  describeDataDistResultResponse,
  describeDataPushResultResponse,
  describeEnsRegionsResponse,
  distApplicationDataResponse,
  listApplicationsResponse,
  pushApplicationDataResponse,
  type CleanDistDataResult,
  type DescribeApplicationResult,
  type DescribeDataDistResultResult,
  type DescribeDataPushResultResult,
  type DescribeEnsRegionsResult,
  type DistApplicationDataResult,
  type ListApplicationsResult,
  type PushApplicationDataResult,
} from './schemas';
import { regionIdSchema, toDistStrategyJson, toPushStrategyJson } from './strategy';
import { appIdSchema } from './ids';

/*
 * The typed ENS client: one signed transport over @alicloud/openapi-client (ACS3-HMAC-SHA256,
 * RPC style, every parameter in the query as the official SDK sends it, docs/ens.md §3.8)
 * and one function per ENS action that validates its input and parses the answer.
 *
 * Retries: reads retry retryable errors with full-jitter exponential backoff inside an
 * overall deadline, each attempt bounded by its own timeout. Writes (Push/Dist) are never
 * retried: once the request may have reached ENS, a second send could act twice, and
 * telling "refused before sending" apart from "lost after sending" is not worth the risk.
 */

const API_VERSION = '2017-11-10';

export interface EnsClientOptions {
  /** Per-attempt timeout of reads (default ENS_READ_TIMEOUT_MS). */
  readTimeoutMs?: number;
  /** Overall deadline of a read, retries included (default ENS_READ_DEADLINE_MS). */
  readDeadlineMs?: number;
  /** Timeout of a write's single attempt (default: twice the read timeout). */
  writeTimeoutMs?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  /** The circuit breaker around every call; `false` turns it off. */
  circuit?: CircuitOptions | false;
}

/** Upstream calls made by one client, by action: cheap to keep, handy in tests and /health. */
export interface EnsClientStats {
  attempts: Record<string, number>;
  retries: number;
  failures: number;
}

type Kind = 'read' | 'write';
type QueryValue = string | number | boolean | undefined;

/**
 * Turns an answer's bytes into its body, in place of the SDK's JSON parse (a SyntaxError
 * counts as the SDK's would: an answer that is not JSON).
 */
type Decode = (bytes: Buffer) => unknown;

interface Transport {
  call(action: string, kind: Kind, query: Record<string, QueryValue>, decode?: Decode): Promise<unknown>;
}

/**
 * A page of DescribeDataDistResult, with the fingerprint of ENS's bytes (page-fingerprint.ts)
 * when the client saw them, and `recalled` when it is the caller's held answer (RecallPage).
 */
export type DistResultPage = DescribeDataDistResultResult & { fingerprint?: string; recalled?: true };

/**
 * What the caller already holds, by fingerprint: a page answered byte for byte as
 * before (RequestId aside) is not parsed again, and the held answer, parsed and checked
 * then, stands for it with the new RequestId.
 */
export type RecallPage = (fingerprint: string) => DescribeDataDistResultResult | undefined;

// ---- inputs ----

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
const appId = appIdSchema;
// These travel comma-separated, so a comma inside one value cannot be expressed.
const csvItem = z
  .string()
  .min(1, 'must not be empty')
  .refine((v) => !v.includes(','), 'must not contain a comma');
const page = {
  pageNumber: z.number().int('pageNumber must be a whole number').min(1, 'pageNumber starts at 1').optional(),
  pageSize: z
    .number()
    .int('pageSize must be a whole number')
    .min(1, 'pageSize must be 1 to 10000')
    .max(10_000, 'pageSize must be 1 to 10000')
    .optional(),
};

const pushInput = z.object({ appId, data: pushDataListSchema, regionIds: z.array(regionIdSchema).min(1).optional() });
export type PushApplicationDataInput = { appId: string; data: PushDataItem[]; regionIds?: string[] };

const distInput = z.object({ appId, data: distDataListSchema, regionIds: z.array(regionIdSchema).min(1).optional() });
export type DistApplicationDataInput = { appId: string; data: DistDataItemInput[]; regionIds?: string[] };

const cleanInput = z.object({
  appId,
  name: csvItem,
  version: csvItem,
  // Required here although ENS marks it optional: without it the file leaves every region.
  regionId: regionIdSchema,
});
export type CleanDistDataInput = z.input<typeof cleanInput>;

const distFilter = z.object({
  appId,
  dataNames: z.array(csvItem).optional(),
  dataVersions: z.array(csvItem).optional(),
  instanceIds: z.array(csvItem).optional(),
  ensRegionIds: z.array(regionIdSchema).optional(),
  minDate: date.optional(),
  maxDate: date.optional(),
  ...page,
});
export type DescribeDataDistResultInput = z.input<typeof distFilter>;

const pushFilter = z.object({
  appId,
  dataNames: z.array(csvItem).optional(),
  dataVersions: z.array(csvItem).optional(),
  regionIds: z.array(regionIdSchema).optional(),
  minDate: date.optional(),
  maxDate: date.optional(),
  ...page,
});
export type DescribeDataPushResultInput = z.input<typeof pushFilter>;

const STAT_FLAGS = ['appInfo', 'detailStat', 'appVersionStat', 'districtStat', 'instanceStat', 'podCountStat'] as const;
const statFlags = z.partialRecord(z.enum(STAT_FLAGS), z.boolean());
const level = z.enum(['National', 'Big', 'Middle', 'Small', 'RegionId']);

const listAppsInput = z.object({
  clusterNames: z.array(csvItem).optional(),
  appVersions: z.array(csvItem).optional(),
  level: level.optional(),
  outAppInfoParams: statFlags.optional(),
  ...page,
});
export type ListApplicationsInput = z.input<typeof listAppsInput>;

const describeAppInput = z.object({
  appId,
  appVersions: z.array(csvItem).optional(),
  level: level.optional(),
  outDetailStatParams: statFlags.optional(),
});
export type DescribeApplicationInput = z.input<typeof describeAppInput>;

const regionsInput = z.object({ ensRegionId: regionIdSchema.optional() });
export type DescribeEnsRegionsInput = z.input<typeof regionsInput>;

/** A caller bug, caught before anything is sent; route handlers validate earlier with the same schemas. */
function parseInput<T extends z.ZodType>(schema: T, input: unknown, action: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = toInputIssues(parsed.error);
  const detail = issues.map((i) => `${formatPath(i.path) || 'input'}: ${i.message}`).join('; ');
  throw new EnsError({
    code: 'InvalidInput',
    message: `Invalid ${action} input: ${detail}`,
    httpStatus: 0,
    retryable: false,
    action,
  });
}

function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, action: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const requestId =
    typeof body === 'object' && body !== null && 'RequestId' in body ? String(body.RequestId) : undefined;
  throw invalidResponse(
    action,
    first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'unreadable',
    requestId,
  );
}

const csv = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join(',') : undefined);

// ---- operations: one per ENS action ----

/** Pre-pushes files to the file servers of the chosen regions (all of them when `regionIds` is absent). */
async function pushApplicationData(t: Transport, input: PushApplicationDataInput): Promise<PushApplicationDataResult> {
  const action = 'PushApplicationData';
  const { appId, data, regionIds } = parseInput(pushInput, input, action);
  const body = await t.call(action, 'write', {
    AppId: appId,
    Data: toDataJson(data),
    PushStrategy: regionIds
      ? toPushStrategyJson([{ name: 'ScheduleToRegionId', operator: 'In', values: regionIds }], regionIds)
      : undefined,
  });
  return parseAnswer(pushApplicationDataResponse, body, action);
}

/** Distributes pushed files to the instances of the chosen regions (all when `regionIds` is absent). */
async function distApplicationData(t: Transport, input: DistApplicationDataInput): Promise<DistApplicationDataResult> {
  const action = 'DistApplicationData';
  const { appId, data, regionIds } = parseInput(distInput, input, action);
  const body = await t.call(action, 'write', {
    AppId: appId,
    Data: toDistDataJson(data),
    DistStrategy: regionIds ? toDistStrategyJson(regionIds) : undefined,
  });
  return parseAnswer(distApplicationDataResponse, body, action);
}

/**
 * Removes one distributed file version from the application's instances in one region
 * (docs/ens.md §1.5); the instances then report DELETED. ENS answers only a RequestId.
 */
async function cleanDistData(t: Transport, input: CleanDistDataInput): Promise<CleanDistDataResult> {
  const action = 'CleanDistData';
  const { appId, name, version, regionId } = parseInput(cleanInput, input, action);
  const body = await t.call(action, 'write', {
    AppId: appId,
    DataName: name,
    DataVersion: version,
    EnsRegionId: regionId,
  });
  return parseAnswer(cleanDistDataResponse, body, action);
}

/**
 * Per-instance distribution status; omit paging to get everything in one answer. A page
 * `recall` still holds (same bytes as before, RequestId aside) is not parsed again.
 */
async function describeDataDistResult(
  t: Transport,
  input: DescribeDataDistResultInput,
  recall?: RecallPage,
): Promise<DistResultPage> {
  const action = 'DescribeDataDistResult';
  const f = parseInput(distFilter, input, action);
  // Set by the attempt that answered (a retry overwrites a failed attempt's).
  let fingerprint: string | undefined;
  let held: DescribeDataDistResultResult | undefined;
  const decode: Decode = (bytes) => {
    const page = pageFingerprint(bytes);
    fingerprint = page.fingerprint;
    held = recall?.(page.fingerprint);
    return held ? { RequestId: page.requestId ?? '' } : JSON.parse(bytes.toString('utf8'));
  };
  const body = await t.call(
    action,
    'read',
    {
      AppId: f.appId,
      DataNames: csv(f.dataNames),
      DataVersions: csv(f.dataVersions),
      InstanceIds: csv(f.instanceIds),
      // Declared string[] but "shrunk" by the SDK into one key holding JSON text (docs/ens.md §0).
      EnsRegionIds: f.ensRegionIds && f.ensRegionIds.length > 0 ? JSON.stringify(f.ensRegionIds) : undefined,
      MinDate: f.minDate,
      MaxDate: f.maxDate,
      PageNumber: f.pageNumber,
      PageSize: f.pageSize,
    },
    decode,
  );
  if (held) {
    const requestId = typeof body === 'object' && body !== null && 'RequestId' in body ? String(body.RequestId) : '';
    return { ...held, requestId, fingerprint, recalled: true };
  }
  return { ...parseAnswer(describeDataDistResultResponse, body, action), fingerprint };
}

/** Per-region pre-push status. */
async function describeDataPushResult(
  t: Transport,
  input: DescribeDataPushResultInput,
): Promise<DescribeDataPushResultResult> {
  const action = 'DescribeDataPushResult';
  const f = parseInput(pushFilter, input, action);
  const body = await t.call(action, 'read', {
    AppId: f.appId,
    DataNames: csv(f.dataNames),
    DataVersions: csv(f.dataVersions),
    // Unlike DescribeDataDistResult's EnsRegionIds, this one is comma-separated (docs/ens.md §1.2).
    RegionIds: csv(f.regionIds),
    MinDate: f.minDate,
    MaxDate: f.maxDate,
    PageNumber: f.pageNumber,
    PageSize: f.pageSize,
  });
  return parseAnswer(describeDataPushResultResponse, body, action);
}

/**
 * The applications, every cluster. By default asks for the app document only: the
 * per-instance statistics ENS includes otherwise can be megabytes for a large fleet.
 */
async function listApplications(t: Transport, input: ListApplicationsInput = {}): Promise<ListApplicationsResult> {
  const action = 'ListApplications';
  const f = parseInput(listAppsInput, input, action);
  const flags = f.outAppInfoParams ?? {
    appInfo: true,
    detailStat: false,
    appVersionStat: false,
    districtStat: false,
    instanceStat: false,
    podCountStat: false,
  };
  const body = await t.call(action, 'read', {
    ClusterNames: csv(f.clusterNames) ?? 'All',
    AppVersions: csv(f.appVersions),
    Level: f.level,
    OutAppInfoParams: JSON.stringify(flags),
    PageNumber: f.pageNumber,
    PageSize: f.pageSize,
  });
  return parseAnswer(listApplicationsResponse, body, action);
}

/** One application with its inventory (instance → region), the only place ENS ties the two. */
async function describeApplication(t: Transport, input: DescribeApplicationInput): Promise<DescribeApplicationResult> {
  const action = 'DescribeApplication';
  const f = parseInput(describeAppInput, input, action);
  // Pod statistics are the bulk of the document and nothing here uses them.
  const flags = f.outDetailStatParams ?? {
    appInfo: false,
    detailStat: true,
    appVersionStat: true,
    districtStat: true,
    instanceStat: true,
    podCountStat: false,
  };
  const body = await t.call(action, 'read', {
    AppId: f.appId,
    AppVersions: csv(f.appVersions),
    Level: f.level,
    OutDetailStatParams: JSON.stringify(flags),
  });
  return parseAnswer(describeApplicationResponse, body, action);
}

/** ENS nodes (regions) with their display names. */
async function describeEnsRegions(
  t: Transport,
  input: DescribeEnsRegionsInput = {},
): Promise<DescribeEnsRegionsResult> {
  const action = 'DescribeEnsRegions';
  const f = parseInput(regionsInput, input, action);
  const body = await t.call(action, 'read', { EnsRegionId: f.ensRegionId });
  return parseAnswer(describeEnsRegionsResponse, body, action);
}

// ---- the client ----

export interface EnsClient {
  /** `host[:port]` the client talks to; never the credentials. */
  readonly endpoint: string;
  pushApplicationData(input: PushApplicationDataInput): Promise<PushApplicationDataResult>;
  distApplicationData(input: DistApplicationDataInput): Promise<DistApplicationDataResult>;
  cleanDistData(input: CleanDistDataInput): Promise<CleanDistDataResult>;
  describeDataDistResult(input: DescribeDataDistResultInput, recall?: RecallPage): Promise<DistResultPage>;
  describeDataPushResult(input: DescribeDataPushResultInput): Promise<DescribeDataPushResultResult>;
  listApplications(input?: ListApplicationsInput): Promise<ListApplicationsResult>;
  describeApplication(input: DescribeApplicationInput): Promise<DescribeApplicationResult>;
  describeEnsRegions(input?: DescribeEnsRegionsInput): Promise<DescribeEnsRegionsResult>;
  stats(): EnsClientStats;
  /** The circuit breaker's state: open means calls fail at once with CircuitOpen. */
  circuit(): { state: CircuitState; suspect: boolean };
}

export function createEnsClient(conn: EnsConnection, options: EnsClientOptions = {}): EnsClient {
  const t = createTransport(conn, options);
  return {
    endpoint: conn.endpoint,
    pushApplicationData: (input) => pushApplicationData(t, input),
    distApplicationData: (input) => distApplicationData(t, input),
    cleanDistData: (input) => cleanDistData(t, input),
    describeDataDistResult: (input, recall) => describeDataDistResult(t, input, recall),
    describeDataPushResult: (input) => describeDataPushResult(t, input),
    listApplications: (input) => listApplications(t, input),
    describeApplication: (input) => describeApplication(t, input),
    describeEnsRegions: (input) => describeEnsRegions(t, input),
    stats: () => t.stats(),
    circuit: () => t.circuit(),
  };
}

/** A header of the SDK's answer (`{ headers, statusCode, body }`), when there is one. */
function headerOf(response: unknown, name: string): string | undefined {
  if (typeof response !== 'object' || response === null || !('headers' in response)) return undefined;
  const headers = response.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value: unknown = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function createTransport(
  conn: EnsConnection,
  options: EnsClientOptions,
): Transport & { stats(): EnsClientStats; circuit(): { state: CircuitState; suspect: boolean } } {
  const readTimeoutMs = options.readTimeoutMs ?? 10_000;
  const readDeadlineMs = options.readDeadlineMs ?? 20_000;
  const writeTimeoutMs = options.writeTimeoutMs ?? readTimeoutMs * 2;
  const baseMs = options.retryBaseMs ?? 200;
  const capMs = options.retryCapMs ?? 2_000;
  const secrets = 'accessKeySecret' in conn ? [conn.accessKeySecret] : [];
  const sdk = new OpenApi(
    new Config({
      endpoint: conn.endpoint,
      protocol: conn.protocol,
      ...('accessKeySecret' in conn
        ? { accessKeyId: conn.accessKeyId, accessKeySecret: conn.accessKeySecret }
        : { credential: new Credential() }),
    }),
  );
  const counters: EnsClientStats = { attempts: {}, retries: 0, failures: 0 };
  const breaker = options.circuit === false ? undefined : new CircuitBreaker(options.circuit);

  async function attempt(
    action: string,
    kind: Kind,
    query: Record<string, QueryValue>,
    timeoutMs: number,
    decode: Decode | undefined,
  ): Promise<unknown> {
    const settle = await breaker?.admitAfterProbe(action);
    try {
      const body = await send(action, kind, query, timeoutMs, decode);
      settle?.('success');
      return body;
    } catch (err) {
      settle?.(isEnsError(err) && isEnsFailing(err) ? 'failure' : 'neutral');
      throw err;
    }
  }

  async function send(
    action: string,
    kind: Kind,
    query: Record<string, QueryValue>,
    timeoutMs: number,
    decode: Decode | undefined,
  ): Promise<unknown> {
    counters.attempts[action] = (counters.attempts[action] ?? 0) + 1;
    const params = new Params({
      action,
      version: API_VERSION,
      protocol: conn.protocol,
      method: 'POST',
      pathname: '/',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      // Bytes when the caller decodes them itself, JSON parsed by the SDK otherwise.
      bodyType: decode ? 'byte' : 'json',
    });
    const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    const request = new OpenApiRequest({ query: OpenApiUtil.query(defined) });
    // The SDK's own retry stays off: this module owns retries and their deadline.
    const runtime = new RuntimeOptions({
      autoretry: false,
      maxAttempts: 1,
      readTimeout: timeoutMs,
      connectTimeout: Math.min(timeoutMs, 5_000),
    });
    const started = performance.now();
    const sentAt = Date.now();
    try {
      const response: unknown = await sdk.callApi(params, request, runtime);
      const raw = typeof response === 'object' && response !== null && 'body' in response ? response.body : undefined;
      const body = decode && Buffer.isBuffer(raw) ? decode(raw) : raw;
      noteEnsDate(headerOf(response, 'date'), Date.now(), sentAt);
      const requestId =
        typeof body === 'object' && body !== null && 'RequestId' in body ? String(body.RequestId) : undefined;
      notifyEnsCall({ action, kind, outcome: 'ok', durationMs: performance.now() - started, requestId });
      return body;
    } catch (err) {
      const error = toEnsError(err, { action, write: kind === 'write', secrets });
      notifyEnsCall({
        action,
        kind,
        outcome: classifyEnsError(error),
        durationMs: performance.now() - started,
        requestId: error.requestId,
        code: error.code,
        httpStatus: error.httpStatus,
      });
      throw error;
    }
  }

  async function call(
    action: string,
    kind: Kind,
    query: Record<string, QueryValue>,
    decode?: Decode,
  ): Promise<unknown> {
    if (kind === 'write') {
      try {
        return await attempt(action, kind, query, writeTimeoutMs, decode);
      } catch (err) {
        counters.failures += 1;
        throw err;
      }
    }
    const deadline = Date.now() + readDeadlineMs;
    let last: EnsError | undefined;
    for (let n = 0; ; n++) {
      const remaining = deadline - Date.now();
      try {
        return await attempt(action, kind, query, Math.max(1, Math.min(readTimeoutMs, remaining)), decode);
      } catch (err) {
        const e = toEnsError(err, { action, secrets });
        if (e.code === 'CircuitOpen') {
          // The circuit opened during this call's retries: its own last failure says more.
          counters.failures += 1;
          throw last ?? e;
        }
        last = e;
        // Full jitter: many dashboards retrying a throttled account must not retry in step.
        const backoff = Math.random() * Math.min(capMs, baseMs * 2 ** n);
        if (!e.retryable || Date.now() + backoff + 50 >= deadline) {
          counters.failures += 1;
          throw e;
        }
        counters.retries += 1;
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
  }

  return {
    call,
    stats: () => ({ attempts: { ...counters.attempts }, retries: counters.retries, failures: counters.failures }),
    circuit: () => ({ state: breaker?.state ?? 'closed', suspect: breaker?.suspect ?? false }),
  };
}

// ---- the process-wide client ----

const holder = globalThis as typeof globalThis & { __ensClient?: { key: string; client: EnsClient } };

/**
 * The client for this process's configuration: the embedded simulator in simulator mode
 * (published by the start-up code), ENS_ENDPOINT otherwise with the configured AccessKey
 * or the default credential chain. Rebuilt only when the connection changes.
 */
export function getEnsClient(): EnsClient {
  const config = getConfig();
  const conn = connectionFromConfig(config);
  const key = JSON.stringify([
    conn.endpoint,
    conn.protocol,
    'accessKeyId' in conn ? conn.accessKeyId : 'default-chain',
  ]);
  if (holder.__ensClient?.key !== key) {
    holder.__ensClient = {
      key,
      client: createEnsClient(conn, {
        readTimeoutMs: config.ENS_READ_TIMEOUT_MS,
        readDeadlineMs: config.ENS_READ_DEADLINE_MS,
      }),
    };
  }
  return holder.__ensClient.client;
}

function connectionFromConfig(config: ReturnType<typeof getConfig>): EnsConnection {
  if (config.mode === 'simulator') {
    const embedded = getEmbeddedConnection();
    if (!embedded) {
      throw new EnsError({
        code: 'NotReady',
        message: 'The embedded ENS simulator has not started yet',
        httpStatus: 0,
        retryable: true,
      });
    }
    return embedded;
  }
  const {
    ENS_ENDPOINT: endpoint,
    ENS_PROTOCOL: protocol,
    ALIBABA_CLOUD_ACCESS_KEY_ID: id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
  } = config;
  return id && secret
    ? { endpoint, protocol, accessKeyId: id, accessKeySecret: secret }
    : { endpoint, protocol, credential: 'default-chain' };
}
