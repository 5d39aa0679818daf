import { describe, expect, test } from 'vitest';
import type { VersionSummaryModel } from './monitoring';
import { applyOverviewQuery, overviewQueryToParams, parseOverviewQuery } from './overview-params';
import { statusFigures, type StatusCounts } from '@/lib/domain/status';

const v = (name: string, version: string, counts: Partial<StatusCounts>, updatedAt: string): VersionSummaryModel => {
  const full = { SUCCESS: 0, DISTING: 0, FAILED: 0, POD_RESTARTING: 0, DELETED: 0, ...counts };
  return {
    name,
    version,
    counts: full,
    ...statusFigures(full),
    total: Object.values(full).reduce((a, b) => a + b, 0),
    updatedAt,
  };
};
const items = [
  v('game/client.pak', '1.0', { SUCCESS: 10 }, '2024-01-01T00:00:00Z'),
  v('game/client.pak', '1.1', { SUCCESS: 5, FAILED: 2, DISTING: 3 }, '2024-01-03T00:00:00Z'),
  v('maps/world.bin', '7', { SUCCESS: 1, FAILED: 2 }, '2024-01-02T00:00:00Z'),
];
const ids = (rows: VersionSummaryModel[]) => rows.map((r) => `${r.name}@${r.version}`);

describe('overview query', () => {
  test.each([
    [{}, { q: '', failures: false, inflight: false, sort: 'updated', order: 'desc' }],
    [
      { q: ' pak ', failures: '1', sort: 'name' },
      { q: 'pak', failures: true, inflight: false, sort: 'name', order: 'asc' },
    ],
    [
      { sort: 'bogus', failures: 'yes', order: 'up' },
      { q: '', failures: false, inflight: false, sort: 'updated', order: 'desc' },
    ],
  ])('parseOverviewQuery(%o)', (raw, expected) => {
    expect(parseOverviewQuery(raw)).toEqual(expected);
  });

  test('overviewQueryToParams() leaves defaults out', () => {
    expect(overviewQueryToParams(parseOverviewQuery({})).toString()).toBe('');
    expect(overviewQueryToParams(parseOverviewQuery({ sort: 'failed', order: 'asc', inflight: '1' })).toString()).toBe(
      'inflight=1&sort=failed&order=asc',
    );
  });

  test.each([
    [{}, ['game/client.pak@1.1', 'maps/world.bin@7', 'game/client.pak@1.0']],
    [{ q: 'MAPS' }, ['maps/world.bin@7']],
    [{ q: '1.0' }, ['game/client.pak@1.0']],
    [{ failures: '1' }, ['game/client.pak@1.1', 'maps/world.bin@7']],
    [{ inflight: '1' }, ['game/client.pak@1.1']],
    [{ sort: 'success' }, ['maps/world.bin@7', 'game/client.pak@1.1', 'game/client.pak@1.0']],
    [{ sort: 'total', order: 'asc' }, ['maps/world.bin@7', 'game/client.pak@1.0', 'game/client.pak@1.1']],
  ])('applyOverviewQuery(%o)', (raw, expected) => {
    expect(ids(applyOverviewQuery(items, parseOverviewQuery(raw)))).toEqual(expected);
  });
});
