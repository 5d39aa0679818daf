import type { StrategyPolicyModel } from '@/lib/contracts/pushes';
import type { PushAction, PushKind, PushState, RegionPhaseState } from '@/lib/domain/push-states';

/*
 * Words for the push history page. Maps are typed Record<…> so a new kind or state
 * cannot be added to the API without the page learning how to say it.
 */

export type Tone = 'ok' | 'info' | 'warn' | 'danger' | 'neutral';

export const KIND_LABEL: Record<PushKind, string> = {
  push: 'Push only',
  distribute: 'Push and distribute',
  distribution: 'Distribution',
};

/** Which version-page action an entry was; a clean is stored as a distribution (see PUSH_ACTIONS). */
export const ACTION_LABEL: Record<PushAction, string> = {
  widen: 'Widen',
  'retry-failed': 'Retry failed instances',
  'retry-prepush': 'Push again to a failed region',
  'distribute-pushed': 'Distribute a pushed version',
  clean: 'Clean',
};

/** The Kind cell's words: a clean is a clean, whatever column stores it. */
export function kindText(push: { kind: PushKind; action: PushAction | null }): string {
  if (push.action === 'clean') return 'Clean (CleanDistData)';
  return push.action ? `${KIND_LABEL[push.kind]} · ${ACTION_LABEL[push.action]}` : KIND_LABEL[push.kind];
}

export interface StateMeaning {
  label: string;
  /** What the state means for the person reading the log, and what to do next. */
  detail: string;
  tone: Tone;
}

export const STATE_MEANING: Record<PushState, StateMeaning> = {
  sent: { label: 'Sent', detail: 'ENS answered; each file’s result is below.', tone: 'ok' },
  failed: { label: 'Failed', detail: 'ENS did not accept this push.', tone: 'danger' },
  pending: { label: 'Pending', detail: 'Being sent to ENS.', tone: 'info' },
  unknown: {
    label: 'Unknown',
    detail: 'Interrupted before ENS answered — check the version’s push status before pushing again.',
    tone: 'warn',
  },
};

/**
 * The history badge of one entry, from every part of it: a push-and-distribute whose
 * regions were skipped or failed is not "Sent" in green, and a file ENS answered 300
 * for is not either. `note` says which regions, in words.
 */
export function overallMeaning(push: {
  state: PushState;
  resultCodes: readonly { resultCode: number }[] | null;
  regions: readonly { regionId: string; distState: RegionPhaseState }[];
}): StateMeaning & { note?: string } {
  const base = STATE_MEANING[push.state];
  if (push.state !== 'sent') return base;
  const files = push.resultCodes ?? [];
  const rejected = files.filter((r) => r.resultCode === 300).length;
  if (rejected > 0) {
    const all = rejected === files.length;
    return {
      label: all ? 'Sent · ENS failed it' : `Sent · ${rejected} of ${files.length} files failed`,
      detail: base.detail,
      tone: 'danger',
    };
  }
  const n = push.regions.length;
  const not = push.regions.filter((r) => r.distState === 'skipped' || r.distState === 'failed');
  if (not.length > 0) {
    const ids = not.map((r) => r.regionId);
    return {
      label: not.length === n ? 'Sent · no region distributed' : `Sent · ${not.length} of ${n} regions not distributed`,
      detail: base.detail,
      tone: not.length === n ? 'danger' : 'warn',
      note: `Pre-push or distribution failed on ${ids.join(', ')}.`,
    };
  }
  const open = push.regions.filter((r) => r.distState === 'waiting' || r.distState === 'distributing').length;
  if (open > 0) return { label: `Sent · ${open} of ${n} regions in progress`, detail: base.detail, tone: 'info' };
  return base;
}

export const DIST_STATE_META: Record<RegionPhaseState, { label: string; tone: Tone }> = {
  waiting: { label: 'Waiting for pre-push', tone: 'neutral' },
  distributing: { label: 'Distributing', tone: 'info' },
  sent: { label: 'Distribution sent', tone: 'ok' },
  skipped: { label: 'Skipped (pre-push failed)', tone: 'warn' },
  failed: { label: 'Distribution failed', tone: 'danger' },
};

const PRE_PUSH_LABEL: Record<string, { label: string; tone: Tone }> = {
  SUCCESS: { label: 'Pre-push done', tone: 'ok' },
  PUSHING: { label: 'Pre-pushing', tone: 'info' },
  FAILED: { label: 'Pre-push failed', tone: 'danger' },
};

/** A region's DescribeDataPushResult status in words; null means ENS has not been asked yet. */
export function prePushLabel(status: string | null): { label: string; tone: Tone } {
  if (status === null) return { label: 'Not checked yet', tone: 'neutral' };
  return PRE_PUSH_LABEL[status] ?? { label: status, tone: 'neutral' };
}

export interface StrategySummary {
  /** One short phrase for the table cell: "All regions", "In: 3 regions", "Not in: cn-hangzhou". */
  text: string;
  /** Every region named by the strategy, for the hover text and the expandable list. */
  regions: string[];
}

function policyPhrase(policy: StrategyPolicyModel): string {
  const prefix = policy.operator === 'NotIn' ? 'Not in' : policy.operator === 'In' ? 'In' : policy.operator;
  const [only] = policy.values;
  const target = policy.values.length === 1 && only !== undefined ? only : `${policy.values.length} regions`;
  return `${prefix}: ${target}`;
}

/** Where a push went, in words; a null strategy is every region (ENS never implies it). */
export function summarizeStrategy(strategy: readonly StrategyPolicyModel[] | null): StrategySummary {
  if (strategy === null || strategy.length === 0) return { text: 'All regions', regions: [] };
  return { text: strategy.map(policyPhrase).join('; '), regions: strategy.flatMap((p) => p.values) };
}

/**
 * The code tail shown after a recorded error's message ("ServiceUnavailable · HTTP 503");
 * the code is left out when the message already names it, as the client's messages do.
 */
export function errorCodeText(error: {
  message: string;
  code?: string | undefined;
  httpStatus?: number | undefined;
}): string {
  const code = error.code && !error.message.includes(error.code) ? error.code : undefined;
  return [code, error.httpStatus ? `HTTP ${error.httpStatus}` : undefined].filter(Boolean).join(' · ');
}
