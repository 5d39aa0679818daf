import { expect, test } from 'vitest';
import { NO_FILTERS } from '@/lib/push-history/filters';
import { pushHistoryOptions } from './push-history';

test("the server's first page keeps the time it was read, so hydration prints the server's time (React #418)", () => {
  const page = { pushes: [], nextCursor: null };
  const options = pushHistoryOptions('app-1', NO_FILTERS, false, page, 1_733_000_000_123);
  expect(options.initialData).toEqual({ pages: [page], pageParams: [null] });
  expect(options.initialDataUpdatedAt).toBe(1_733_000_000_123);
  expect(pushHistoryOptions('app-1', NO_FILTERS, false).initialDataUpdatedAt).toBeUndefined();
});
