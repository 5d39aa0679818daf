import { describe, expect, test } from 'vitest';
import { errorCodeText, kindText, overallMeaning, prePushLabel, summarizeStrategy } from './format';

describe('summarizeStrategy()', () => {
  test.each([
    ['null strategy', null, 'All regions', []],
    ['empty list', [], 'All regions', []],
    [
      'In with three regions',
      [{ name: 'ScheduleToRegionId', operator: 'In', values: ['a', 'b', 'c'] }],
      'In: 3 regions',
      ['a', 'b', 'c'],
    ],
    [
      'In with one region',
      [{ name: 'ScheduleToRegionId', operator: 'In', values: ['cn-hangzhou-3'] }],
      'In: cn-hangzhou-3',
      ['cn-hangzhou-3'],
    ],
    [
      'NotIn with two regions',
      [{ name: 'ScheduleToRegionId', operator: 'NotIn', values: ['a', 'b'] }],
      'Not in: 2 regions',
      ['a', 'b'],
    ],
    [
      'two policies',
      [
        { name: 'ScheduleToRegionId', operator: 'In', values: ['a', 'b'] },
        { name: 'ScheduleToRegionId', operator: 'NotIn', values: ['c'] },
      ],
      'In: 2 regions; Not in: c',
      ['a', 'b', 'c'],
    ],
  ])('%s', (_title, strategy, text, regions) => {
    expect(summarizeStrategy(strategy)).toEqual({ text, regions });
  });
});

describe('prePushLabel()', () => {
  test.each([
    [null, 'Not checked yet'],
    ['SUCCESS', 'Pre-push done'],
    ['PUSHING', 'Pre-pushing'],
    ['FAILED', 'Pre-push failed'],
    ['SOMETHING_NEW', 'SOMETHING_NEW'],
  ])('prePushLabel(%s)', (status, label) => {
    expect(prePushLabel(status).label).toBe(label);
  });
});

describe('errorCodeText()', () => {
  test.each([
    [{ message: 'Failed' }, ''],
    [{ message: 'Failed', code: 'Throttling' }, 'Throttling'],
    [{ message: 'Failed', httpStatus: 503 }, 'HTTP 503'],
    [{ message: 'Failed', code: 'ServiceUnavailable', httpStatus: 503 }, 'ServiceUnavailable · HTTP 503'],
    [
      {
        message: 'ENS rejected the request (ServiceUnavailable): try later',
        code: 'ServiceUnavailable',
        httpStatus: 503,
      },
      'HTTP 503',
    ],
  ])('errorCodeText(%j)', (error, text) => {
    expect(errorCodeText(error)).toBe(text);
  });
});

describe('overallMeaning()', () => {
  const sent = (
    regions: { regionId: string; distState: 'waiting' | 'distributing' | 'sent' | 'skipped' | 'failed' }[],
    codes = [0],
  ) => ({
    state: 'sent' as const,
    resultCodes: codes.map((resultCode) => ({ resultCode })),
    regions,
  });

  test('a region skipped because its pre-push failed is not a green "Sent"', () => {
    const m = overallMeaning(
      sent([
        { regionId: 'cn-a', distState: 'sent' },
        { regionId: 'cn-hangzhou-26', distState: 'skipped' },
      ]),
    );
    expect(m.tone).toBe('warn');
    expect(m.label).toBe('Sent · 1 of 2 regions not distributed');
    expect(m.note).toContain('cn-hangzhou-26');
  });

  test('every region skipped is a failure; regions still waiting are in progress; all sent is Sent', () => {
    expect(overallMeaning(sent([{ regionId: 'a', distState: 'skipped' }])).tone).toBe('danger');
    expect(
      overallMeaning(
        sent([
          { regionId: 'a', distState: 'waiting' },
          { regionId: 'b', distState: 'sent' },
        ]),
      ).label,
    ).toBe('Sent · 1 of 2 regions in progress');
    expect(overallMeaning(sent([{ regionId: 'a', distState: 'sent' }]))).toMatchObject({ label: 'Sent', tone: 'ok' });
  });

  test('a file ENS answered 300 for makes the entry a failure', () => {
    expect(overallMeaning(sent([], [0, 300]))).toMatchObject({ label: 'Sent · 1 of 2 files failed', tone: 'danger' });
  });
});

describe('kindText()', () => {
  test('names the version-page action; a clean reads as a clean', () => {
    expect(kindText({ kind: 'distribution', action: 'clean' })).toBe('Clean (CleanDistData)');
    expect(kindText({ kind: 'distribution', action: 'retry-failed' })).toBe('Distribution · Retry failed instances');
    expect(kindText({ kind: 'push', action: null })).toBe('Push only');
  });
});
