import { z } from 'zod';
import { listItemProblem, MAX_SIZE_BYTES, unsafeTextProblem } from './field-rules';
import { toInputIssues, type InputIssue } from './issues';
import { jsonErrorOffset } from './json-error-line';

/*
 * The `Data` parameter of PushApplicationData and DistApplicationData: the models, their
 * validation and the exact JSON ENS documents. Browser-safe (no server-only, no node
 * imports): the push form validates with the same schemas the route handlers use.
 */

/** `tar.gz` and `zip` appear in ENS's examples; plain `tar` appears in its sample file names. */
export const ARCHIVE_TYPES = ['tar.gz', 'zip', 'tar'] as const;
export type ArchiveType = (typeof ARCHIVE_TYPES)[number];

export const MAX_DATA_FILES = 50;
export const MAX_NAME_LENGTH = 256;
export const MAX_VERSION_LENGTH = 128;
export const MAX_URL_LENGTH = 2048;
export const MAX_PATH_LENGTH = 1024;
/** ENS does not state the unit of `timeout`; we treat it as seconds and cap it at one day. */
export const MAX_TIMEOUT_SECONDS = 86_400;

// C0 controls and DEL: invisible in the UI, and they break logs, CSV exports and headers.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function required(field: string, kind: string) {
  return (iss: { input: unknown }) => (iss.input === undefined ? `${field} is required` : `${field} must be ${kind}`);
}

function text(
  field: string,
  max: number,
  rule: (field: string, value: string) => string | undefined = unsafeTextProblem,
) {
  return z
    .string({ error: required(field, 'text') })
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((v) => !CONTROL_CHARS.test(v), `${field} must not contain control characters`)
    .refine((v) => v.trim() === v, `${field} must not start or end with spaces`)
    .superRefine((v, ctx) => {
      if (CONTROL_CHARS.test(v)) return;
      const problem = rule(field, v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** A name or version: also read back through the comma-separated DataNames / DataVersions. */
const listText = (field: string, max: number) => text(field, max, listItemProblem);

function timeoutSeconds() {
  return z
    .number({ error: required('timeout', 'a number of seconds') })
    .int('timeout must be a whole number of seconds')
    .positive('timeout must be greater than 0')
    .max(MAX_TIMEOUT_SECONDS, `timeout must be at most ${MAX_TIMEOUT_SECONDS} seconds`);
}

const urlSchema = z
  .string({ error: required('url', 'text') })
  .min(1, 'url must not be empty')
  .max(MAX_URL_LENGTH, `url must be at most ${MAX_URL_LENGTH} characters`)
  .superRefine((value, ctx) => {
    const problem = urlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Any http(s) URL the WHATWG parser accepts with a host. A single-label host such as
 * the docs' placeholder `http://xxxx` is accepted: intranet file servers look like that.
 */
function urlProblem(value: string): string | undefined {
  if (/\s/.test(value)) return 'url must not contain spaces';
  const unsafe = unsafeTextProblem('url', value);
  if (unsafe) return unsafe;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url must be a complete address such as https://files.example.com/app.tar.gz';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must start with http:// or https://';
  if (!url.hostname) return 'url must name a host';
  // The URL is stored in the audit log and shown to colleagues; a password in it would leak.
  if (url.username || url.password) return 'url must not contain a user name or password';
  return undefined;
}

export const pushDataItemSchema = z.strictObject({
  name: listText('name', MAX_NAME_LENGTH),
  version: listText('version', MAX_VERSION_LENGTH),
  size: z
    .number({ error: required('size', 'a number') })
    .min(0, 'size must be 0 or more')
    .max(MAX_SIZE_BYTES, `size must be at most ${MAX_SIZE_BYTES} bytes (1 TiB)`)
    .int('size must be a whole number of bytes'),
  archiveType: z.enum(ARCHIVE_TYPES, { error: required('archiveType', `one of ${ARCHIVE_TYPES.join(', ')}`) }),
  md5: z
    .string({ error: required('md5', 'text (empty or 32 hexadecimal characters)') })
    .regex(/^(?:[0-9a-fA-F]{32})?$/, 'md5 must be empty or 32 hexadecimal characters'),
  url: urlSchema,
  timeout: timeoutSeconds(),
});
export type PushDataItem = z.output<typeof pushDataItemSchema>;

/**
 * Permissions as the octal digits people type (`755`, `0644`). Kept as the digit string;
 * see toDistDataJson() for how it goes on the wire.
 */
const fileModeSchema = z
  .union([z.string(), z.number()], { error: 'fileMode must be octal digits such as 755 or 0644' })
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => /^[0-7]{3,4}$/.test(v), 'fileMode must be 3 or 4 octal digits such as 755 or 0644')
  // 0644 and 644 are the same mode; the wire form has no leading zero anyway.
  .transform((v) => (v.length === 4 && v.startsWith('0') ? v.slice(1) : v));

export const distDataItemSchema = z.strictObject({
  name: listText('name', MAX_NAME_LENGTH),
  version: listText('version', MAX_VERSION_LENGTH),
  destPath: text('destPath', MAX_PATH_LENGTH)
    .refine((v) => v.startsWith('/'), 'destPath must be an absolute path starting with /')
    .refine((v) => !v.split('/').includes('..'), 'destPath must not contain .. segments'),
  decompress: z.boolean({ error: required('decompress', 'true or false') }),
  targetDirName: text('targetDirName', 255)
    .refine((v) => !v.includes('/'), 'targetDirName must be a single directory name without /')
    .refine((v) => v !== '.' && v !== '..', 'targetDirName must not be . or ..')
    .optional(),
  fileMode: fileModeSchema.optional(),
  timeout: timeoutSeconds(),
});
export type DistDataItem = z.output<typeof distDataItemSchema>;
export type DistDataItemInput = z.input<typeof distDataItemSchema>;

/** What one DistApplicationData applies alike to every file it names. */
export type DistOptions = Omit<DistDataItemInput, 'name' | 'version'>;

/** DistApplicationData's data list: each file with the same options, optional ones only when set. */
export function distDataFor(
  files: readonly { name: string; version: string }[],
  options: DistOptions,
): DistDataItemInput[] {
  return files.map((f) => ({
    name: f.name,
    version: f.version,
    destPath: options.destPath,
    decompress: options.decompress,
    ...(options.targetDirName !== undefined ? { targetDirName: options.targetDirName } : {}),
    ...(options.fileMode !== undefined ? { fileMode: options.fileMode } : {}),
    timeout: options.timeout,
  }));
}

/** Lists are unique by name + version: ENS answers one result per pair, so a duplicate is ambiguous. */
function listOf<T extends z.ZodType<{ name: string; version: string }>>(item: T, what: string) {
  return z
    .array(item, { error: `${what} must be a list of files` })
    .min(1, `${what} must list at least one file`)
    .max(MAX_DATA_FILES, `${what} must list at most ${MAX_DATA_FILES} files`)
    .superRefine((items, ctx) => {
      const seen = new Map<string, number>();
      items.forEach((it, index) => {
        const key = JSON.stringify([it.name, it.version]);
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, index);
          return;
        }
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `name and version repeat file ${first + 1} (${it.name} ${it.version}); each file may be listed once`,
        });
      });
    });
}

export const pushDataListSchema = listOf(pushDataItemSchema, 'data');
export const distDataListSchema = listOf(distDataItemSchema, 'data');

/** The `Data` JSON of PushApplicationData, keys in the order ENS documents them. */
export function toDataJson(items: readonly PushDataItem[]): string {
  return JSON.stringify(
    items.map((it) => ({
      name: it.name,
      version: it.version,
      size: it.size,
      archiveType: it.archiveType,
      md5: it.md5,
      url: it.url,
      timeout: it.timeout,
    })),
  );
}

/**
 * The `Data` JSON of DistApplicationData. `fileMode` is sent as the JSON number whose
 * decimal digits are the octal mode (`"755"` → `755`), as ENS's example shows; JSON has
 * no octal literals, so `0644` goes as `644`. Optional fields are omitted when unset.
 */
export function toDistDataJson(items: readonly DistDataItem[]): string {
  return JSON.stringify(
    items.map((it) => ({
      name: it.name,
      version: it.version,
      destPath: it.destPath,
      decompress: it.decompress,
      ...(it.targetDirName !== undefined ? { targetDirName: it.targetDirName } : {}),
      ...(it.fileMode !== undefined ? { fileMode: Number(it.fileMode) } : {}),
      timeout: it.timeout,
    })),
  );
}

/**
 * What the push form's editor can hold for a file even when it is invalid: every known
 * field as it was pasted (numbers stay numbers), so an import with mistakes still fills
 * the editor and the errors appear next to the fields.
 */
export type PushDataDraft = { [K in keyof PushDataItem]?: unknown };

export type ParseDataJsonResult =
  { ok: true; items: PushDataItem[] } | { ok: false; errors: InputIssue[]; drafts: PushDataDraft[] };

const DRAFT_KEYS = ['name', 'version', 'size', 'archiveType', 'md5', 'url', 'timeout'] as const;

/**
 * Parses pasted `Data` JSON: an array of files, a single file object, or the array as a
 * JSON string (the form the API pages print, `[{\"name\":…}]`). Syntax errors carry the
 * line; every other problem carries the path (`[1, 'md5']`) within the list.
 */
export function parseDataJson(text: string): ParseDataJsonResult {
  const decoded = decodeJson(text);
  if (!decoded.ok) return { ok: false, errors: [decoded.issue], drafts: [] };
  const value = Array.isArray(decoded.value) || !isRecord(decoded.value) ? decoded.value : [decoded.value];
  const drafts = Array.isArray(value) ? value.filter(isRecord).map(toDraft) : [];
  const parsed = pushDataListSchema.safeParse(value);
  if (parsed.success) return { ok: true, items: parsed.data };
  return { ok: false, errors: toInputIssues(parsed.error), drafts };
}

type Decoded = { ok: true; value: unknown } | { ok: false; issue: InputIssue };

function decodeJson(text: string): Decoded {
  const trimmed = text.trim();
  if (trimmed === '')
    return { ok: false, issue: { path: [], message: 'the pasted text is empty; paste a JSON array of files' } };
  const first = tryParse(trimmed);
  if (first.ok) {
    // A JSON string holding the array: the API's "the value must be a JSON string" form.
    if (typeof first.value === 'string') {
      const inner = tryParse(first.value);
      // Lines inside the string do not match the pasted text's lines.
      return inner.ok
        ? inner
        : { ok: false, issue: { path: [], message: inner.issue.message.replace(/ on line \d+$/, '') } };
    }
    return first;
  }
  // Copied from the API page, where the quotes are printed escaped: [{\"name\":\"app01\"…
  if (trimmed.includes('\\"')) {
    const unescaped = tryParse(trimmed.replace(/\\"/g, '"'));
    if (unescaped.ok) return unescaped;
  }
  return first;
}

function tryParse(text: string): Decoded {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // V8's messages differ by version and often carry no position, so locate it ourselves.
    const offset = jsonErrorOffset(text) ?? text.length;
    const line = text.slice(0, offset).split('\n').length;
    const found = text[offset];
    const what = found === undefined ? 'it ends too early' : `unexpected '${found}'`;
    return {
      ok: false,
      issue: { path: [], message: `the pasted text is not valid JSON: ${what} on line ${line}`, line },
    };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toDraft(record: Record<string, unknown>): PushDataDraft {
  const draft: PushDataDraft = {};
  for (const key of DRAFT_KEYS) if (key in record) draft[key] = record[key];
  return draft;
}
