import { defineRoute } from '@/lib/api/route';
import { listApps } from '@/lib/services/apps';

export const GET = defineRoute({ role: 'viewer' }, () => listApps());
