import { describe, expect, test } from 'vitest';
import { fingerprint, isDefinitiveFailure, keyFor } from './idempotency';

describe('keyFor()', () => {
  const print = fingerprint('app', { data: [1] });
  test.each([
    ['no pending attempt makes a new key', null, 'new'],
    ['the same request reuses the pending key', { key: 'old', fingerprint: print }, 'old'],
    ['a changed request makes a new key', { key: 'old', fingerprint: fingerprint('app', { data: [2] }) }, 'new'],
    ['another application makes a new key', { key: 'old', fingerprint: fingerprint('other', { data: [1] }) }, 'new'],
  ])('%s', (_title, pending, expected) => {
    expect(keyFor(pending, print, () => 'new').key).toBe(expected);
  });
});

describe('isDefinitiveFailure()', () => {
  test.each([
    [0, false],
    [400, true],
    [404, true],
    [413, true],
    [408, false],
    [409, false],
    [429, false],
    [502, false],
    [504, false],
  ])('isDefinitiveFailure(%d) = %s', (status, expected) => {
    expect(isDefinitiveFailure(status)).toBe(expected);
  });

  test('a push whose outcome is unknown needs a new key', () => {
    expect(isDefinitiveFailure(409, 'PushOutcomeUnknown')).toBe(true);
    expect(isDefinitiveFailure(409, 'PushInProgress')).toBe(false);
  });
});
