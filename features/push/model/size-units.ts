/*
 * ENS does not state the unit of `size` (docs/ens.md §1.1). The dashboard sends bytes,
 * the unit a file server compares against, and says so in the form; the picker only
 * saves typing. Units are binary (1 KB = 1024 B), as file listings show them.
 */

export const SIZE_UNITS = ['B', 'KB', 'MB', 'GB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

const FACTOR: Record<SizeUnit, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `('1.5', 'MB')` → `1572864`; `undefined` for empty text, `NaN` for text that is not a number. */
export function toBytes(text: string, unit: SizeUnit): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number.NaN;
  // Whole bytes: a fractional byte count is never what someone meant.
  return Math.round(Number(trimmed) * FACTOR[unit]);
}

/** The largest unit that shows `bytes` exactly: `1048576` → `{ text: '1', unit: 'MB' }`. */
export function fromBytes(bytes: number): { text: string; unit: SizeUnit } {
  if (!Number.isFinite(bytes) || bytes <= 0) return { text: Number.isFinite(bytes) ? String(bytes) : '', unit: 'B' };
  for (const unit of [...SIZE_UNITS].reverse()) {
    const factor = FACTOR[unit];
    if (bytes >= factor && bytes % factor === 0) return { text: String(bytes / factor), unit };
  }
  return { text: String(bytes), unit: 'B' };
}

/** `1572864` → `'1.5 MB'`, for summaries. */
export function formatBytes(bytes: number): string {
  let unit: SizeUnit = 'B';
  for (const u of SIZE_UNITS) if (bytes >= FACTOR[u]) unit = u;
  const value = bytes / FACTOR[unit];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}
