import { appParams, defineRoute } from '@/lib/server/route';
import { getVersionSummaries } from '@/lib/server/versions';
import { withPushedOnly } from '@/lib/server/pushed-only';

export const GET = defineRoute({ role: 'viewer', params: appParams }, async ({ params }) =>
  withPushedOnly(params.appId, await getVersionSummaries(params.appId)),
);
