/**
 * The `Data` parameter of PushApplicationData and DistApplicationData: a JSON
 * array of file descriptors. Messages name the item and the field so a client
 * developer can see at once what the service disliked.
 */
import { invalidParameter } from './errors';

type Json = unknown;
type Item = Record<string, Json>;

export interface PushItem {
  name: string;
  version: string;
  size: number;
  archiveType: string;
  md5: string;
  url: string;
  timeout: number;
}

export interface DistItem {
  name: string;
  version: string;
  destPath: string;
  decompress: boolean;
  targetDirName?: string;
  fileMode?: number;
  timeout: number;
}

export const ACCEPTED_ARCHIVE_TYPES = ['tar.gz', 'tgz', 'tar', 'zip'] as const;
export const MAX_DATA_ITEMS = 100;
const MAX_NAME_LENGTH = 256;

function bad(reason: string) {
  return invalidParameter('Data', reason);
}

function parseArray(raw: string): Json[] {
  let parsed: Json;
  try {
    parsed = JSON.parse(raw) as Json;
  } catch {
    throw bad('Data is not valid JSON.');
  }
  if (!Array.isArray(parsed)) throw bad('Data must be a JSON array of file descriptors.');
  if (parsed.length === 0) throw bad('Data must list at least one file.');
  if (parsed.length > MAX_DATA_ITEMS)
    throw bad(`Data lists ${parsed.length} files; at most ${MAX_DATA_ITEMS} are allowed.`);
  return parsed;
}

function text(item: Item, i: number, field: string, maxLength = MAX_NAME_LENGTH): string {
  const value = item[field];
  if (typeof value !== 'string' || value.trim() === '') throw bad(`Data[${i}].${field} must be a non-empty string.`);
  if (value.length > maxLength) throw bad(`Data[${i}].${field} is longer than ${maxLength} characters.`);
  return value;
}

function number(item: Item, i: number, field: string, { positive }: { positive: boolean }): number {
  const value = item[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`Data[${i}].${field} must be a number.`);
  if (positive ? value <= 0 : value < 0)
    throw bad(`Data[${i}].${field} must be ${positive ? 'greater than 0' : '0 or more'}.`);
  return value;
}

function eachItem<T>(raw: string, parse: (item: Item, i: number) => T): T[] {
  const seen = new Set<string>();
  return parseArray(raw).map((value, i) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`Data[${i}] must be an object.`);
    const item = value as Item;
    const parsed = parse(item, i);
    const key = `${text(item, i, 'name')}\u0000${text(item, i, 'version')}`;
    if (seen.has(key)) throw bad(`Data[${i}] repeats file ${String(item.name)} version ${String(item.version)}.`);
    seen.add(key);
    return parsed;
  });
}

function pushItem(item: Item, i: number): PushItem {
  const name = text(item, i, 'name');
  const version = text(item, i, 'version');
  const archiveType = text(item, i, 'archiveType');
  if (!(ACCEPTED_ARCHIVE_TYPES as readonly string[]).includes(archiveType)) {
    throw bad(`Data[${i}].archiveType "${archiveType}" is not one of ${ACCEPTED_ARCHIVE_TYPES.join(', ')}.`);
  }
  const md5 = item.md5;
  if (typeof md5 !== 'string' || (md5 !== '' && !/^[0-9a-fA-F]{32}$/.test(md5))) {
    throw bad(`Data[${i}].md5 must be "" or 32 hexadecimal characters.`);
  }
  const url = text(item, i, 'url', 2048);
  if (!/^https?:\/\/\S+$/.test(url)) throw bad(`Data[${i}].url must be an http:// or https:// URL.`);
  return {
    name,
    version,
    size: number(item, i, 'size', { positive: false }),
    archiveType,
    md5,
    url,
    timeout: number(item, i, 'timeout', { positive: true }),
  };
}

function distItem(item: Item, i: number): DistItem {
  const name = text(item, i, 'name');
  const version = text(item, i, 'version');
  const destPath = text(item, i, 'destPath', 1024);
  if (!destPath.startsWith('/')) throw bad(`Data[${i}].destPath must be an absolute path.`);
  if (typeof item.decompress !== 'boolean') throw bad(`Data[${i}].decompress must be true or false.`);
  const result: DistItem = {
    name,
    version,
    destPath,
    decompress: item.decompress,
    timeout: number(item, i, 'timeout', { positive: true }),
  };
  if (item.targetDirName !== undefined && item.targetDirName !== '') {
    const dir = text(item, i, 'targetDirName');
    if (dir.includes('/')) throw bad(`Data[${i}].targetDirName must be a directory name, not a path.`);
    result.targetDirName = dir;
  }
  if (item.fileMode !== undefined) {
    const mode = item.fileMode;
    // 755 as a JSON number: read as the digits of an octal mode, whatever the base (§1.3 leaves it open).
    if (typeof mode !== 'number' || !Number.isInteger(mode) || !/^[0-7]{3,4}$/.test(String(mode))) {
      throw bad(`Data[${i}].fileMode must be a number of 3 or 4 octal digits such as 755.`);
    }
    result.fileMode = mode;
  }
  return result;
}

export function parsePushData(raw: string): PushItem[] {
  return eachItem(raw, pushItem);
}

export function parseDistData(raw: string): DistItem[] {
  return eachItem(raw, distItem);
}
