import { describe, expect, it } from 'vitest';
import { recentVersions, regionRates } from './region-rates';

const counts = (SUCCESS: number, FAILED: number, DISTING = 0) => ({
  SUCCESS,
  FAILED,
  DISTING,
  POD_RESTARTING: 0,
  DELETED: 0,
});

describe('regionRates', () => {
  it('adds finished instances per region over the versions read; in-flight ones do not count', () => {
    const rates = regionRates([
      {
        byRegion: [
          { regionId: 'a', counts: counts(9, 1, 5) },
          { regionId: 'b', counts: counts(0, 0, 4) },
        ],
      },
      { byRegion: [{ regionId: 'a', counts: counts(10, 0) }] },
    ]);
    expect(rates.get('a')).toEqual({ rate: 19 / 20, succeeded: 19, failed: 1, versions: 2 });
    expect(rates.get('b')).toEqual({ rate: null, succeeded: 0, failed: 0, versions: 1 });
    expect(rates.get('c')).toBeUndefined();
  });
});

describe('recentVersions', () => {
  it('takes the most recently updated first, at most the limit', () => {
    const v = (name: string, updatedAt: string | null) => ({ name, version: '1', updatedAt });
    expect(
      recentVersions([v('old', '2026-01-01T00:00:00Z'), v('none', null), v('new', '2026-02-01T00:00:00Z')], 2).map(
        (x) => x.name,
      ),
    ).toEqual(['new', 'old']);
  });
});
