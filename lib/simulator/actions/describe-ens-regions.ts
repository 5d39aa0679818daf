/** DescribeEnsRegions (docs/ens.md §1.8): the wrapper and the array share the name `EnsRegions`. */
import type { World } from '../model';
import { optionalParam } from '../params';
import type { ActionParams } from '../types';

export interface EnsRegionRow {
  EnsRegionId: string;
  Name: string;
  EnName: string;
  Area: string;
  Province: string;
}

export function describeEnsRegions(world: World, params: ActionParams) {
  const only = optionalParam(params, 'EnsRegionId')?.trim();
  const rows = world.fleet.regions
    .filter((r) => only === undefined || r.id === only)
    .map((r): EnsRegionRow => ({
      EnsRegionId: r.id,
      Name: r.name,
      EnName: r.enName,
      Area: r.area,
      Province: r.province,
    }));
  // `Code` is the integer 0 on success, unlike the string Code of error bodies.
  return { Code: 0, EnsRegions: { EnsRegions: rows } };
}
