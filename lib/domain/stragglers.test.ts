import { describe, expect, test } from 'vitest';
import { etaWithoutStragglers, findStragglers } from './stragglers';
import { buildRow } from './test-rows';

const start = Date.parse('2026-11-26T07:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
// Ten instances in one region that each took 60-150 s.
const settled = Array.from({ length: 10 }, (_, i) =>
  buildRow({
    instanceId: `i-5s${i}`,
    regionId: 'cn-a',
    startTime: iso(start),
    updateTime: iso(start + (60 + i * 10) * 1000),
  }),
);
const disting = (id: string, regionId = 'cn-a') =>
  buildRow({
    instanceId: id,
    regionId,
    status: 'DISTING',
    statusDescrip: '',
    startTime: iso(start),
    updateTime: iso(start),
  });

describe('findStragglers()', () => {
  test('instances distributing far longer than their region median are stragglers, longest first', () => {
    const rows = [...settled, disting('i-5x'), disting('i-5y')];
    // Median ~105 s: the threshold is median + 5 min (more than 3 × median).
    expect(findStragglers(rows, start + 60_000).count).toBe(0);
    expect(findStragglers(rows, start + 20 * 60_000)).toEqual({ count: 2, instanceIds: ['i-5x', 'i-5y'] });
  });

  test('a region with too few settled instances borrows the version median; none settled means none flagged', () => {
    expect(findStragglers([...settled, disting('i-5z', 'cn-b')], start + 20 * 60_000).count).toBe(1);
    expect(findStragglers([disting('i-5z')], start + 60 * 60_000).count).toBe(0);
  });

  test('the ETA leaves stragglers out', () => {
    expect(etaWithoutStragglers(3, 3, 10)).toBe(0);
    expect(etaWithoutStragglers(13, 3, 10)).toBe(60_000);
    expect(etaWithoutStragglers(13, 3, null)).toBeNull();
  });
});
