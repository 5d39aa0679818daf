import { defineRoute } from '@/lib/server/route';
import { createTokenBodySchema } from '@/lib/contracts/tokens';
import { createToken, listTokens } from '@/lib/server/auth/tokens';

export const GET = defineRoute({ role: 'admin' }, async () => ({ tokens: await listTokens() }));

export const POST = defineRoute({ role: 'admin', body: createTokenBodySchema }, async ({ body, actor }) => {
  const expiresAt = body.expiresInDays === null ? null : Date.now() + body.expiresInDays * 86_400_000;
  const created = await createToken({ name: body.name, role: body.role, appId: body.appId, expiresAt }, actor);
  return Response.json(created, { status: 201, headers: { 'cache-control': 'no-store' } });
});
