/**
 * CleanDistData (docs/ens.md §1.5, undocumented beyond its parameters): removes a
 * file from the app's instances, in one node when EnsRegionId is given; the
 * instances then report DELETED.
 */
import { invalidParameter } from '../errors';
import type { World } from '../model';
import { cleanEvent } from '../operations';
import { optionalParam, requireApp, requireParam } from '../params';
import type { ActionParams } from '../types';
import { appFiles } from './shared';

export function cleanDistData(world: World, params: ActionParams, now: number) {
  const app = requireApp(world, params);
  const name = requireParam(params, 'DataName');
  const version = optionalParam(params, 'DataVersion');
  const regionId = optionalParam(params, 'EnsRegionId');
  if (regionId !== undefined && !app.regionById.has(regionId)) {
    throw invalidParameter('EnsRegionId', `Region ${regionId} is not a region of application ${app.name} (${app.id}).`);
  }
  const targets = [...appFiles(world, app).values()].filter(
    (f) => f.name === name && (version === undefined || f.version === version) && f.dist.size > 0,
  );
  const touched = targets.flatMap((file) =>
    [...file.dist.entries()]
      .filter(([id]) => regionId === undefined || id === regionId)
      .map(([id, event]) => ({ file, id, event })),
  );
  if (touched.length === 0) {
    const what = version === undefined ? name : `${name} version ${version}`;
    throw invalidParameter(
      'DataName',
      `No distributed data ${what} in application ${app.id}${regionId ? ` on ${regionId}` : ''}.`,
    );
  }
  for (const { file, id, event } of touched) file.dist.set(id, cleanEvent(now, event));
  return {};
}
