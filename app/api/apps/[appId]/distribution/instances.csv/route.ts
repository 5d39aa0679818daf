import { appParams, defineRoute } from '@/lib/server/route';
import { instanceQuerySchema } from '@/lib/contracts/instance-params';
import { csvHeader, csvLine } from '@/lib/domain/version-detail';
import { exportInstances } from '@/lib/server/versions';

const CHUNK_ROWS = 2_000;

export const GET = defineRoute(
  { role: 'viewer', params: appParams, query: instanceQuerySchema },
  async ({ params, query }) => {
    const rows = await exportInstances(params.appId, query);
    const encoder = new TextEncoder();
    let next = 0;
    // Streamed in chunks so a 100,000-row export never sits in memory as one string.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(csvHeader()));
      },
      pull(controller) {
        const chunk = rows.slice(next, next + CHUNK_ROWS);
        next += CHUNK_ROWS;
        if (chunk.length === 0) return controller.close();
        controller.enqueue(encoder.encode(chunk.map(csvLine).join('')));
      },
    });
    const filename = `${query.name.split('/').pop()}-${query.version}.csv`.replace(/[^\w.-]+/g, '_');
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
      },
    });
  },
);
