import { describe, expect, test } from 'vitest';
import { describePushError } from './error-text';

describe('describePushError()', () => {
  test.each([
    [0, 'NetworkError', '', /could not be reached/],
    [400, 'InvalidInput', 'md5 is wrong', /fields need fixing/],
    [404, 'NotFound', '', /not found/],
    [413, 'TooLarge', '', /too large/],
    [409, 'PushInProgress', '', /already being processed/],
    [409, 'PushOutcomeUnknown', 'Check the status.', /interrupted/],
    [429, 'Throttling.User', '', /throttling/],
    [502, 'Upstream', 'ENS answered 500.', /failed to complete/],
    [504, 'Timeout', '', /did not answer in time/],
    [403, 'Forbidden', 'You may not push.', /refused/],
  ])('%d %s', (status, code, message, title) => {
    expect(describePushError(status, code, message).title).toMatch(title);
  });
});
