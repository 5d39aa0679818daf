import { describe, expect, test } from 'vitest';
import { safeReturnTo } from './oidc';

describe('safeReturnTo()', () => {
  test('keeps a path of the dashboard and nothing else (no open redirect)', () => {
    expect(safeReturnTo('/apps/x/versions?name=a&version=1')).toBe('/apps/x/versions?name=a&version=1');
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/api/auth/callback?code=x',
      '',
      null,
      undefined,
    ]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});
