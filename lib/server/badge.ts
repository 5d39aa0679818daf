import 'server-only';
import { badgeSvg, badgeText, BADGE_COLORS } from '@/lib/domain/badge';
import { getPushStatus, getVersionDetail } from '@/lib/server/versions';

/** Badges sit in wikis and READMEs behind image proxies: fresh within a minute is plenty. */
const BADGE_MAX_AGE_S = 60;

function svgResponse(svg: string, status = 200): Response {
  return new Response(svg, {
    status,
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': `public, max-age=${BADGE_MAX_AGE_S}` },
  });
}

/** The status badge of one version; an unknown version is a grey "not found" badge with a 404. */
export async function versionBadge(appId: string, name: string, version: string): Promise<Response> {
  const detail = await getVersionDetail(appId, name, version);
  if (detail.total === 0 && (await getPushStatus(appId, name, version)).regions.length === 0) {
    return svgResponse(
      badgeSvg({
        label: `${name.split('/').pop() || name} ${version}`.slice(0, 40),
        message: 'not found',
        color: BADGE_COLORS.unknown,
      }),
      404,
    );
  }
  return svgResponse(badgeSvg(badgeText(detail)));
}
