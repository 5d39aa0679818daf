import { z } from 'zod';
import { ARCHIVE_TYPES, type PushDataDraft, type PushDataItem } from '@/lib/ens/data-files';
import { STRATEGY_OPERATORS, type StrategyOperator } from '@/lib/ens/strategy';
import { SIZE_UNITS, fromBytes } from './size-units';

/*
 * What the push form holds while someone types: text as typed (never coerced, so
 * nothing is lost), in a shape that survives a reload through localStorage.
 */

export const fileRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  size: z.string(),
  sizeUnit: z.enum(SIZE_UNITS),
  archiveType: z.string(),
  md5: z.string(),
  url: z.string(),
  timeout: z.string(),
});
export type FileRowDraft = z.infer<typeof fileRowSchema>;
export type FileField = Exclude<keyof FileRowDraft, 'id' | 'sizeUnit'>;

export const policyDraftSchema = z.object({
  id: z.string(),
  operator: z.enum(STRATEGY_OPERATORS),
  values: z.array(z.string()),
});
export type PolicyDraft = z.infer<typeof policyDraftSchema>;

/** `unset` until someone chooses: pushing everywhere is never a default. */
export const SCOPES = ['unset', 'selected', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const MODES = ['push-and-distribute', 'push-only'] as const;
export type PushMode = (typeof MODES)[number];

export const pushDraftSchema = z.object({
  files: z.array(fileRowSchema),
  mode: z.enum(MODES),
  scope: z.enum(SCOPES),
  policies: z.array(policyDraftSchema),
  /** The key of the attempt that has not had a definitive answer yet (see idempotency.ts). */
  pending: z.object({ key: z.string(), fingerprint: z.string() }).nullable(),
});
export type PushDraft = z.infer<typeof pushDraftSchema>;

export function newRowId(): string {
  return crypto.randomUUID();
}

export function emptyRow(): FileRowDraft {
  return {
    id: newRowId(),
    name: '',
    version: '',
    size: '',
    sizeUnit: 'MB',
    archiveType: 'tar.gz',
    md5: '',
    url: '',
    timeout: '1800',
  };
}

export function emptyPolicy(operator: StrategyOperator = 'In', values: string[] = []): PolicyDraft {
  return { id: newRowId(), operator, values };
}

export function emptyDraft(): PushDraft {
  return { files: [emptyRow()], mode: 'push-and-distribute', scope: 'unset', policies: [emptyPolicy()], pending: null };
}

export function isBlankRow(row: FileRowDraft): boolean {
  return !row.name && !row.version && !row.size && !row.md5 && !row.url;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
}

/** A pasted file (valid or not) as an editor row; sizes arrive in bytes and show in the largest exact unit. */
export function rowFromPasted(item: PushDataItem | PushDataDraft): FileRowDraft {
  const size = typeof item.size === 'number' ? fromBytes(item.size) : { text: asText(item.size), unit: 'B' as const };
  return {
    id: newRowId(),
    name: asText(item.name),
    version: asText(item.version),
    size: size.text,
    sizeUnit: size.unit,
    archiveType: item.archiveType === undefined ? '' : asText(item.archiveType),
    md5: asText(item.md5),
    url: asText(item.url),
    timeout: asText(item.timeout),
  };
}

export { ARCHIVE_TYPES };
