import { describe, expect, test } from 'vitest';
import { EnsError } from './errors';
import { classifyEnsError, notifyEnsCall, setEnsCallObserver, type EnsCallEvent } from './observer';

const error = (code: string, httpStatus: number) => new EnsError({ code, message: code, httpStatus, retryable: false });

describe('classifyEnsError()', () => {
  test.each([
    ['Throttling.User', 400, 'throttled'],
    ['Throttling', 503, 'throttled'],
    ['Timeout', 0, 'timeout'],
    ['SignatureDoesNotMatch', 400, 'signature_error'],
    ['InvalidAccessKeyId.NotFound', 404, 'signature_error'],
    ['IncompleteSignature', 400, 'signature_error'],
    ['ConnectionRefused', 0, 'network_error'],
    ['ServiceUnavailable', 503, 'server_error'],
    ['InternalError', 500, 'server_error'],
    ['InvalidResponse', 0, 'server_error'],
    ['InvalidParameter.AppId', 400, 'client_error'],
  ] as const)('%s (HTTP %i) is %s', (code, status, outcome) => {
    expect(classifyEnsError(error(code, status))).toBe(outcome);
  });
});

describe('the call observer', () => {
  test('sees each event; a throwing observer never fails the call', () => {
    const seen: EnsCallEvent[] = [];
    setEnsCallObserver((event) => seen.push(event));
    notifyEnsCall({ action: 'DescribeEnsRegions', kind: 'read', outcome: 'ok', durationMs: 3, requestId: 'R-1' });
    expect(seen).toEqual([
      { action: 'DescribeEnsRegions', kind: 'read', outcome: 'ok', durationMs: 3, requestId: 'R-1' },
    ]);
    setEnsCallObserver(() => {
      throw new Error('broken exporter');
    });
    expect(() => notifyEnsCall({ action: 'X', kind: 'read', outcome: 'ok', durationMs: 1 })).not.toThrow();
    setEnsCallObserver(undefined);
  });
});
