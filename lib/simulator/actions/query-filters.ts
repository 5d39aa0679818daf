/** Filters shared by DescribeDataDistResult and DescribeDataPushResult. */
import { invalidParameter } from '../errors';
import type { AppFiles, DataFile } from '../model';
import { compareText, optionalParam, parseCsv } from '../params';
import type { ActionParams } from '../types';

/** The app's files matching DataNames/DataVersions, ordered by name then version. */
export function matchingFiles(files: AppFiles, names?: readonly string[], versions?: readonly string[]): DataFile[] {
  const nameSet = names ? new Set(names) : null;
  const versionSet = versions ? new Set(versions) : null;
  const out: DataFile[] = [];
  for (const file of files.values()) {
    if (nameSet && !nameSet.has(file.name)) continue;
    if (versionSet && !versionSet.has(file.version)) continue;
    out.push(file);
  }
  return out.sort((a, b) => compareText(a.name, b.name) || compareText(a.version, b.version));
}

/**
 * EnsRegionIds arrives as JSON array text (the SDK's "shrunk" array). A
 * comma-separated string and `EnsRegionIds.N` keys are tolerated too, since a
 * hand-rolled client easily sends either.
 */
export function parseEnsRegionIds(params: ActionParams): string[] | undefined {
  const raw = optionalParam(params, 'EnsRegionIds');
  const indexed = Object.keys(params)
    .filter((k) => /^EnsRegionIds\.\d+$/.test(k))
    .map((k) => (params[k] ?? '').trim())
    .filter((v) => v !== '');
  if (raw === undefined) return indexed.length > 0 ? indexed : undefined;
  if (!raw.trim().startsWith('[')) return parseCsv(raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter('EnsRegionIds', `EnsRegionIds is not a valid JSON array: ${raw}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
    throw invalidParameter('EnsRegionIds', `EnsRegionIds must be a JSON array of region id strings, got ${raw}`);
  }
  const ids = (parsed as string[]).map((s) => s.trim()).filter((s) => s !== '');
  return ids.length > 0 ? ids : undefined;
}
