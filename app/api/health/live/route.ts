import { defineRoute } from '@/lib/server/route';

// Liveness: the process answers. Nothing it depends on is asked, so a slow database
// or an ENS outage never gets a healthy replica restarted.
export const dynamic = 'force-dynamic';

export const GET = defineRoute({ role: 'public' }, async () =>
  Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } }),
);
