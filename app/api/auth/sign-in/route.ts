import { z } from 'zod';
import { defineRoute } from '@/lib/server/route';
import { startSignIn } from '@/lib/server/auth/oidc';

export const GET = defineRoute(
  { role: 'public', query: z.object({ returnTo: z.string().max(2000).optional() }) },
  ({ query }) => startSignIn(query.returnTo ?? null),
);
