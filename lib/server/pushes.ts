import 'server-only';
import { pushFailedNotifications } from '@/lib/server/notifications/push-events';
import { z } from 'zod';
import {
  idempotencyKeySchema,
  internalFileUrlIssues,
  pushBodySchema,
  distributionBodySchema,
  cleanBodySchema,
} from '@/lib/contracts/push-bodies';
import { getConfig } from '@/lib/config';
import { type NewPush, type Push, type PushListQuery } from '@/lib/db';
import { decodeCursor } from '@/lib/db/cursor';
import { isInvalidCursorError } from '@/lib/db/errors';
import { getDb } from '@/lib/db/server';
import { getEnsClient } from '@/lib/ens/client';
import { EnsError, isEnsError } from '@/lib/ens/errors';
import { listAppRegions } from '@/lib/ens/inventory';
import { toInputIssues, type InputIssue } from '@/lib/ens/issues';
import { resolveRegions, validateStrategy, type StrategyPolicy } from '@/lib/ens/strategy';
import { badRequest, HttpError } from '@/lib/server/http';
import { getMetrics } from '@/lib/server/observability/metrics';
import { pushPolicyIssues } from '@/lib/server/push-policy';
import { refuseWhileRolloutDrives } from '@/lib/server/rollouts/guard';

// Anything pushed is watched for a day: that is how long people come back to a rollout.
const PUSHED_WATCH_MS = 24 * 60 * 60_000;

interface Submission<T> {
  body: T;
  strategy: StrategyPolicy[] | null;
  regionIds: string[];
  idempotencyKey: string;
}

/**
 * Validates a push or distribution body completely before anything is written or
 * sent: the body's shape, the idempotency key (body or header), and the strategy
 * against the application's regions. Every problem is reported at once.
 */
async function validateSubmission<S extends z.ZodType>(
  appId: string,
  raw: unknown,
  headerKey: string | null,
  schema: S,
): Promise<Submission<z.output<S>>> {
  const issues: InputIssue[] = [];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) issues.push(...toInputIssues(parsed.error));
  else {
    issues.push(...pushPolicyIssues(parsed.data as Parameters<typeof pushPolicyIssues>[0]));
    if (!getConfig().ALLOW_INTERNAL_FILE_URLS) {
      // Only pushes carry URLs; a distribution's files have none.
      const files = (parsed.data as { data: { url?: unknown }[] }).data;
      issues.push(
        ...internalFileUrlIssues(files.flatMap((f) => (typeof f.url === 'string' ? [{ url: f.url }] : [{ url: '' }]))),
      );
    }
  }

  const bodyKey =
    typeof raw === 'object' && raw !== null ? (raw as { idempotencyKey?: unknown }).idempotencyKey : undefined;
  const idempotencyKey = resolveIdempotencyKey(bodyKey, headerKey, issues);

  const rawStrategy = typeof raw === 'object' && raw !== null ? (raw as { strategy?: unknown }).strategy : undefined;
  let regionIds: string[] = [];
  let strategy: StrategyPolicy[] | null = null;
  if (rawStrategy !== undefined) {
    // Reading the regions also answers 404 for an unknown application.
    const known = (await listAppRegions(getEnsClient(), appId)).map((r) => r.regionId);
    const strategyIssues = validateStrategy(rawStrategy, known);
    issues.push(...strategyIssues);
    if (strategyIssues.length === 0) {
      strategy = rawStrategy as StrategyPolicy[] | null;
      regionIds = resolveRegions(strategy, known);
    }
  }
  if (issues.length > 0 || !parsed.success || idempotencyKey === undefined) throw badRequest(issues);
  return { body: parsed.data, strategy, regionIds, idempotencyKey };
}

export function resolveIdempotencyKey(
  bodyKey: unknown,
  headerKey: string | null,
  issues: InputIssue[],
): string | undefined {
  if (bodyKey === undefined && headerKey === null) {
    issues.push({
      path: ['idempotencyKey'],
      message: 'idempotencyKey is required, in the body or as an Idempotency-Key header',
    });
    return undefined;
  }
  if (bodyKey !== undefined && headerKey !== null && bodyKey !== headerKey) {
    issues.push({ path: ['idempotencyKey'], message: 'idempotencyKey and the Idempotency-Key header differ' });
    return undefined;
  }
  const parsed = idempotencyKeySchema.safeParse(bodyKey ?? headerKey);
  if (!parsed.success) {
    if (bodyKey === undefined) issues.push(...toInputIssues(parsed.error, ['Idempotency-Key']));
    return undefined;
  }
  return parsed.data;
}

const OUTCOME_UNKNOWN_ADVICE = "Check the version's push status before pushing again with a new key.";

/** The answer to a repeated submit: the first attempt's outcome, without calling ENS again. */
function replay(push: Push): { requestId: string; results: NonNullable<Push['resultCodes']> } {
  if (push.state === 'sent') return { requestId: push.requestId ?? '', results: push.resultCodes ?? [] };
  if (push.state === 'pending') {
    throw new HttpError(
      409,
      'PushInProgress',
      'This push is already being sent to ENS; its result will appear in the history.',
    );
  }
  if (push.state === 'unknown') {
    throw new HttpError(
      409,
      'PushOutcomeUnknown',
      `This push was interrupted before ENS answered, so it may or may not have reached ENS. ${OUTCOME_UNKNOWN_ADVICE}`,
    );
  }
  const error = push.error;
  throw new EnsError({
    code: error?.code ?? 'PushFailed',
    message: error?.message ?? 'This push failed.',
    httpStatus: error?.httpStatus ?? 0,
    retryable: false,
    ...(error?.requestId ? { requestId: error.requestId } : {}),
  });
}

/** What a submission asked for, independent of key order, to tell a retry from a reused key. */
function fingerprintOf(p: { data: unknown; strategy?: unknown; distribute?: unknown }): string {
  return stableStringify([p.data, p.strategy ?? null, p.distribute ?? null]);
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a failed send means for the key:
 * - 'unknown': no answer arrived (timeout, dropped connection) or the answer was
 *   unreadable, so ENS may have acted. Recorded as unknown, like a crash.
 * - 'transient': ENS (or the way to it) refused before acting or failed on its side:
 *   throttling, 5xx, refused connection, circuit open. The same key may try again;
 *   a second PushApplicationData of the same files is harmless (ENS answers 100/200).
 * - 'definitive': ENS rejected the request (4xx validation, permission): replayed as is.
 */
type Disposition = 'unknown' | 'transient' | 'definitive';

export function dispositionOf(err: unknown): Disposition {
  if (!isEnsError(err)) return 'unknown';
  if (err.code === 'Timeout' || err.code === 'ConnectionReset' || err.code === 'InvalidResponse') return 'unknown';
  if (/^Throttling/.test(err.code) || err.httpStatus >= 500) return 'transient';
  if (
    [
      'ServiceUnavailable',
      'ConnectionRefused',
      'NetworkUnreachable',
      'EndpointNotFound',
      'NotReady',
      'CircuitOpen',
      'SignatureNonceUsed',
    ].includes(err.code)
  )
    return 'transient';
  return 'definitive';
}

interface Attempt {
  at: string;
  code: string;
  message: string;
}

export function recordedError(err: unknown, previous: readonly Attempt[]) {
  const e = isEnsError(err) ? err : undefined;
  const message = e?.message ?? 'The push could not be sent.';
  const code = e?.code ?? 'Unknown';
  return {
    message,
    ...(e ? { code: e.code, httpStatus: e.httpStatus } : {}),
    ...(e?.requestId ? { requestId: e.requestId } : {}),
    retryable: dispositionOf(err) === 'transient',
    // Every attempt under this key, oldest first: a retried push keeps its history.
    attempts: [...previous, { at: new Date().toISOString(), code, message }],
  };
}

export function attemptsOf(push: Push): Attempt[] {
  const list = (push.error as { attempts?: unknown } | null)?.attempts;
  return Array.isArray(list)
    ? list.filter((a): a is Attempt => typeof a === 'object' && a !== null && typeof (a as Attempt).at === 'string')
    : [];
}

export interface PushOutcome {
  pushId: string;
  requestId: string;
  results: { name: string; version: string; resultCode: number; resultDescrip?: string | undefined }[];
  replayed: boolean;
}

type Answer = { requestId: string; results: PushOutcome['results'] };

/**
 * The write-ahead audit around one ENS write: the row is pending before ENS is called,
 * then sent or failed. A key seen before replays the first outcome; ENS is never asked twice.
 */
async function sendAudited<A extends Answer>(
  entry: NewPush,
  send: () => Promise<A>,
  after: (id: string) => Promise<void>,
): Promise<{ id: string; answer: A | Answer; replayed: boolean }> {
  const db = await getDb();
  const kind = entry.kind ?? 'push';
  // A person's write of a version a rollout drives would fight the engine (409 naming it).
  // A key already used replays its first outcome instead, unless that outcome is retried.
  const earlier = await db.pushes.getByIdempotencyKey(entry.appId, entry.idempotencyKey);
  if (!earlier || isRetryable(earlier)) await refuseWhileRolloutDrives(db, entry.appId, entry.data);
  const created = await db.pushes.createPending(entry);
  let push = created.push;
  if (!created.created) {
    if (fingerprintOf(push) !== fingerprintOf(entry)) {
      throw new HttpError(
        422,
        'IdempotencyKeyReused',
        'This idempotency key was already used for a different push; submit again with a new key.',
      );
    }
    // A transient failure lets the same key try again; one concurrent retry wins the row.
    const retryable = isRetryable(push);
    const reopened = retryable ? await db.pushes.reopenForRetry(push) : undefined;
    if (!reopened) {
      const replayed = {
        id: push.id,
        answer: replay(retryable ? ((await db.pushes.get(push.id)) ?? push) : push),
        replayed: true,
      };
      recordWrite(kind, 'replayed');
      return replayed;
    }
    push = reopened;
  }
  const id = push.id;
  let answer: A;
  try {
    answer = await send();
  } catch (err) {
    const recorded = recordedError(err, attemptsOf(push));
    recordWrite(kind, 'failed');
    if (dispositionOf(err) === 'unknown') {
      await db.pushes.markUnknown(id, recorded, (p) =>
        pushFailedNotifications(p, Date.now(), { phase: 'push', error: recorded }),
      );
      const status = isEnsError(err) && err.code === 'ConnectionReset' ? 503 : 504;
      throw new HttpError(
        status,
        'PushOutcomeUnknown',
        `${recorded.message}; the push may or may not have reached ENS. ${OUTCOME_UNKNOWN_ADVICE}`,
      );
    }
    await db.pushes.markFailed(id, recorded, (p) =>
      pushFailedNotifications(p, Date.now(), { phase: 'push', error: recorded }),
    );
    throw err;
  }
  await db.pushes.markSent(id, { requestId: answer.requestId, resultCodes: answer.results });
  recordWrite(kind, 'sent');
  await after(id);
  return { id, answer, replayed: false };
}

function isRetryable(push: Push): boolean {
  return push.state === 'failed' && (push.error as { retryable?: unknown } | null)?.retryable === true;
}

async function watchPushed(appId: string, files: readonly { name: string; version: string }[]): Promise<void> {
  const db = await getDb();
  for (const file of files)
    await db.watchTargets.touch({ appId, name: file.name, version: file.version }, 'pushed', PUSHED_WATCH_MS);
}

/** POST /pushes: PushApplicationData, then (with `distribute`) one distribution per region as its pre-push succeeds. */
export async function createPush(
  appId: string,
  raw: unknown,
  headerKey: string | null,
  actor: string,
): Promise<PushOutcome> {
  const sub = await validateSubmission(appId, raw, headerKey, pushBodySchema);
  const options = sub.body.distribute;
  // Stored as ENS receives it: the octal digits as a JSON number (see toDistDataJson).
  const distribute = options
    ? { ...options, fileMode: options.fileMode === undefined ? undefined : Number(options.fileMode) }
    : null;
  const regionScope = sub.strategy === null ? {} : { regionIds: sub.regionIds };
  const { id, answer, replayed } = await sendAudited(
    {
      appId,
      actor,
      idempotencyKey: sub.idempotencyKey,
      data: sub.body.data,
      strategy: sub.strategy,
      distribute,
      action: sub.body.action ?? null,
    },
    () => getEnsClient().pushApplicationData({ appId, data: sub.body.data, ...regionScope }),
    async (pushId) => {
      await watchPushed(appId, sub.body.data);
      if (!distribute) return;
      const db = await getDb();
      const regionIds =
        sub.strategy === null ? (await listAppRegions(getEnsClient(), appId)).map((r) => r.regionId) : sub.regionIds;
      // One row per target region: the watcher distributes to each as its pre-push succeeds.
      for (const regionId of regionIds) await db.distributions.upsertRegionPushStatus(pushId, regionId, null);
    },
  );
  return { pushId: id, requestId: answer.requestId, results: answer.results, replayed };
}

export interface DistributionOutcome {
  distributionId: string;
  requestId: string;
  results: PushOutcome['results'];
  instanceCount: number;
  replayed: boolean;
}

/** POST /distributions: DistApplicationData on its own, with the same audit and idempotency rules. */
export async function createDistribution(
  appId: string,
  raw: unknown,
  headerKey: string | null,
  actor: string,
): Promise<DistributionOutcome> {
  const sub = await validateSubmission(appId, raw, headerKey, distributionBodySchema);
  const { id, answer, replayed } = await sendAudited(
    {
      appId,
      actor,
      idempotencyKey: sub.idempotencyKey,
      data: sub.body.data,
      strategy: sub.strategy,
      distribute: null,
      kind: 'distribution',
      action: sub.body.action ?? null,
    },
    () =>
      getEnsClient().distApplicationData({
        appId,
        data: sub.body.data,
        ...(sub.strategy === null ? {} : { regionIds: sub.regionIds }),
      }),
    () => watchPushed(appId, sub.body.data),
  );
  // The audit log keeps ENS's per-file answer, not the instance list: a replay cannot recount it.
  const instanceCount =
    'instanceCount' in answer && typeof answer.instanceCount === 'number' ? answer.instanceCount : 0;
  return { distributionId: id, requestId: answer.requestId, results: answer.results, instanceCount, replayed };
}

export interface CleanOutcome {
  cleanId: string;
  /** One RequestId per region, in the order the regions were cleaned. */
  requestIds: string[];
  regionIds: string[];
  replayed: boolean;
}

/**
 * POST /cleans: CleanDistData of one file version, one call per chosen region (ENS takes
 * one region per call), with the same audit and idempotency rules as a push. Recorded as
 * a distribution whose action is 'clean', its regions as a ScheduleToRegionId policy.
 */
export async function createClean(
  appId: string,
  raw: unknown,
  headerKey: string | null,
  actor: string,
): Promise<CleanOutcome> {
  const issues: InputIssue[] = [];
  const parsed = cleanBodySchema.safeParse(raw);
  if (!parsed.success) issues.push(...toInputIssues(parsed.error));
  const bodyKey =
    typeof raw === 'object' && raw !== null ? (raw as { idempotencyKey?: unknown }).idempotencyKey : undefined;
  const idempotencyKey = resolveIdempotencyKey(bodyKey, headerKey, issues);
  if (!parsed.success || idempotencyKey === undefined) throw badRequest(issues);
  // Reading the regions also answers 404 for an unknown application.
  const known = new Set((await listAppRegions(getEnsClient(), appId)).map((r) => r.regionId));
  parsed.data.regionIds.forEach((regionId, i) => {
    if (!known.has(regionId))
      issues.push({ path: ['regionIds', i], message: `${regionId} is not a region of this application` });
  });
  if (issues.length > 0) throw badRequest(issues);
  const { name, version, regionIds } = parsed.data;
  const { id, answer, replayed } = await sendAudited(
    {
      appId,
      actor,
      idempotencyKey,
      data: [{ name, version }],
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: regionIds }],
      distribute: null,
      kind: 'distribution',
      action: 'clean',
    },
    async () => {
      const requestIds: string[] = [];
      for (const regionId of regionIds) {
        try {
          requestIds.push((await getEnsClient().cleanDistData({ appId, name, version, regionId })).requestId);
        } catch (err) {
          throw partialCleanError(err, regionId, regionIds.slice(0, requestIds.length));
        }
      }
      return { requestId: requestIds.join(','), results: [] };
    },
    () => watchPushed(appId, [{ name, version }]),
  );
  return {
    cleanId: id,
    requestIds: answer.requestId === '' ? [] : answer.requestId.split(','),
    regionIds,
    replayed,
  };
}

/** A clean that failed part-way says which regions were already cleaned, keeping ENS's code. */
function partialCleanError(err: unknown, failedOn: string, done: readonly string[]): unknown {
  if (!isEnsError(err) || done.length === 0) return err;
  return new EnsError({
    code: err.code,
    message: `${err.message} (on ${failedOn}; already cleaned: ${done.join(', ')})`,
    httpStatus: err.httpStatus,
    retryable: err.retryable,
    ...(err.requestId ? { requestId: err.requestId } : {}),
  });
}

/** Most file versions the outside-pushes read reports: older ones are in ENS's console. */
const MAX_OUTSIDE = 50;

/**
 * Pushes ENS reports for this application's files that no recorded push or
 * push-and-distribute of this dashboard matches (by file name and version): made with
 * the CLI, the console or another tool. ENS failing leaves the history usable: the
 * answer then carries the error and no rows.
 */
export async function listOutsidePushes(
  appId: string,
  filter: { name?: string | undefined; version?: string | undefined },
) {
  let rows;
  try {
    rows = (
      await getEnsClient().describeDataPushResult({
        appId,
        ...(filter.name ? { dataNames: [filter.name] } : {}),
        ...(filter.version ? { dataVersions: [filter.version] } : {}),
      })
    ).rows;
  } catch (err) {
    if (!isEnsError(err)) throw err;
    return { pushes: [], error: { code: err.code, message: err.message } };
  }
  const groups = new Map<
    string,
    {
      name: string;
      version: string;
      startedAt: string;
      regions: { regionId: string; status: string; statusDescrip: string }[];
    }
  >();
  for (const r of rows) {
    if ((filter.name && r.name !== filter.name) || (filter.version && r.version !== filter.version)) continue;
    const key = JSON.stringify([r.name, r.version]);
    const group = groups.get(key) ?? { name: r.name, version: r.version, startedAt: r.startTime, regions: [] };
    if (r.startTime && (!group.startedAt || r.startTime < group.startedAt)) group.startedAt = r.startTime;
    group.regions.push({ regionId: r.regionId, status: r.status, statusDescrip: r.statusDescrip });
    groups.set(key, group);
  }
  const db = await getDb();
  const outside = [];
  const newestFirst = [...groups.values()].sort((a, b) =>
    a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0,
  );
  for (const group of newestFirst) {
    if (outside.length >= MAX_OUTSIDE) break;
    const recorded = await db.pushes.list({ appId, name: group.name, version: group.version, limit: 200 });
    // A distribution alone pushes nothing: only a push (or push-and-distribute) accounts for one.
    if (recorded.pushes.some((p) => p.kind !== 'distribution')) continue;
    group.regions.sort((a, b) => a.regionId.localeCompare(b.regionId));
    outside.push(group);
  }
  return { pushes: outside };
}

type HistoryQuery = { [K in keyof Omit<PushListQuery, 'appId'>]: PushListQuery[K] | undefined } & { limit: number };

/** The audit log, newest first, with each push-and-distribute's phases per region. */
export async function listPushes(appId: string, query: HistoryQuery) {
  const db = await getDb();
  try {
    // Checked here too: the database module in use may be another copy (see lib/db/errors).
    if (query.before !== undefined) decodeCursor(query.before);
    const page = await db.pushes.list({ appId, ...definedOnly(query) });
    const phases = await db.distributions.listByPushes(
      page.pushes.filter((p) => p.kind === 'distribute').map((p) => p.id),
    );
    const pushes = page.pushes.map((p) => ({
      ...p,
      createdAt: new Date(p.createdAt).toISOString(),
      updatedAt: new Date(p.updatedAt).toISOString(),
      regions: phases.get(p.id) ?? [],
    }));
    return { pushes, nextCursor: page.nextCursor };
  } catch (err) {
    if (isInvalidCursorError(err))
      throw badRequest([{ path: ['before'], message: 'before is not a cursor this server issued' }]);
    throw err;
  }
}

function definedOnly<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

function recordWrite(kind: string, outcome: 'sent' | 'failed' | 'replayed'): void {
  getMetrics().writes.inc({ kind, outcome });
}
