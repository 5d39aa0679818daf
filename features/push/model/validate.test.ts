import { describe, expect, test } from 'vitest';
import { parseDataJson } from '@/lib/ens/data-files';
import { emptyDraft, rowFromPasted, type FileRowDraft, type PushDraft } from './draft';
import {
  defaultDistribution,
  distKey,
  fileKey,
  locateIssue,
  policyKey,
  toFieldErrors,
  validateDraft,
} from './validate';

const SEED = String.raw`[{\"name\":\"app01\", \"version\":\"1.0\", \"size\":100,\"archiveType\":\"tar.gz\", \"md5\":\"\", \"url\":\"http://xxxx\",\"timeout\": 1000 }, { \"name\":\"app02\", \"version\":\"1.1\", \"size\":10,\"archiveType\":\"zip\", \"md5\":\"xxxx\", \"url\":\"http://xxxxxx\",\"timeout\": 1000 }]`;
const REGIONS = ['cn-chengdu-telecom-4', 'cn-shanghai-cmcc-4', 'cn-wuxi-5'];

function good(id: string, patch: Partial<FileRowDraft> = {}): FileRowDraft {
  return {
    id,
    name: 'app01',
    version: '1.0',
    size: '100',
    sizeUnit: 'B',
    archiveType: 'tar.gz',
    md5: '',
    url: 'http://files/a.tgz',
    timeout: '1000',
    ...patch,
  };
}
function draft(patch: Partial<PushDraft> = {}): PushDraft {
  return {
    ...emptyDraft(),
    files: [good('r1')],
    scope: 'selected',
    policies: [{ id: 'p1', operator: 'In', values: ['cn-wuxi-5'] }],
    mode: 'push-only',
    ...patch,
  };
}

describe('the seed example', () => {
  test('imports with its one documented mistake located on md5', () => {
    const parsed = parseDataJson(SEED);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.drafts).toHaveLength(2);
    expect(parsed.errors.map((e) => e.path)).toEqual([[1, 'md5']]);
    const rows = parsed.drafts.map(rowFromPasted);
    expect(rows[0]).toMatchObject({ name: 'app01', size: '100', sizeUnit: 'B', timeout: '1000', url: 'http://xxxx' });
    const v = validateDraft(draft({ files: rows }), defaultDistribution(), REGIONS);
    expect(Object.entries(v.errors)).toEqual([
      [fileKey(rows[1]!.id, 'md5'), 'md5 must be empty or 32 hexadecimal characters'],
    ]);
  });
});

describe('validateDraft()', () => {
  test.each<[string, Partial<FileRowDraft>, keyof FileRowDraft, RegExp]>([
    ['bad md5', { md5: '123' }, 'md5', /32 hexadecimal/],
    ['ftp url', { url: 'ftp://x/y' }, 'url', /http/],
    ['url without scheme', { url: 'files/a.tgz' }, 'url', /complete address/],
    ['size not a number', { size: 'big' }, 'size', /size must be a number/],
    ['size missing', { size: '' }, 'size', /size is required/],
    ['negative size', { size: '-1' }, 'size', /0 or more/],
    ['timeout zero', { timeout: '0' }, 'timeout', /greater than 0/],
    ['name missing', { name: '' }, 'name', /name must not be empty/],
    ['archive type missing', { archiveType: '' }, 'archiveType', /archiveType is required/],
    ['a comma in the name', { name: 'a,b' }, 'name', /comma/],
    ['a right-to-left override in the version', { version: '1.\u202e0' }, 'version', /U\+202E/],
    ['a size of 1e308 bytes', { size: '1e308', sizeUnit: 'B' }, 'size', /at most/],
    ['the cloud metadata service as the url', { url: 'http://169.254.169.254/latest' }, 'url', /link-local/],
    ['a decimal loopback url', { url: 'http://2130706433/a.zip' }, 'url', /loopback/],
  ])('%s is shown on its field', (_title, patch, field, message) => {
    const v = validateDraft(draft({ files: [good('r1', patch)] }), defaultDistribution(), REGIONS);
    expect(v.request).toBeUndefined();
    expect(v.errors[`file:r1:${field}`]).toMatch(message);
  });

  test('an internal file URL is allowed where the deployment allows it', () => {
    const files = [good('r1', { url: 'http://10.0.0.8/a.zip' })];
    expect(validateDraft(draft({ files }), defaultDistribution(), REGIONS).errors['file:r1:url']).toMatch(
      /private network/,
    );
    const allowed = validateDraft(draft({ files }), defaultDistribution(), REGIONS, { allowInternalUrls: true });
    expect(allowed.errors).toEqual({});
    expect(allowed.request).toBeDefined();
  });

  test('a valid draft becomes the request, sizes in bytes', () => {
    const v = validateDraft(
      draft({ files: [good('r1', { size: '2', sizeUnit: 'KB' })] }),
      defaultDistribution(),
      REGIONS,
    );
    expect(v.errors).toEqual({});
    expect(v.request).toEqual({
      data: [
        {
          name: 'app01',
          version: '1.0',
          size: 2048,
          archiveType: 'tar.gz',
          md5: '',
          url: 'http://files/a.tgz',
          timeout: 1000,
        },
      ],
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: ['cn-wuxi-5'] }],
    });
  });

  test('push and distribute adds the distribution settings', () => {
    const v = validateDraft(
      draft({ mode: 'push-and-distribute' }),
      { ...defaultDistribution(), fileMode: '0644' },
      REGIONS,
    );
    expect(v.request?.distribute).toEqual({
      destPath: '/root/installed',
      decompress: true,
      fileMode: '644',
      timeout: 1800,
    });
  });

  test.each<[string, Partial<PushDraft>, string, RegExp]>([
    ['no choice of regions', { scope: 'unset' }, 'strategy', /Choose where to push/],
    ['empty policy', { policies: [{ id: 'p1', operator: 'In', values: [] }] }, 'policy:p1', /at least one region/],
    [
      'unknown region',
      { policies: [{ id: 'p1', operator: 'In', values: ['cn-mars-1'] }] },
      'policy:p1',
      /not a region of this application/,
    ],
    [
      'NotIn everything',
      { policies: [{ id: 'p1', operator: 'NotIn', values: REGIONS }] },
      'strategy',
      /selects no region/,
    ],
  ])('strategy: %s', (_title, patch, key, message) => {
    const v = validateDraft(draft(patch), defaultDistribution(), REGIONS);
    expect(v.errors[key]).toMatch(message);
  });

  test('every region is an explicit null strategy', () => {
    expect(validateDraft(draft({ scope: 'all' }), defaultDistribution(), REGIONS).request?.strategy).toBeNull();
  });

  test('no request until the regions are known', () => {
    expect(validateDraft(draft(), defaultDistribution(), undefined).request).toBeUndefined();
  });

  test('distribution errors land on their fields', () => {
    const v = validateDraft(
      draft({ mode: 'push-and-distribute' }),
      { ...defaultDistribution(), destPath: 'relative', fileMode: '999' },
      REGIONS,
    );
    expect(v.errors['dist:destPath']).toMatch(/absolute path/);
    expect(v.errors['dist:fileMode']).toMatch(/octal/);
  });
});

describe('locateIssue()', () => {
  const d = draft({ files: [good('r1'), good('r2')] });
  test.each([
    ['data.1.md5', 'file:r2:md5'],
    ['data.0.url', 'file:r1:url'],
    ['data.5.md5', 'files'],
    ['data', 'files'],
    ['strategy.0.values.2', 'policy:p1'],
    ['strategy', 'strategy'],
    ['distribute.destPath', 'dist:destPath'],
    ['idempotencyKey', 'form'],
  ])('%s → %s', (path, key) => {
    expect(locateIssue(path, d)).toBe(key);
  });
});

describe('toFieldErrors() maps a server 400 onto the form', () => {
  const d = draft({ files: [good('r1'), good('r2', { version: '2.0' })] });

  test.each([
    ['data.1.url', fileKey('r2', 'url')],
    ['data.0.md5', fileKey('r1', 'md5')],
    ['data.7.md5', 'files'],
    ['data', 'files'],
    ['strategy.0.values.2', policyKey('p1')],
    ['strategy', 'strategy'],
    ['distribute.destPath', distKey('destPath')],
    ['idempotencyKey', 'form'],
  ])('%s → %s', (path, key) => {
    expect(toFieldErrors([{ path, message: 'problem' }], d)).toEqual({ [key]: 'problem' });
  });

  test('the first message for a field wins', () => {
    const errors = toFieldErrors(
      [
        { path: 'data.0.url', message: 'url must start with http:// or https://' },
        { path: 'data.0.url', message: 'url is too long' },
      ],
      d,
    );
    expect(errors).toEqual({ [fileKey('r1', 'url')]: 'url must start with http:// or https://' });
  });
});
