import { describe, expect, test } from 'vitest';
import {
  distDataItemSchema,
  distDataListSchema,
  parseDataJson,
  pushDataItemSchema,
  pushDataListSchema,
  toDataJson,
  toDistDataJson,
  type PushDataItem,
} from './data-files';
import { toInputIssues } from './issues';

const good: PushDataItem = {
  name: 'app01',
  version: '1.0',
  size: 100,
  archiveType: 'tar.gz',
  md5: '',
  url: 'https://files.example.com/app01.tar.gz',
  timeout: 1000,
};

function issuesOf(value: unknown) {
  const parsed = pushDataItemSchema.safeParse(value);
  return parsed.success ? [] : toInputIssues(parsed.error);
}

describe('pushDataItemSchema', () => {
  test.each<[string, Record<string, unknown>]>([
    ['the ENS example', {}],
    ['zip archive', { archiveType: 'zip' }],
    ['tar archive', { archiveType: 'tar' }],
    ['md5 of 32 lowercase hex', { md5: 'd41d8cd98f00b204e9800998ecf8427e' }],
    ['md5 of 32 uppercase hex', { md5: 'D41D8CD98F00B204E9800998ECF8427E' }],
    ['http url', { url: 'http://10.0.1.4:8080/app.zip' }],
    ['placeholder host of the docs', { url: 'http://xxxx' }],
    ['signed OSS url with a query', { url: 'https://b.oss-cn-hangzhou.aliyuncs.com/a.tar?Expires=1&Signature=abc%2B' }],
    ['size 0', { size: 0 }],
    ['timeout of one day', { timeout: 86_400 }],
    ['OSS-style name with slashes', { name: 'cloudgame-shanghai/deploy_app/20220215/ACG_M21B-ota-1.1.2.zip' }],
    ['name of 256 characters', { name: 'n'.repeat(256) }],
    ['version of 128 characters', { version: 'v'.repeat(128) }],
    ['unicode name', { name: '游戏包-1' }],
    ['emoji name (a valid surrogate pair)', { name: 'pkg-\u{1F680}' }],
    ['size of 1 TiB', { size: 2 ** 40 }],
  ])('accepts %s', (_title, override) => {
    expect(issuesOf({ ...good, ...override })).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ['missing name', { name: undefined }, 'name', 'name is required'],
    ['empty name', { name: '' }, 'name', 'name must not be empty'],
    ['numeric name', { name: 12 }, 'name', 'name must be text'],
    ['name too long', { name: 'n'.repeat(257) }, 'name', 'name must be at most 256 characters'],
    ['name with a newline', { name: 'app\n01' }, 'name', 'name must not contain control characters'],
    ['name with a NUL', { name: 'app\u000001' }, 'name', 'name must not contain control characters'],
    ['name with a trailing space', { name: 'app01 ' }, 'name', 'name must not start or end with spaces'],
    ['missing version', { version: undefined }, 'version', 'version is required'],
    ['empty version', { version: '' }, 'version', 'version must not be empty'],
    ['version too long', { version: 'v'.repeat(129) }, 'version', 'version must be at most 128 characters'],
    ['numeric version', { version: 1.0 }, 'version', 'version must be text'],
    ['version with a tab', { version: '1.0\t' }, 'version', 'version must not contain control characters'],
    ['missing size', { size: undefined }, 'size', 'size is required'],
    ['negative size', { size: -1 }, 'size', 'size must be 0 or more'],
    ['size as a string', { size: '100' }, 'size', 'size must be a number'],
    ['infinite size', { size: Infinity }, 'size', 'size must be a number'],
    ['NaN size', { size: NaN }, 'size', 'size must be a number'],
    ['fractional size', { size: 0.5 }, 'size', 'size must be a whole number of bytes'],
    ['size of 1e308', { size: 1e308 }, 'size', 'size must be at most'],
    ['name with a comma', { name: 'a,b' }, 'name', 'name must not contain a comma'],
    ['version with a comma', { version: '1,2' }, 'version', 'version must not contain a comma'],
    ['name with a right-to-left override', { name: 'x-\u202egz.exe' }, 'name', 'text-direction characters (U+202E)'],
    ['name with a zero-width space', { name: 'app\u200b01' }, 'name', '(U+200B)'],
    ['name with a C1 control', { name: 'app\u008501' }, 'name', '(U+0085)'],
    ['name with a line separator', { name: 'app\u202801' }, 'name', '(U+2028)'],
    ['version with a BOM', { version: '1.\ufeff0' }, 'version', '(U+FEFF)'],
    ['name with a lone surrogate', { name: 'app\ud800' }, 'name', 'name must be valid Unicode text'],
    ['version with a lone low surrogate', { version: '\udc001.0' }, 'version', 'version must be valid Unicode text'],
    ['url with a bidi override', { url: 'https://files.example.com/\u202ea.zip' }, 'url', '(U+202E)'],
    ['unknown archive type', { archiveType: 'rar' }, 'archiveType', 'archiveType must be one of tar.gz, zip, tar'],
    ['archive type in capitals', { archiveType: 'ZIP' }, 'archiveType', 'archiveType must be one of tar.gz, zip, tar'],
    ['missing archive type', { archiveType: undefined }, 'archiveType', 'archiveType is required'],
    ['md5 placeholder', { md5: 'xxxx' }, 'md5', 'md5 must be empty or 32 hexadecimal characters'],
    [
      'md5 of 31 hex',
      { md5: 'd41d8cd98f00b204e9800998ecf8427' },
      'md5',
      'md5 must be empty or 32 hexadecimal characters',
    ],
    [
      'md5 of 33 hex',
      { md5: 'd41d8cd98f00b204e9800998ecf8427ee' },
      'md5',
      'md5 must be empty or 32 hexadecimal characters',
    ],
    [
      'md5 with non-hex',
      { md5: 'g41d8cd98f00b204e9800998ecf8427e' },
      'md5',
      'md5 must be empty or 32 hexadecimal characters',
    ],
    ['missing md5', { md5: undefined }, 'md5', 'md5 is required'],
    ['null md5', { md5: null }, 'md5', 'md5 must be text'],
    ['ftp url', { url: 'ftp://files.example.com/a.zip' }, 'url', 'url must start with http:// or https://'],
    ['file url', { url: 'file:///etc/passwd' }, 'url', 'url must start with http:// or https://'],
    ['javascript url', { url: 'javascript:alert(1)' }, 'url', 'url must start with http:// or https://'],
    ['relative url', { url: '/app.zip' }, 'url', 'url must be a complete address'],
    ['url without scheme', { url: 'files.example.com/a.zip' }, 'url', 'url must be a complete address'],
    ['url with spaces', { url: 'http://a.example.com/my file.zip' }, 'url', 'url must not contain spaces'],
    [
      'url with a password',
      { url: 'https://user:secret@files.example.com/a.zip' },
      'url',
      'url must not contain a user name or password',
    ],
    [
      'url too long',
      { url: `https://a.example.com/${'x'.repeat(2048)}` },
      'url',
      'url must be at most 2048 characters',
    ],
    ['empty url', { url: '' }, 'url', 'url must not be empty'],
    ['missing url', { url: undefined }, 'url', 'url is required'],
    ['zero timeout', { timeout: 0 }, 'timeout', 'timeout must be greater than 0'],
    ['negative timeout', { timeout: -5 }, 'timeout', 'timeout must be greater than 0'],
    ['fractional timeout', { timeout: 1.5 }, 'timeout', 'timeout must be a whole number of seconds'],
    ['timeout over a day', { timeout: 86_401 }, 'timeout', 'timeout must be at most 86400 seconds'],
    ['timeout as a string', { timeout: '1000' }, 'timeout', 'timeout must be a number of seconds'],
    ['missing timeout', { timeout: undefined }, 'timeout', 'timeout is required'],
    ['misspelt field', { archivetype: 'zip' }, 'archivetype', 'archivetype is not a known field'],
    ['extra field', { destPath: '/root' }, 'destPath', 'destPath is not a known field'],
  ])('rejects %s', (_title, override, field, reason) => {
    const value = Object.fromEntries(Object.entries({ ...good, ...override }).filter(([, v]) => v !== undefined));
    const issues = issuesOf(value);
    expect(issues.map((i) => i.path)).toContainEqual([field]);
    expect(issues.find((i) => i.path[0] === field)?.message).toContain(reason);
  });
});

describe('pushDataListSchema', () => {
  test.each<[string, unknown, (string | number)[], string]>([
    ['an empty list', [], [], 'data must list at least one file'],
    ['a single object', good, [], 'data must be a list of files'],
    [
      '51 files',
      Array.from({ length: 51 }, (_, i) => ({ ...good, name: `f${i}` })),
      [],
      'data must list at most 50 files',
    ],
    ['a duplicate name and version', [good, { ...good, url: 'http://b/x' }], [1, 'name'], 'repeat file 1 (app01 1.0)'],
    [
      'a duplicate third item',
      [good, { ...good, version: '2' }, { ...good, version: '2' }],
      [2, 'name'],
      'repeat file 2',
    ],
    [
      'a bad field in item 2',
      [good, { ...good, version: '2', md5: 'x' }],
      [1, 'md5'],
      'md5 must be empty or 32 hexadecimal characters',
    ],
  ])('rejects %s', (_title, value, path, reason) => {
    const parsed = pushDataListSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    const issues = parsed.success ? [] : toInputIssues(parsed.error);
    expect(issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path))?.message).toContain(reason);
  });

  test('accepts the same name in two versions', () => {
    expect(pushDataListSchema.safeParse([good, { ...good, version: '1.1' }]).success).toBe(true);
  });
});

describe('distDataItemSchema', () => {
  const dist = { name: 'app01', version: '1.0', destPath: '/root/installed', decompress: true, timeout: 600 };

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['the minimal item', {}, { destPath: '/root/installed' }],
    ['a file destination', { destPath: '/tmp/test.txt', decompress: false }, { decompress: false }],
    ['targetDirName', { targetDirName: 'game' }, { targetDirName: 'game' }],
    ['fileMode as a number', { fileMode: 755 }, { fileMode: '755' }],
    ['fileMode as text', { fileMode: '644' }, { fileMode: '644' }],
    ['fileMode with a leading zero', { fileMode: '0644' }, { fileMode: '644' }],
    ['fileMode with setuid', { fileMode: '4755' }, { fileMode: '4755' }],
  ])('accepts %s', (_title, override, expected) => {
    const parsed = distDataItemSchema.parse({ ...dist, ...override });
    expect(parsed).toMatchObject(expected);
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ['a relative destPath', { destPath: 'root/x' }, 'destPath', 'destPath must be an absolute path starting with /'],
    ['a destPath with ..', { destPath: '/root/../etc' }, 'destPath', 'destPath must not contain .. segments'],
    ['an empty destPath', { destPath: '' }, 'destPath', 'destPath must not be empty'],
    ['decompress as text', { decompress: 'yes' }, 'decompress', 'decompress must be true or false'],
    [
      'a targetDirName with /',
      { targetDirName: 'a/b' },
      'targetDirName',
      'targetDirName must be a single directory name',
    ],
    ['targetDirName ..', { targetDirName: '..' }, 'targetDirName', 'targetDirName must not be . or ..'],
    ['fileMode 999', { fileMode: '999' }, 'fileMode', 'fileMode must be 3 or 4 octal digits'],
    ['fileMode rwx', { fileMode: 'rwxr-xr-x' }, 'fileMode', 'fileMode must be 3 or 4 octal digits'],
    ['fileMode true', { fileMode: true }, 'fileMode', 'fileMode must be octal digits'],
    ['timeout 0', { timeout: 0 }, 'timeout', 'timeout must be greater than 0'],
  ])('rejects %s', (_title, override, field, reason) => {
    const parsed = distDataItemSchema.safeParse({ ...dist, ...override });
    const issues = parsed.success ? [] : toInputIssues(parsed.error);
    expect(issues.find((i) => i.path[0] === field)?.message).toContain(reason);
  });

  test('toDistDataJson() sends fileMode as a JSON number and omits unset fields', () => {
    const items = distDataListSchema.parse([
      { ...dist, fileMode: '0755', targetDirName: 'game' },
      { ...dist, version: '2.0', decompress: false },
    ]);
    expect(toDistDataJson(items)).toBe(
      '[{"name":"app01","version":"1.0","destPath":"/root/installed","decompress":true,"targetDirName":"game","fileMode":755,"timeout":600},' +
        '{"name":"app01","version":"2.0","destPath":"/root/installed","decompress":false,"timeout":600}]',
    );
  });
});

// The Data example of the PushApplicationData page, exactly as printed (quotes escaped).
const SEED_DATA_ESCAPED = String.raw`[{\"name\":\"app01\", \"version\":\"1.0\", \"size\":100,\"archiveType\":\"tar.gz\", \"md5\":\"\", \"url\":\"http://xxxx\",\"timeout\": 1000 }, { \"name\":\"app02\", \"version\":\"1.1\", \"size\":10,\"archiveType\":\"zip\", \"md5\":\"xxxx\", \"url\":\"http://xxxxxx\",\"timeout\": 1000 }]`;
const SEED_DATA = SEED_DATA_ESCAPED.replace(/\\"/g, '"');

describe('toDataJson()', () => {
  test('keeps the documented key order', () => {
    const reordered = {
      timeout: 1000,
      url: 'http://xxxx',
      md5: '',
      archiveType: 'tar.gz',
      size: 100,
      version: '1.0',
      name: 'app01',
    } as const;
    expect(toDataJson([reordered])).toBe(
      '[{"name":"app01","version":"1.0","size":100,"archiveType":"tar.gz","md5":"","url":"http://xxxx","timeout":1000}]',
    );
  });

  test('round-trips through parseDataJson()', () => {
    const items = [
      good,
      { ...good, name: 'app02', archiveType: 'zip' as const, md5: 'd41d8cd98f00b204e9800998ecf8427e' },
    ];
    expect(parseDataJson(toDataJson(items))).toEqual({ ok: true, items });
  });
});

describe('parseDataJson()', () => {
  test.each([
    ['the seed example as printed (escaped quotes)', SEED_DATA_ESCAPED],
    ['the seed example unescaped', SEED_DATA],
    ['the seed example as a JSON string', JSON.stringify(SEED_DATA)],
  ])('imports %s: both files as drafts, only the placeholder md5 flagged', (_title, text) => {
    const result = parseDataJson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The placeholder URL http://xxxx is a valid http URL (single-label hosts exist on intranets).
    expect(result.errors).toEqual([{ path: [1, 'md5'], message: 'md5 must be empty or 32 hexadecimal characters' }]);
    expect(result.drafts).toEqual([
      { name: 'app01', version: '1.0', size: 100, archiveType: 'tar.gz', md5: '', url: 'http://xxxx', timeout: 1000 },
      { name: 'app02', version: '1.1', size: 10, archiveType: 'zip', md5: 'xxxx', url: 'http://xxxxxx', timeout: 1000 },
    ]);
  });

  test('accepts the seed example once its placeholder md5 is a real one', () => {
    const result = parseDataJson(SEED_DATA.replace('"md5":"xxxx"', '"md5":"0123456789abcdef0123456789ABCDEF"'));
    expect(result.ok && result.items.map((i) => [i.name, i.url])).toEqual([
      ['app01', 'http://xxxx'],
      ['app02', 'http://xxxxxx'],
    ]);
  });

  test('accepts a single file object', () => {
    expect(parseDataJson(JSON.stringify(good))).toEqual({ ok: true, items: [good] });
  });

  test.each<[string, string, number | undefined, string]>([
    ['a missing comma', '[{"name":"a"\n "version":"1"}]', 2, 'not valid JSON'],
    ['a cut-off array', '[{"name":"a",\n"version":"1"', 2, 'not valid JSON'],
    ['a trailing comma on line 3', '[\n{"name":"a"},\n]', 3, 'not valid JSON'],
    ['plain text', 'hello', 1, 'not valid JSON'],
    ['an unknown escape on line 2', '[\n{"name":"a\\q"}\n]', 2, "unexpected 'q'"],
    ['empty text', '   ', undefined, 'the pasted text is empty'],
  ])('reports %s with its line', (_title, text, line, reason) => {
    const result = parseDataJson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.line).toBe(line);
    expect(result.errors[0]?.message).toContain(reason);
  });

  test.each<[string, string, (string | number)[], string]>([
    ['a number', '42', [], 'data must be a list of files'],
    ['an empty array', '[]', [], 'data must list at least one file'],
    ['an array of strings', '["app01"]', [0], 'Invalid input'],
    [
      'a wrong type',
      '[{"name":"a","version":"1","size":"big","archiveType":"zip","md5":"","url":"http://a","timeout":1}]',
      [0, 'size'],
      'size must be a number',
    ],
  ])('reports %s by path', (_title, text, path, reason) => {
    const result = parseDataJson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.find((e) => JSON.stringify(e.path) === JSON.stringify(path))?.message).toContain(reason);
  });
});
