import { describe, expect, test } from 'vitest';
import { buildCliCommand, shellQuote } from './cli-command';

describe('shellQuote()', () => {
  test.each([
    ['plain', `'plain'`],
    ['[{"name":"a"}]', `'[{"name":"a"}]'`],
    ["it's", `'it'\\''s'`],
    ['', `''`],
    ['$(rm -rf /)', `'$(rm -rf /)'`],
  ])('shellQuote(%j)', (input, expected) => {
    expect(shellQuote(input)).toBe(expected);
  });
});

describe('buildCliCommand()', () => {
  test('with a strategy', () => {
    expect(buildCliCommand('app-1', '[{"name":"a"}]', '{"name":"ScheduleToRegionId"}')).toBe(
      `aliyun ens PushApplicationData \\\n  --AppId 'app-1' \\\n  --Data '[{"name":"a"}]' \\\n  --PushStrategy '{"name":"ScheduleToRegionId"}'`,
    );
  });
  test('without a strategy', () => {
    expect(buildCliCommand('app-1', '[]', undefined)).toBe(
      `aliyun ens PushApplicationData \\\n  --AppId 'app-1' \\\n  --Data '[]'`,
    );
  });
});
