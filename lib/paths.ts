/*
 * Every link the dashboard builds, pages and API alike, in one place: a route that
 * moves changes here and nowhere else. Isomorphic; imports nothing.
 */

const app = (appId: string) => `/apps/${encodeURIComponent(appId)}`;
const api = (appId: string) => `/api${app(appId)}`;
const withQuery = (path: string, query?: URLSearchParams | Record<string, string>) => {
  const qs = query === undefined ? '' : new URLSearchParams(query).toString();
  return qs === '' ? path : `${path}?${qs}`;
};

/** A signed image link's expiry (epoch seconds) and signature. */
export interface LinkSignature {
  exp: number;
  sig: string;
}
const signed = (signature?: LinkSignature): Record<string, string> =>
  signature ? { exp: String(signature.exp), sig: signature.sig } : {};

export const paths = {
  apps: () => '/apps',
  /** How the ENS endpoint reads the docs' open questions (calibration). */
  diagnostics: () => '/diagnostics',
  app: (appId: string, query?: URLSearchParams) => withQuery(app(appId), query),
  push: (appId: string) => `${app(appId)}/push`,
  history: (appId: string, query?: URLSearchParams) => withQuery(`${app(appId)}/history`, query),
  /** A staged rollout's status link: stages, gates, timeline and actions. */
  rollout: (appId: string, rolloutId: string) => `${app(appId)}/rollouts/${encodeURIComponent(rolloutId)}`,
  /** Admins: the application's notification channels and their delivery logs. */
  notificationSettings: (appId: string) => `${app(appId)}/settings/notifications`,
  /** The status link people share: one data file version, with the table's filters. */
  version: (appId: string, name: string, version: string, filters?: URLSearchParams) => {
    const query = new URLSearchParams({ name, version });
    for (const [k, v] of filters ?? []) if (k !== 'name' && k !== 'version') query.append(k, v);
    return withQuery(`${app(appId)}/versions`, query);
  },
  /**
   * The version page asking to retry one region's failed pre-push: the version page's
   * actions read `action=retry-prepush` and `actionRegion` (not `region`, the table's filter).
   */
  retryPrePush: (appId: string, name: string, version: string, regionId: string) =>
    withQuery(`${app(appId)}/versions`, { name, version, action: 'retry-prepush', actionRegion: regionId }),
  /** A link with its `at` (the moment it is pinned to) set, or removed for the live view. */
  pinned: (href: string, at: string | null) => {
    const [path = '', qs = ''] = href.split('?');
    const query = new URLSearchParams(qs.split('#')[0]);
    if (at === null) query.delete('at');
    else query.set('at', at);
    return withQuery(path, query);
  },
  api: {
    apps: () => '/api/apps',
    health: () => '/api/health',
    regions: (appId: string) => `${api(appId)}/regions`,
    overview: (appId: string) => `${api(appId)}/distribution`,
    detail: (appId: string, query: URLSearchParams | Record<string, string>) =>
      withQuery(`${api(appId)}/distribution/detail`, query),
    instances: (appId: string, query: URLSearchParams | Record<string, string>) =>
      withQuery(`${api(appId)}/distribution/instances`, query),
    instancesCsv: (appId: string, query: URLSearchParams | Record<string, string>) =>
      withQuery(`${api(appId)}/distribution/instances.csv`, query),
    history: (appId: string, query: URLSearchParams | Record<string, string>) =>
      withQuery(`${api(appId)}/distribution/history`, query),
    pushStatus: (appId: string, query: URLSearchParams | Record<string, string>) =>
      withQuery(`${api(appId)}/push-status`, query),
    pushes: (appId: string, query?: URLSearchParams | Record<string, string>) =>
      withQuery(`${api(appId)}/pushes`, query),
    /** Pushes ENS reports that this dashboard did not make. */
    outsidePushes: (appId: string, query?: URLSearchParams | Record<string, string>) =>
      withQuery(`${api(appId)}/pushes/outside`, query),
    distributions: (appId: string) => `${api(appId)}/distributions`,
    /** CleanDistData of one version from chosen regions. */
    cleans: (appId: string) => `${api(appId)}/cleans`,
    /** Every application's rollouts, those waiting for a person first. */
    allRollouts: (query?: URLSearchParams | Record<string, string>) => withQuery('/api/rollouts', query),
    rollouts: (appId: string, query?: URLSearchParams | Record<string, string>) =>
      withQuery(`${api(appId)}/rollouts`, query),
    rollout: (appId: string, rolloutId: string) => `${api(appId)}/rollouts/${encodeURIComponent(rolloutId)}`,
    rolloutAction: (appId: string, rolloutId: string, action: string) =>
      `${api(appId)}/rollouts/${encodeURIComponent(rolloutId)}/${encodeURIComponent(action)}`,
    rollbackPreview: (appId: string, rolloutId: string) =>
      `${api(appId)}/rollouts/${encodeURIComponent(rolloutId)}/rollback-preview`,
    /** Plans saved per application for the push page's plan builder. */
    rolloutPlans: (appId: string) => `${api(appId)}/rollout-plans`,
    channels: (appId: string) => `${api(appId)}/channels`,
    channelTest: (appId: string, channelId: string) => `${api(appId)}/channels/${encodeURIComponent(channelId)}/test`,
    channelDeliveries: (appId: string, channelId: string) =>
      `${api(appId)}/channels/${encodeURIComponent(channelId)}/deliveries`,
    channel: (appId: string, channelId: string) => `${api(appId)}/channels/${encodeURIComponent(channelId)}`,
    /**
     * The shields-style status badge of one version (an SVG for wikis and READMEs);
     * with a signature (lib/server/auth/signed-url.ts) it opens without a session.
     */
    badge: (appId: string, name: string, version: string, signature?: LinkSignature) =>
      withQuery(`${api(appId)}/badge.svg`, { name, version, ...signed(signature) }),
    /** The picture a pasted status link unfurls with (Open Graph / Twitter card); signed, as the badge. */
    statusImage: (appId: string, name: string, version: string, signature?: LinkSignature) =>
      withQuery(`${api(appId)}/status.png`, { name, version, ...signed(signature) }),
  },
};
