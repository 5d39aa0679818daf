import { z } from 'zod';
import { distDataItemSchema, pushDataListSchema, type PushDataItem } from '@/lib/ens/data-files';
import { internalFileUrlIssues } from '@/lib/contracts/push-bodies';
import { formatPath, toInputIssues, type InputIssue } from '@/lib/ens/issues';
import { strategySchema, validateStrategy, type StrategyPolicy } from '@/lib/ens/strategy';
import type { FileField, FileRowDraft, PushDraft } from './draft';
import { toBytes } from './size-units';

/*
 * Turns the draft into the POST /pushes body with the shared lib/ens schemas, and
 * locates every problem on the field that shows it. Server 400 issues go through the
 * same locator, so a message lands in the same place whoever found it.
 */

export interface DistributionSettings {
  destPath: string;
  decompress: boolean;
  targetDirName: string;
  fileMode: string;
  timeout: string;
}

export const DIST_FIELDS = ['destPath', 'decompress', 'targetDirName', 'fileMode', 'timeout'] as const;
export type DistField = (typeof DIST_FIELDS)[number];

export function defaultDistribution(): DistributionSettings {
  return { destPath: '/root/installed', decompress: true, targetDirName: '', fileMode: '', timeout: '1800' };
}

/** The distribution part of DistApplicationData's Data, without the per-file name and version. */
export const distributeSchema = distDataItemSchema.pick({
  destPath: true,
  decompress: true,
  targetDirName: true,
  fileMode: true,
  timeout: true,
});
export type DistributeSettings = z.output<typeof distributeSchema>;

export interface PushRequest {
  data: PushDataItem[];
  strategy: StrategyPolicy[] | null;
  distribute?: DistributeSettings;
}

/** Where an error shows: `file:<rowId>:<field>`, `dist:<field>`, `policy:<id>`, `files`, `strategy` or `form`. */
export type ErrorKey = string;
export type FieldErrors = Record<ErrorKey, string>;

export const fileKey = (rowId: string, field: FileField): ErrorKey => `file:${rowId}:${field}`;
export const distKey = (field: DistField): ErrorKey => `dist:${field}`;
export const policyKey = (policyId: string): ErrorKey => `policy:${policyId}`;

const FILE_FIELDS: readonly string[] = ['name', 'version', 'size', 'archiveType', 'md5', 'url', 'timeout'];

/** `'data.0.md5'` → the error key of row 0's md5 field; unknown places fall back to the section. */
export function locateIssue(path: string, draft: Pick<PushDraft, 'files' | 'policies'>): ErrorKey {
  const [head, second, third] = path.split('.');
  if (head === 'data') {
    const row = second !== undefined && /^\d+$/.test(second) ? draft.files[Number(second)] : undefined;
    if (row && third !== undefined && FILE_FIELDS.includes(third)) return fileKey(row.id, third as FileField);
    return 'files';
  }
  if (head === 'strategy') {
    const policy = second !== undefined && /^\d+$/.test(second) ? draft.policies[Number(second)] : undefined;
    return policy ? policyKey(policy.id) : 'strategy';
  }
  if (head === 'distribute' && second !== undefined && (DIST_FIELDS as readonly string[]).includes(second))
    return distKey(second as DistField);
  return 'form';
}

/** First message wins per place: it is the one the person should fix first. */
export function toFieldErrors(
  issues: readonly { path: string; message: string }[],
  draft: Pick<PushDraft, 'files' | 'policies'>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = locateIssue(issue.path, draft);
    errors[key] ??= issue.message;
  }
  return errors;
}

function numberOrBlank(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
}

function fileInput(row: FileRowDraft): Record<string, unknown> {
  return {
    name: row.name,
    version: row.version,
    size: toBytes(row.size, row.sizeUnit),
    archiveType: row.archiveType === '' ? undefined : row.archiveType,
    md5: row.md5.trim(),
    url: row.url,
    timeout: numberOrBlank(row.timeout),
  };
}

function distInput(d: DistributionSettings): Record<string, unknown> {
  return {
    destPath: d.destPath,
    decompress: d.decompress,
    targetDirName: d.targetDirName.trim() === '' ? undefined : d.targetDirName,
    fileMode: d.fileMode.trim() === '' ? undefined : d.fileMode,
    timeout: numberOrBlank(d.timeout),
  };
}

export interface Validation {
  errors: FieldErrors;
  /** The request, when there is nothing to fix. */
  request: PushRequest | undefined;
}

/**
 * Validates the whole draft. `regionIds` are the application's regions; until they
 * load, a strategy is checked for shape only and no request is produced.
 */
export function validateDraft(
  draft: PushDraft,
  dist: DistributionSettings,
  regionIds: readonly string[] | undefined,
  { allowInternalUrls = false }: { allowInternalUrls?: boolean } = {},
): Validation {
  const issues: InputIssue[] = [];
  const data = pushDataListSchema.safeParse(draft.files.map(fileInput));
  if (!data.success) issues.push(...toInputIssues(data.error, ['data']));
  else if (!allowInternalUrls) issues.push(...internalFileUrlIssues(data.data));

  let strategy: StrategyPolicy[] | null = null;
  if (draft.scope === 'unset') {
    issues.push({ path: ['strategy'], message: 'Choose where to push: selected regions, or every region.' });
  } else if (draft.scope === 'selected') {
    const policies = draft.policies.map(({ operator, values }) => ({
      name: 'ScheduleToRegionId' as const,
      operator,
      values,
    }));
    const found = regionIds ? validateStrategy(policies, regionIds) : shapeIssues(policies);
    issues.push(...found);
    strategy = policies;
  }

  let distribute: DistributeSettings | undefined;
  if (draft.mode === 'push-and-distribute') {
    const parsed = distributeSchema.safeParse(distInput(dist));
    if (parsed.success) distribute = parsed.data;
    else issues.push(...toInputIssues(parsed.error, ['distribute']));
  }

  const errors = toFieldErrors(
    issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    draft,
  );
  const ready = issues.length === 0 && data.success && regionIds !== undefined;
  return { errors, request: ready ? { data: data.data, strategy, ...(distribute ? { distribute } : {}) } : undefined };
}

function shapeIssues(policies: unknown): InputIssue[] {
  const parsed = strategySchema.safeParse(policies);
  return parsed.success ? [] : toInputIssues(parsed.error, ['strategy']);
}
