import { createClean } from '@/lib/server/pushes';
import { defineAppWriteRoute } from '@/lib/server/write-route';

export const POST = defineAppWriteRoute(createClean);
