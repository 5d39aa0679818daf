import { describe, expect, test } from 'vitest';
import { NonceCache } from './nonce-cache';
import {
  EMPTY_BODY_SHA256,
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  checkDate,
  encodeRfc3986,
  parseAuthorization,
  parseFormBody,
  parseQueryParams,
  percentDecode,
  sha256Hex,
  signString,
  stringToSign,
  verifyRequest,
  type HeaderMap,
  type VerifiableRequest,
} from './signature';
import { SimError } from './errors';
import { acsDate, signRequest } from './test-signer';

const SIX = 'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version';

function headerMap(headers: Record<string, string>): HeaderMap {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]]));
}

/** Builds everything §3.10 specifies from the raw wire inputs, through the verifier's own functions. */
function vector(input: {
  host: string;
  action: string;
  version: string;
  date: string;
  nonce: string;
  query: string;
  body: string;
  secret: string;
}) {
  const headers: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': input.date,
    'x-acs-signature-nonce': input.nonce,
    'x-acs-content-sha256': sha256Hex(input.body),
  };
  if (input.body !== '') headers['content-type'] = 'application/x-www-form-urlencoded';
  const signed = Object.keys(headers);
  const canonical = canonicalRequest({
    method: 'POST',
    uri: canonicalUri('/'),
    query: canonicalQueryString(input.query),
    headers: canonicalHeaders(headerMap(headers), signed),
    signedHeaders: signed,
    payloadHash: sha256Hex(input.body),
  });
  const toSign = stringToSign(canonical);
  return { canonical, hashed: toSign.split('\n')[1], signature: signString(input.secret, toSign) };
}

describe('docs/ens.md §3.10 test vectors', () => {
  test('A. official fixed example, byte-exact', () => {
    const v = vector({
      host: 'ecs.cn-shanghai.aliyuncs.com',
      action: 'RunInstances',
      version: '2014-05-26',
      date: '2023-10-26T10:22:32Z',
      nonce: '3156853299f313e23d1673dc12e1703d',
      query: 'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
      body: '',
      secret: 'YourAccessKeySecret',
    });
    expect(v.canonical).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${EMPTY_BODY_SHA256}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        SIX,
        EMPTY_BODY_SHA256,
      ].join('\n'),
    );
    expect(v.hashed).toBe('7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
    expect(v.signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
  });

  test('B. ENS DescribeDataDistResult with query parameters', () => {
    // The wire order and escaping differ from the canonical form on purpose.
    const query =
      'PageSize=10&EnsRegionIds=' +
      encodeURIComponent('["cn-chengdu-telecom-4","cn-shanghai-cmcc-4"]') +
      '&AppId=e76f8985-7965-41fc-925b-9648bb6bf650&DataNames=gcs-prod-websocket-eip-unicom&PageNumber=1';
    const v = vector({
      host: 'ens.aliyuncs.com',
      action: 'DescribeDataDistResult',
      version: '2017-11-10',
      date: '2024-05-20T08:00:00Z',
      nonce: '0123456789abcdef0123456789abcdef',
      query,
      body: '',
      secret: 'testAccessKeySecret',
    });
    expect(v.canonical.split('\n')[2]).toBe(
      'AppId=e76f8985-7965-41fc-925b-9648bb6bf650&DataNames=gcs-prod-websocket-eip-unicom&EnsRegionIds=%5B%22cn-chengdu-telecom-4%22%2C%22cn-shanghai-cmcc-4%22%5D&PageNumber=1&PageSize=10',
    );
    expect(v.canonical.split('\n')[10]).toBe(SIX);
    expect(v.hashed).toBe('80548a485c8ceedde5b463c00d526ed79071d908d24b788dfa021e76d5ed01e8');
    expect(v.signature).toBe('2c70dec35d1a04c1df43a398eef1790850683c00b2c68aca630bc75bdfe5feb8');
  });

  test('C. the same call with a form body', () => {
    const body = 'AppId=e76f8985-7965-41fc-925b-9648bb6bf650&PageNumber=1&PageSize=10';
    expect(sha256Hex(body)).toBe('c75e751a5a5df21b13c65f8fda2b23aa50f0814bb0ea8782e8cd12a9ee5faebd');
    const v = vector({
      host: 'ens.aliyuncs.com',
      action: 'DescribeDataDistResult',
      version: '2017-11-10',
      date: '2024-05-20T08:00:00Z',
      nonce: '0123456789abcdef0123456789abcdef',
      query: '',
      body,
      secret: 'testAccessKeySecret',
    });
    expect(v.canonical.split('\n')[2]).toBe('');
    expect(v.canonical.split('\n')[3]).toBe('content-type:application/x-www-form-urlencoded');
    expect(v.canonical.split('\n')[11]).toBe(`content-type;${SIX}`);
    expect(v.hashed).toBe('c0ebe1cfac9f98ba5dd89fc22d8ae6006a431d2d12c78ecc202c16d500fcc09b');
    expect(v.signature).toBe('0c7a477002d50330a09fafd76b018f749993507e1a92d1e4f757c443090c4ed2');
  });

  test("encoding check: a b!*()~'中", () => {
    expect(encodeRfc3986("a b!*()~'中")).toBe('a%20b%21%2A%28%29~%27%E4%B8%AD');
  });
});

describe('encodeRfc3986() and percentDecode()', () => {
  test.each([
    ['AZaz09-_.~', 'AZaz09-_.~'],
    [' ', '%20'],
    ['+', '%2B'],
    ['%', '%25'],
    ['/', '%2F'],
    ['é', '%C3%A9'],
    ['', ''],
  ])('encodeRfc3986(%j) is %j', (input, expected) => {
    expect(encodeRfc3986(input)).toBe(expected);
  });

  test.each([
    ['a%20b', 'a b'],
    ['a+b', 'a+b'],
    ['%e4%B8%ad', '中'],
    ['100%', '100%'],
    ['%zz%4', '%zz%4'],
  ])('percentDecode(%j) is %j', (input, expected) => {
    expect(percentDecode(input).toString('utf8')).toBe(expected);
  });
});

describe('canonicalQueryString()', () => {
  test.each([
    ['', ''],
    ['b=2&a=1', 'a=1&b=2'],
    ['Key.2=x&Key.10=y', 'Key.10=y&Key.2=x'],
    ['b=1&B=2', 'B=2&b=1'],
    ['flag&x=', 'flag=&x='],
    ['a=1&&b=2&', 'a=1&b=2'],
    ['v=a=b', 'v=a%3Db'],
    ['v=a+b', 'v=a%2Bb'],
    ["v=!'()*", 'v=%21%27%28%29%2A'],
    ['v=%7e%41', 'v=~A'],
    ['a=2&a=1', 'a=1&a=2'],
  ])('%j canonicalizes to %j', (raw, expected) => {
    expect(canonicalQueryString(raw)).toBe(expected);
  });
});

describe('parameter decoding', () => {
  test('query keeps + literal, the form body reads + as space', () => {
    expect(parseQueryParams('a=x+y&b=%20')).toEqual({ a: 'x+y', b: ' ' });
    expect(parseFormBody('a=x+y&b=%2B')).toEqual({ a: 'x y', b: '+' });
  });

  test('JSON-array values survive the round trip', () => {
    const value = '["cn-chengdu-telecom-4","cn-wuxi-5"]';
    expect(parseQueryParams(`EnsRegionIds=${encodeURIComponent(value)}`)).toEqual({ EnsRegionIds: value });
  });
});

describe('canonicalHeaders()', () => {
  test('trims, sorts, joins repeated values', () => {
    const headers: HeaderMap = { host: ['h:1'], 'x-acs-b': [' 2 ', '1'], 'x-acs-a': ['v'] };
    expect(canonicalHeaders(headers, ['x-acs-b', 'host', 'x-acs-a'])).toBe('host:h:1\nx-acs-a:v\nx-acs-b:1,2\n');
  });

  test('a listed header that is absent is IncompleteSignature', () => {
    expect(() => canonicalHeaders({ host: ['h'] }, ['host', 'x-acs-date'])).toThrow(/x-acs-date/);
  });
});

describe('parseAuthorization()', () => {
  const sig = 'a'.repeat(64);
  test.each([
    [undefined],
    [''],
    [`ACS3-HMAC-SHA1 Credential=ak,SignedHeaders=host,Signature=${sig}`],
    [`ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=${sig.toUpperCase()}`],
    [`ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=abc`],
    [`ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=Host,Signature=${sig}`],
    [`ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;host,Signature=${sig}`],
    [`ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;;x,Signature=${sig}`],
  ])('rejects %j', (header) => {
    expect(parseAuthorization(header)).toBeNull();
  });

  test('reads the three parts', () => {
    expect(
      parseAuthorization(`ACS3-HMAC-SHA256 Credential=LTAI5tX,SignedHeaders=host;x-acs-date,Signature=${sig}`),
    ).toEqual({
      accessKeyId: 'LTAI5tX',
      signedHeaders: ['host', 'x-acs-date'],
      signature: sig,
    });
  });
});

describe('checkDate()', () => {
  const now = Date.parse('2024-05-20T08:00:00Z');
  test.each([
    '2024-05-20T08:00:00',
    '2024-05-20 08:00:00Z',
    '2024-05-20T08:00:00.000Z',
    '2024-02-30T08:00:00Z',
    '2024-05-20T25:00:00Z',
    '',
  ])('%j is InvalidTimeStamp.Format', (value) => {
    expect(() => checkDate(value, now)).toThrow(expect.objectContaining({ code: 'InvalidTimeStamp.Format' }));
  });

  test.each(['2024-05-20T07:44:59Z', '2024-05-20T08:15:01Z'])('%j is InvalidTimeStamp.Expired', (value) => {
    expect(() => checkDate(value, now)).toThrow(expect.objectContaining({ code: 'InvalidTimeStamp.Expired' }));
  });

  test.each(['2024-05-20T07:45:00Z', '2024-05-20T08:15:00Z'])('%j is within the window', (value) => {
    expect(checkDate(value, now)).toBe(Date.parse(value));
  });
});

describe('verifyRequest()', () => {
  const ak = 'LTAI5tTestTestTestTestTest';
  const secret = 'simulator-secret-000000000000';
  const host = '127.0.0.1:8787';

  function toVerifiable(signed: ReturnType<typeof signRequest>): VerifiableRequest {
    const [pathname = '/', rawQuery = ''] = signed.path.split('?');
    return {
      method: signed.method,
      pathname,
      rawQuery,
      headers: headerMap(signed.headers),
      body: Buffer.from(signed.body ?? ''),
    };
  }

  function context(nonces = new NonceCache()) {
    return { lookupSecret: (id: string) => (id === ak ? secret : undefined), nonces, now: Date.now() };
  }

  function codeOf(fn: () => unknown): string {
    try {
      fn();
    } catch (err) {
      if (err instanceof SimError) return `${err.httpStatus} ${err.code}`;
      throw err;
    }
    return 'accepted';
  }

  const base = {
    accessKeyId: ak,
    accessKeySecret: secret,
    host,
    action: 'DescribeEnsRegions',
    query: { EnsRegionId: 'cn-wuxi-5' },
  };

  test('accepts a request signed from the spec, query and form body alike', () => {
    expect(codeOf(() => verifyRequest(toVerifiable(signRequest(base)), context()))).toBe('accepted');
    const form = signRequest({ ...base, query: {}, body: 'AppId=x&PageSize=10' });
    expect(codeOf(() => verifyRequest(toVerifiable(form), context()))).toBe('accepted');
  });

  test.each<[string, (r: VerifiableRequest) => VerifiableRequest, string]>([
    [
      'no Authorization',
      (r) => ({ ...r, headers: { ...r.headers, authorization: undefined } }),
      '400 IncompleteSignature',
    ],
    [
      'a V2-style Authorization',
      (r) => ({ ...r, headers: { ...r.headers, authorization: ['acs ak:sig'] } }),
      '400 IncompleteSignature',
    ],
    [
      'an unknown AccessKey',
      (r) => ({ ...r, headers: replaceAuth(r.headers, ak, 'LTAI5tUnknownUnknownUnkn') }),
      '404 InvalidAccessKeyId.NotFound',
    ],
    [
      'x-acs-date not signed',
      (r) => ({ ...r, headers: replaceAuth(r.headers, ';x-acs-date;', ';') }),
      '400 IncompleteSignature',
    ],
    [
      'a signed header missing',
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-signature-nonce': undefined } }),
      '400 IncompleteSignature',
    ],
    [
      'a bad date',
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-date': ['2024-05-20'] } }),
      '400 InvalidTimeStamp.Format',
    ],
    [
      'a stale date',
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-date': [acsDate(Date.now() - 16 * 60_000)] } }),
      '400 InvalidTimeStamp.Expired',
    ],
    [
      'a body added to a request signed without one',
      (r) => ({ ...r, body: Buffer.from('x') }),
      '400 IncompleteSignature',
    ],
    [
      'a changed query value',
      (r) => ({ ...r, rawQuery: r.rawQuery.replace('cn-wuxi-5', 'cn-wuxi-6') }),
      '400 SignatureDoesNotMatch',
    ],
    [
      'a changed signed header',
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-action': ['ListApplications'] } }),
      '400 SignatureDoesNotMatch',
    ],
    ['a changed method', (r) => ({ ...r, method: 'GET' }), '400 SignatureDoesNotMatch'],
  ])('%s → %s', (_name, tamper, expected) => {
    expect(codeOf(() => verifyRequest(tamper(toVerifiable(signRequest(base))), context()))).toBe(expected);
  });

  test('a body not matching x-acs-content-sha256 (content-type signed) is SignatureDoesNotMatch', () => {
    const r = toVerifiable(signRequest({ ...base, body: 'AppId=a' }));
    expect(codeOf(() => verifyRequest({ ...r, body: Buffer.from('AppId=b') }, context()))).toBe(
      '400 SignatureDoesNotMatch',
    );
  });

  test('a nonce is single-use per AccessKey, and only a verified request uses it up', () => {
    const nonces = new NonceCache();
    const good = toVerifiable(signRequest({ ...base, nonce: 'n-1' }));
    const forged = { ...good, rawQuery: 'EnsRegionId=cn-forged-1' };
    expect(codeOf(() => verifyRequest(forged, context(nonces)))).toBe('400 SignatureDoesNotMatch');
    expect(codeOf(() => verifyRequest(good, context(nonces)))).toBe('accepted');
    expect(codeOf(() => verifyRequest(good, context(nonces)))).toBe('400 SignatureNonceUsed');
  });
});

describe('NonceCache', () => {
  test('forgets a nonce once it expires', () => {
    const cache = new NonceCache();
    cache.remember('ak', 'n', 1_000, 0);
    expect(cache.has('ak', 'n', 999)).toBe(true);
    expect(cache.has('other', 'n', 999)).toBe(false);
    expect(cache.has('ak', 'n', 1_000)).toBe(false);
  });

  test('stays within its capacity, dropping expired entries first', () => {
    const cache = new NonceCache(3);
    cache.remember('ak', 'old', 10, 0);
    cache.remember('ak', 'a', 100, 0);
    cache.remember('ak', 'b', 100, 0);
    cache.remember('ak', 'c', 100, 50);
    expect(cache.size).toBe(3);
    expect(cache.has('ak', 'a', 60)).toBe(true);
    cache.remember('ak', 'd', 100, 60);
    expect(cache.size).toBe(3);
    expect(cache.has('ak', 'a', 60)).toBe(false);
    expect(cache.has('ak', 'd', 60)).toBe(true);
  });
});

function replaceAuth(headers: HeaderMap, from: string, to: string): HeaderMap {
  return { ...headers, authorization: headers.authorization?.map((v) => v.replace(from, to)) };
}
