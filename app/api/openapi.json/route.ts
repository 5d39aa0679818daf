import { defineRoute } from '@/lib/server/route';
import { openApiDocument } from '@/lib/server/openapi';

export const GET = defineRoute({ role: 'viewer' }, async () => openApiDocument());
