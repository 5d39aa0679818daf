/** DistApplicationData (docs/ens.md §1.3): distribute pushed files to the app's instances. */
import type { FleetRegion } from '../fleet';
import { dataFileKey, getOrAddFile, pushStateAt, type DataFile, type DistSpec, type World } from '../model';
import { regionDistPhase, startDist } from '../operations';
import { optionalParam, requireApp, requireParam } from '../params';
import { parseDistData, type DistItem } from '../data-param';
import { selectRegions } from '../strategy';
import type { ActionParams } from '../types';
import { appFiles, listRegions } from './shared';

export interface DistResultEntry {
  Name: string;
  Version: string;
  ResultCode: number;
  ResultDescrip: string;
}

interface DistPlan {
  toStart: FleetRegion[];
  code: number;
  descrip: string;
}

/** Why a node cannot receive the file yet, or null when its file server has it (or soon will). */
function missingPush(file: DataFile | undefined, regionId: string, now: number): string | null {
  const record = file?.push.get(regionId);
  if (!record) return `${regionId} (not pushed)`;
  return pushStateAt(record, now).status === 'FAILED' ? `${regionId} (push failed)` : null;
}

/**
 * ResultCode reuses PushApplicationData's values (the real ones are unpublished):
 * 300 when some selected node lacks the pushed file (its instances are still
 * targeted and will fail, so the rollout shows why), 200 when a distribution is
 * still running somewhere (those nodes are left alone), 0 when a distribution
 * started, 100 when every selected instance already has the file.
 */
export function planDist(file: DataFile | undefined, regions: readonly FleetRegion[], now: number): DistPlan {
  const toStart: FleetRegion[] = [];
  const running: string[] = [];
  const unpushed: string[] = [];
  for (const appRegion of regions) {
    const phase = file ? regionDistPhase(file, appRegion, now) : 'none';
    if (phase === 'running') running.push(appRegion.region.id);
    if (phase !== 'none' && phase !== 'incomplete') continue;
    toStart.push(appRegion);
    const missing = missingPush(file, appRegion.region.id, now);
    if (missing) unpushed.push(missing);
  }
  if (unpushed.length > 0) {
    return {
      toStart,
      code: 300,
      descrip: `data not pushed to region ${listRegions(unpushed)}: run PushApplicationData first`,
    };
  }
  if (running.length > 0) {
    return { toStart, code: 200, descrip: `distribution still running in ${listRegions(running)}` };
  }
  return toStart.length > 0
    ? { toStart, code: 0, descrip: 'Success' }
    : { toStart, code: 100, descrip: 'Success: already distributed' };
}

function specOf(item: DistItem): DistSpec {
  return { destPath: item.destPath, decompress: item.decompress, timeoutSec: item.timeout };
}

export function distApplicationData(world: World, params: ActionParams, now: number) {
  const app = requireApp(world, params);
  const items = parseDistData(requireParam(params, 'Data'));
  const regions = selectRegions('DistStrategy', optionalParam(params, 'DistStrategy'), app);
  const files = appFiles(world, app);
  const plans = items.map((item) => planDist(files.get(dataFileKey(item.name, item.version)), regions, now));
  const instanceIds = new Set<string>();
  const results = items.map((item, i): DistResultEntry => {
    const plan = plans[i] as DistPlan;
    if (plan.toStart.length > 0)
      startDist(world, getOrAddFile(files, item.name, item.version), plan.toStart, specOf(item), now);
    for (const appRegion of plan.toStart) for (const id of appRegion.instanceIds) instanceIds.add(id);
    return { Name: item.name, Version: item.version, ResultCode: plan.code, ResultDescrip: plan.descrip };
  });
  return {
    DistInstanceTotalCount: instanceIds.size,
    DistInstanceIds: { DistInstanceId: [...instanceIds] },
    DistResults: { DistResult: results },
  };
}
