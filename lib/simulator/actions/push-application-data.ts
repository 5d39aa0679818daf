/** PushApplicationData (docs/ens.md §1.1): pre-push files to the file servers of the selected nodes. */
import type { FleetRegion } from '../fleet';
import { dataFileKey, getOrAddFile, pushStateAt, type AppFiles, type DataFile, type World } from '../model';
import { startPush } from '../operations';
import { optionalParam, requireApp, requireParam } from '../params';
import { parsePushData, type PushItem } from '../data-param';
import { selectRegions } from '../strategy';
import type { ActionParams } from '../types';
import { appFiles, listRegions } from './shared';

export interface PushResultEntry {
  Name: string;
  Version: string;
  ResultCode: number;
  ResultDescrip: string;
}

interface PushPlan {
  toStart: FleetRegion[];
  code: number;
  descrip: string;
}

/**
 * 300 wins over 200 over 0 over 100: the most actionable news first. Nodes
 * without the file, or whose last push FAILED, are (re)pushed by this call;
 * nodes still PUSHING or already SUCCESS are left alone.
 */
export function planPush(file: DataFile | undefined, regions: readonly FleetRegion[], now: number): PushPlan {
  const failed: string[] = [];
  const pushing: FleetRegion[] = [];
  const toStart: FleetRegion[] = [];
  for (const appRegion of regions) {
    const record = file?.push.get(appRegion.region.id);
    const state = record ? pushStateAt(record, now) : null;
    if (!state || state.status === 'FAILED') toStart.push(appRegion);
    if (state?.status === 'FAILED') failed.push(`${appRegion.region.id} (${state.descrip})`);
    if (state?.status === 'PUSHING') pushing.push(appRegion);
  }
  if (failed.length > 0) return { toStart, code: 300, descrip: `push failed on ${listRegions(failed)}; pushing again` };
  if (pushing.length > 0) {
    const more = toStart.length > 0 ? `; started on ${toStart.length} more` : '';
    return {
      toStart,
      code: 200,
      descrip: `still pushing to ${pushing.length} of ${regions.length} file servers${more}`,
    };
  }
  return { toStart, code: toStart.length > 0 ? 0 : 100, descrip: 'success' };
}

function specOf(item: PushItem) {
  return { size: item.size, archiveType: item.archiveType, md5: item.md5, url: item.url, timeoutSec: item.timeout };
}

export function pushApplicationData(world: World, params: ActionParams, now: number) {
  const app = requireApp(world, params);
  const items = parsePushData(requireParam(params, 'Data'));
  const regions = selectRegions('PushStrategy', optionalParam(params, 'PushStrategy'), app);
  // `Timeout` is documented as having no effect, so it is not even validated.
  const files: AppFiles = appFiles(world, app);
  const plans = items.map((item) => planPush(files.get(dataFileKey(item.name, item.version)), regions, now));
  const results = items.map((item, i): PushResultEntry => {
    const plan = plans[i] as PushPlan;
    if (plan.toStart.length > 0)
      startPush(world, getOrAddFile(files, item.name, item.version), plan.toStart, specOf(item), now);
    return { Name: item.name, Version: item.version, ResultCode: plan.code, ResultDescrip: plan.descrip };
  });
  return { PushResults: { PushResult: results } };
}
