import { newError, newUnretryableError, Request } from '@alicloud/tea-typescript';
import { describe, expect, test } from 'vitest';
import { EnsError, redact, toEnsError } from './errors';

const SECRET = 'sEcReT-0123456789abcdefABCDEF';

/** An ENS error answer as @alicloud/openapi-client turns it into an exception (client.js doRequest). */
function ensAnswer(statusCode: number, body: Record<string, unknown>) {
  const err = { ...body, statusCode };
  return newError({
    code: `${body.Code}`,
    message: `code: ${statusCode}, ${body.Message} request id: ${body.RequestId}`,
    data: err,
    description: 'undefined',
  });
}

/** A Node socket error as node:http raises it (httpx appends the URL). */
function socketError(code: string, message: string) {
  return Object.assign(new Error(`${message}POST http://127.0.0.1:1/?AppId=a failed.`), { code });
}

describe('toEnsError()', () => {
  test.each<
    [string, unknown, { code: string; httpStatus: number; retryable: boolean; requestId?: string; message: string }]
  >([
    [
      'Throttling.User',
      ensAnswer(400, {
        RequestId: 'RID-1',
        Code: 'Throttling.User',
        Message: 'Request was denied due to user flow control.',
      }),
      {
        code: 'Throttling.User',
        httpStatus: 400,
        retryable: true,
        requestId: 'RID-1',
        message: 'ENS rejected the request (Throttling.User): Request was denied due to user flow control.',
      },
    ],
    [
      'Throttling.Api',
      ensAnswer(400, { RequestId: 'R', Code: 'Throttling.Api', Message: 'x' }),
      { code: 'Throttling.Api', httpStatus: 400, retryable: true, message: 'Throttling.Api' },
    ],
    [
      'ServiceUnavailable',
      ensAnswer(503, { RequestId: 'R', Code: 'ServiceUnavailable', Message: 'temporarily unavailable' }),
      { code: 'ServiceUnavailable', httpStatus: 503, retryable: true, message: 'temporarily unavailable' },
    ],
    [
      'InternalError',
      ensAnswer(500, { RequestId: 'R', Code: 'InternalError', Message: 'unknown error' }),
      { code: 'InternalError', httpStatus: 500, retryable: true, message: 'InternalError' },
    ],
    [
      'a 502 without a code',
      ensAnswer(502, { RequestId: 'R' }),
      { code: 'Http502', httpStatus: 502, retryable: true, message: 'ENS answered HTTP 502' },
    ],
    [
      'InvalidParameter',
      ensAnswer(400, { RequestId: 'R', Code: 'InvalidParameter.Data', Message: 'The specified field Data invalid.' }),
      { code: 'InvalidParameter.Data', httpStatus: 400, retryable: false, message: 'Data invalid' },
    ],
    [
      'NoPermission',
      ensAnswer(400, { RequestId: 'R', Code: 'NoPermission', Message: 'Permission denied.' }),
      { code: 'NoPermission', httpStatus: 400, retryable: false, message: 'Permission denied.' },
    ],
    [
      'SignatureDoesNotMatch',
      ensAnswer(400, {
        RequestId: 'R',
        Code: 'SignatureDoesNotMatch',
        Message: 'Specified signature does not match our calculation.',
      }),
      { code: 'SignatureDoesNotMatch', httpStatus: 400, retryable: false, message: 'signature' },
    ],
    [
      'InvalidAccessKeyId.NotFound',
      ensAnswer(404, {
        RequestId: 'R',
        Code: 'InvalidAccessKeyId.NotFound',
        Message: 'Specified access key is not found.',
      }),
      { code: 'InvalidAccessKeyId.NotFound', httpStatus: 404, retryable: false, message: 'access key' },
    ],
    [
      'SignatureNonceUsed',
      ensAnswer(400, { RequestId: 'R', Code: 'SignatureNonceUsed', Message: 'nonce' }),
      { code: 'SignatureNonceUsed', httpStatus: 400, retryable: true, message: 'nonce' },
    ],
    [
      'ECONNREFUSED',
      socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      { code: 'ConnectionRefused', httpStatus: 0, retryable: true, message: 'connection was refused' },
    ],
    [
      'ECONNRESET',
      socketError('ECONNRESET', 'read ECONNRESET'),
      { code: 'ConnectionReset', httpStatus: 0, retryable: true, message: 'dropped' },
    ],
    [
      'socket hang up',
      socketError('', 'socket hang up'),
      { code: 'ConnectionReset', httpStatus: 0, retryable: true, message: 'dropped' },
    ],
    [
      'ETIMEDOUT',
      socketError('ETIMEDOUT', 'connect ETIMEDOUT'),
      { code: 'Timeout', httpStatus: 0, retryable: true, message: 'in time' },
    ],
    [
      'httpx ReadTimeout',
      Object.assign(new Error('ReadTimeout(100). POST http://x/ failed.'), { name: 'RequestTimeoutError' }),
      { code: 'Timeout', httpStatus: 0, retryable: true, message: 'in time' },
    ],
    [
      'httpx ConnectTimeout',
      Object.assign(new Error('ConnectTimeout: Connect http://x/ failed.'), { name: 'RequestTimeoutError' }),
      { code: 'Timeout', httpStatus: 0, retryable: true, message: 'in time' },
    ],
    [
      'ENOTFOUND',
      socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND ens.example'),
      { code: 'EndpointNotFound', httpStatus: 0, retryable: false, message: 'ENS_ENDPOINT' },
    ],
    [
      'a body that is not JSON',
      new SyntaxError('Unexpected token < in JSON at position 0'),
      { code: 'InvalidResponse', httpStatus: 0, retryable: true, message: 'not JSON' },
    ],
    [
      'missing credentials',
      newError({ code: 'InvalidCredentials', message: 'Please set up the credentials correctly.' }),
      { code: 'InvalidCredentials', httpStatus: 0, retryable: false, message: 'credentials' },
    ],
    [
      'an empty default credential chain',
      new Error(
        'Unable to load credentials from any of the providers in the chain: EnvironmentVariableCredentialsProvider: not found',
      ),
      { code: 'InvalidCredentials', httpStatus: 0, retryable: false, message: 'credentials' },
    ],
    ['a string', 'boom', { code: 'Unknown', httpStatus: 0, retryable: false, message: 'Unexpected error' }],
    ['undefined', undefined, { code: 'Unknown', httpStatus: 0, retryable: false, message: 'Unexpected error' }],
  ])('maps %s', (_title, thrown, expected) => {
    const e = toEnsError(thrown, { action: 'DescribeDataDistResult' });
    expect(e).toBeInstanceOf(EnsError);
    expect(e).toMatchObject({
      code: expected.code,
      httpStatus: expected.httpStatus,
      retryable: expected.retryable,
      action: 'DescribeDataDistResult',
    });
    if (expected.requestId) expect(e.requestId).toBe(expected.requestId);
    expect(e.message).toContain(expected.message);
    expect(e.message).not.toMatch(/failed\.|http:\/\//);
  });

  test.each<[string, unknown, boolean]>([
    ['throttled (ENS did not act)', ensAnswer(400, { RequestId: 'R', Code: 'Throttling.User', Message: 'x' }), true],
    ['refused connection (never sent)', socketError('ECONNREFUSED', 'connect ECONNREFUSED'), true],
    ['a 503 (ENS may have acted)', ensAnswer(503, { RequestId: 'R', Code: 'ServiceUnavailable', Message: 'x' }), false],
    ['a dropped connection (may have arrived)', socketError('ECONNRESET', 'read ECONNRESET'), false],
    [
      'a timeout (may have arrived)',
      Object.assign(new Error('ReadTimeout(5)'), { name: 'RequestTimeoutError' }),
      false,
    ],
  ])('for a write, marks %s retryable=%s', (_title, thrown, retryable) => {
    expect(toEnsError(thrown, { action: 'PushApplicationData', write: true }).retryable).toBe(retryable);
  });

  test('never copies the secret, the signed request or the URL', () => {
    const request = new Request();
    request.headers = {
      Authorization: `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=${'a'.repeat(64)}`,
    };
    const unretryable = newUnretryableError(request);
    const answer = ensAnswer(400, {
      RequestId: 'R',
      Code: 'SignatureDoesNotMatch',
      Message: `server string to sign is: ${SECRET}`,
    });
    for (const thrown of [unretryable, answer, socketError('ECONNRESET', `secret ${SECRET}`)]) {
      const e = toEnsError(thrown, { secrets: [SECRET] });
      const everything = JSON.stringify({ e, message: e.message, cause: String(e.cause), stack: e.stack });
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toContain('Signature=aaaa');
      expect(everything).not.toContain('Authorization');
    }
  });

  test('returns an EnsError unchanged', () => {
    const e = new EnsError({ code: 'X', message: 'x', httpStatus: 0, retryable: false });
    expect(toEnsError(e)).toBe(e);
  });
});

describe('redact()', () => {
  test.each([
    ['a secret', `key ${SECRET} here`, 'key [redacted] here'],
    ['an Authorization header', 'Authorization: ACS3-HMAC-SHA256 Credential=AK', 'Authorization: [redacted]'],
    ['a V2 signature parameter', `Signature=${'0f'.repeat(20)}&x=1`, 'Signature=[redacted]&x=1'],
  ])('redact() removes %s', (_title, input, expected) => {
    expect(redact(input, [SECRET])).toBe(expected);
  });
});
