import { appParams, defineRoute } from '@/lib/server/route';
import { statusImageQuerySchema } from '@/lib/contracts/instance-params';
import { notFound } from '@/lib/server/http';
import { statusImage } from '@/lib/server/status-image';

/** The unfurl image of a version's status link (1200×630 PNG). */
export const GET = defineRoute(
  { role: 'viewer', signedImage: 'status.png', params: appParams, query: statusImageQuerySchema },
  async ({ params, query }) => {
    const image = await statusImage(params.appId, query.name, query.version);
    if (!image) throw notFound(`ENS knows no version ${query.version} of ${query.name}.`);
    return image;
  },
);
