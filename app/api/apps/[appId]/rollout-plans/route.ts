import { z } from 'zod';
import { appParams, defineRoute } from '@/lib/server/route';
import { listPlans, savePlan } from '@/lib/server/rollouts/service';

export const GET = defineRoute({ role: 'viewer', params: appParams }, ({ params }) => listPlans(params.appId));

export const POST = defineRoute(
  { role: 'operator', params: appParams, body: z.unknown() },
  async ({ params, body, actor }) =>
    Response.json(await savePlan(params.appId, body, actor), { status: 201, headers: { 'cache-control': 'no-store' } }),
);
