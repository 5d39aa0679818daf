import { describe, expect, it } from 'vitest';
import { stageSample } from './rollout-sample';
import type { DistRow } from './version-detail';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

function row(instanceId: string, regionId: string, status: DistRow['status'], movedAt = 0, name = 'a.pak'): DistRow {
  return {
    name,
    version: '1',
    instanceId,
    regionId,
    status,
    statusDescrip: '',
    startTime: at(0),
    updateTime: at(movedAt),
  };
}

const base = { population: 4, distributedAt: T0, stuckAfterSeconds: 600 };

describe('a stage’s gate sample', () => {
  it('counts only the stage’s regions, one status per instance', () => {
    const sample = stageSample({
      ...base,
      now: T0 + 60_000,
      regions: ['r1'],
      rowsPerFile: [[row('i1', 'r1', 'SUCCESS', 30), row('i2', 'r1', 'FAILED', 40), row('i3', 'r2', 'FAILED', 40)]],
    });
    expect(sample.counts).toMatchObject({ SUCCESS: 1, FAILED: 1 });
    expect(sample).toMatchObject({ population: 4, stuck: 0, missing: 0 });
  });

  it('folds several files per instance to the worst, and one missing file is not finished', () => {
    const sample = stageSample({
      ...base,
      now: T0 + 60_000,
      regions: ['r1'],
      rowsPerFile: [
        [row('i1', 'r1', 'SUCCESS', 30), row('i2', 'r1', 'SUCCESS', 30), row('i3', 'r1', 'SUCCESS', 30)],
        [row('i1', 'r1', 'FAILED', 30, 'b.pak'), row('i2', 'r1', 'SUCCESS', 30, 'b.pak')],
      ],
    });
    expect(sample.reported).toMatchObject({ FAILED: 1, SUCCESS: 1, DISTING: 1 });
    expect(sample.counts).toMatchObject({ FAILED: 1, SUCCESS: 1, DISTING: 1 });
  });

  it('counts instances distributing past the stuck timeout, deleted copies, and never-seen ones as failures', () => {
    const rows = [
      row('i1', 'r1', 'DISTING', 0),
      row('i2', 'r1', 'POD_RESTARTING', 500),
      row('i3', 'r1', 'DELETED', 30),
    ];
    const early = stageSample({ ...base, now: T0 + 300_000, regions: ['r1'], rowsPerFile: [rows] });
    expect(early).toMatchObject({ stuck: 0, missing: 0, counts: { FAILED: 1, DISTING: 1, POD_RESTARTING: 1 } });
    const late = stageSample({ ...base, now: T0 + 700_000, regions: ['r1'], rowsPerFile: [rows] });
    // i1 has been distributing for 700 s; i2 restarted 200 s ago; i4 never appeared.
    expect(late).toMatchObject({ stuck: 1, missing: 1, counts: { FAILED: 1, POD_RESTARTING: 1 } });
  });
});
