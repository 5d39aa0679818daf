import { safeNextPath } from '@/lib/server/ens-unavailable';

const RETRY_SECONDS = 10;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page shown instead of one whose data ENS cannot give right now: a 503 that says
 * so, tells the browser when to retry, and links back to the page asked for.
 */
export function GET(request: Request): Response {
  const next = escapeHtml(safeNextPath(new URL(request.url).searchParams.get('next')));
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_SECONDS};url=${next}">
<title>ENS unavailable · ENS Rollout Dashboard</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2933}a{color:#1d4ed8}</style></head>
<body><main><h1>ENS unavailable</h1>
<p>ENS is not answering right now, and the dashboard has no earlier data for this page to show meanwhile. Nothing was changed.</p>
<p>This page retries by itself in ${RETRY_SECONDS} seconds. <a href="${next}">Retry now</a> · <a href="/apps">Applications</a></p>
</main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'retry-after': String(RETRY_SECONDS),
      'cache-control': 'no-store',
    },
  });
}
