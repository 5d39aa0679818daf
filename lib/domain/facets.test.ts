import { describe, expect, test } from 'vitest';
import { buildRow } from './test-rows';
import { facetsOf, filterAndSort } from './version-detail';
import { instanceQuerySchema } from '@/lib/contracts/instance-params';

const failed = (id: string, regionId: string, reason: string) =>
  buildRow({ instanceId: id, regionId, status: 'FAILED', statusDescrip: reason });
const rows = [
  failed('i-51', 'cn-a', 'download timeout after 1800s'),
  failed('i-52', 'cn-a', 'download timeout after 1800s'),
  failed('i-53', 'cn-b', 'download timeout after 1800s'),
  failed('i-54', 'cn-b', 'no space left on device'),
  buildRow({ instanceId: 'i-55', regionId: 'cn-a' }),
  buildRow({ instanceId: 'i-56', regionId: 'cn-b' }),
];
const query = (q: Record<string, string>) => instanceQuerySchema.parse({ name: 'n', version: 'v', ...q });

describe('facetsOf()', () => {
  test('each count is what clicking it would list under the other active filters', () => {
    const filters = query({ region: 'cn-a' });
    const facets = facetsOf(rows, filters);
    expect(facets.status).toMatchObject({ SUCCESS: 1, FAILED: 2 });
    expect(facets.reasons).toEqual([{ statusDescrip: 'download timeout after 1800s', count: 2 }]);
    // The region counts ignore the region filter itself.
    expect(facets.regions).toEqual([
      { regionId: 'cn-a', count: 3 },
      { regionId: 'cn-b', count: 3 },
    ]);
    // Clicking the reason (text + FAILED) lists exactly the count shown beside it.
    const clicked = query({ region: 'cn-a', status: 'FAILED', q: 'download timeout after 1800s' });
    expect(filterAndSort(rows, clicked)).toHaveLength(facets.reasons[0]!.count);
    // And clicking the status chip lists the count beside it.
    expect(filterAndSort(rows, query({ region: 'cn-a', status: 'FAILED' }))).toHaveLength(facets.status.FAILED);
  });

  test('the status filter narrows the region counts, not the status counts', () => {
    const facets = facetsOf(rows, query({ status: 'FAILED' }));
    expect(facets.status).toMatchObject({ SUCCESS: 2, FAILED: 4 });
    expect(facets.regions).toEqual([
      { regionId: 'cn-a', count: 2 },
      { regionId: 'cn-b', count: 2 },
    ]);
  });

  test('computed once per read and filter: a poll of the same filter reuses them, another read or filter does not', () => {
    const filters = query({ region: 'cn-a' });
    const first = facetsOf(rows, filters);
    // The same filter, however the query lists it.
    expect(facetsOf(rows, query({ region: 'cn-a' }))).toBe(first);
    expect(facetsOf(rows, query({ region: 'cn-b' }))).not.toBe(first);
    // A new read (a new rows array) is counted afresh, with its own numbers.
    const next = [...rows, failed('i-57', 'cn-a', 'no space left on device')];
    const counted = facetsOf(next, filters);
    expect(counted).not.toBe(first);
    expect(counted.status.FAILED).toBe(first.status.FAILED + 1);
  });
});
