import { defineRoute } from '@/lib/server/route';
import { tokenParams } from '@/lib/contracts/tokens';
import { notFound } from '@/lib/server/http';
import { revokeToken } from '@/lib/server/auth/tokens';

export const DELETE = defineRoute({ role: 'admin', params: tokenParams }, async ({ params, actor }) => {
  if (!(await revokeToken(params.tokenId, actor))) throw notFound(`No live token ${params.tokenId}.`);
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
});
