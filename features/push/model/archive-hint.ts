import { ARCHIVE_TYPES, type ArchiveType } from '@/lib/ens/data-files';

/*
 * What a file's URL says about its archive type: `….tar.gz` is a tar.gz, `….pak` or
 * `….bin` is no archive at all. Used to default the archive type and "Decompress" from
 * the URL, and to warn on the field when the two disagree.
 */

const BY_SUFFIX: readonly [string, ArchiveType][] = [
  ['.tar.gz', 'tar.gz'],
  ['.tgz', 'tar.gz'],
  ['.zip', 'zip'],
  ['.tar', 'tar'],
];

/** The archive type the URL's file name ends in; null when it names no archive; undefined when there is no name yet. */
export function archiveOfUrl(url: string): ArchiveType | null | undefined {
  let path: string;
  try {
    path = new URL(url.trim()).pathname;
  } catch {
    return undefined;
  }
  const file = decodeURIComponent(path.split('/').pop() ?? '').toLowerCase();
  if (file === '') return undefined;
  for (const [suffix, type] of BY_SUFFIX) if (file.endsWith(suffix)) return type;
  return null;
}

const extensionOf = (url: string) => {
  try {
    const file = new URL(url.trim()).pathname.split('/').pop() ?? '';
    const dot = file.indexOf('.');
    return dot > 0 ? file.slice(dot) : '';
  } catch {
    return '';
  }
};

/** The field warning on the archive type, or undefined when URL and type agree. */
export function archiveMismatch(url: string, archiveType: string): string | undefined {
  const implied = archiveOfUrl(url);
  if (implied === undefined || !(ARCHIVE_TYPES as readonly string[]).includes(archiveType)) return undefined;
  if (implied === null)
    return `The URL names a ${extensionOf(url) || 'file without extension'}, not an archive: is ${archiveType} right?`;
  return implied === archiveType ? undefined : `The URL ends in ${extensionOf(url)} but the type is ${archiveType}.`;
}

/**
 * The row after its URL changed: the archive type follows the URL while it still holds
 * what the previous URL implied (or the untouched default), and is cleared for a URL
 * that names no archive, so nothing claims a .pak is a tar.gz.
 */
export function withUrl<R extends { url: string; archiveType: string }>(row: R, url: string, initial = 'tar.gz'): R {
  const before = archiveOfUrl(row.url);
  const followsUrl = row.archiveType === (before ?? '') || (before === undefined && row.archiveType === initial);
  const after = archiveOfUrl(url);
  if (!followsUrl || after === undefined) return { ...row, url };
  return { ...row, url, archiveType: after ?? '' };
}

/** Whether every URL names no archive: then "Decompress on the instance" defaults off. */
export function noArchives(urls: readonly string[]): boolean {
  const known = urls.map(archiveOfUrl).filter((a) => a !== undefined);
  return known.length > 0 && known.every((a) => a === null);
}
