import { describe, expect, test } from 'vitest';
import { errorCodeText, prePushLabel, summarizeStrategy } from './format';

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
