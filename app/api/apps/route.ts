import { defineRoute } from '@/lib/server/route';
import { listApps } from '@/lib/server/apps';

export const GET = defineRoute({ role: 'viewer' }, () => listApps());
