import 'server-only';
import { ImageResponse } from 'next/og';
import { getApp } from '@/lib/server/apps';
import { getPushStatus, getVersionDetail } from '@/lib/server/versions';
import { regionRows, statusSegments } from '@/lib/domain/progress';
import { formatCount, formatPercent, formatTimestamp } from '@/lib/domain/format';
import { STATUS_META, type RolloutState } from '@/lib/domain/status';

/*
 * The picture a chat app shows when a version's status link is pasted (Open Graph /
 * Twitter card). It carries only what the version page shows: the application, file
 * and version, success, failed, in flight, the status bar, the worst regions and the
 * time the figures were read.
 */

export const STATUS_IMAGE_SIZE = { width: 1200, height: 630 } as const;
/** Chat apps fetch the image once per paste; a minute keeps it close to live without re-reading per fetch. */
const MAX_AGE_S = 60;

const STATE_LABEL: Record<RolloutState, { text: string; color: string }> = {
  'in-flight': { text: 'Rolling out', color: '#0072b2' },
  done: { text: 'Done', color: '#007a58' },
  'done-with-failures': { text: 'Done with failures', color: '#b34700' },
  'no-instances': { text: 'No instances yet', color: '#5b6472' },
};

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The status image of one version; null when ENS knows neither its instances nor its pre-push. */
export async function statusImage(appId: string, name: string, version: string): Promise<ImageResponse | null> {
  const [app, detail] = await Promise.all([getApp(appId), getVersionDetail(appId, name, version)]);
  if (detail.total === 0 && (await getPushStatus(appId, name, version)).regions.length === 0) return null;
  const state = STATE_LABEL[detail.state];
  const worst = regionRows(detail.byRegion)
    .filter((r) => r.counts.FAILED > 0 || r.counts.DISTING + r.counts.POD_RESTARTING > 0)
    .slice(0, 3);
  const figures = [
    { label: 'Success', value: formatPercent(detail.successRate), color: '#007a58' },
    {
      label: 'Failed',
      value: formatCount(detail.counts.FAILED),
      color: detail.counts.FAILED > 0 ? '#b34700' : '#1f2933',
    },
    { label: 'In flight', value: formatCount(detail.inFlight), color: '#0072b2' },
    { label: 'Instances', value: formatCount(detail.total), color: '#1f2933' },
  ];
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        background: '#f7f8fa',
        padding: '48px 56px',
        fontSize: 28,
        color: '#1f2933',
      }}
    >
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          color: '#5b6472',
          fontSize: 26,
        }}
      >
        <span>ENS rollout · {clip(app.name, 40)}</span>
        <span style={{ color: state.color, fontWeight: 700 }}>{state.text}</span>
      </div>
      <div style={{ display: 'flex', fontSize: 54, fontWeight: 700, marginTop: 18 }}>{clip(name, 38)}</div>
      <div style={{ display: 'flex', fontSize: 34, color: '#3d4653', marginTop: 4 }}>version {clip(version, 50)}</div>
      <div style={{ display: 'flex', marginTop: 34, gap: 24 }}>
        {figures.map((f) => (
          <div
            key={f.label}
            style={{
              display: 'flex',
              flexDirection: 'column',
              background: '#ffffff',
              borderRadius: 14,
              padding: '16px 22px',
              width: 250,
              border: '2px solid #e3e6eb',
            }}
          >
            <span style={{ fontSize: 22, color: '#5b6472' }}>{f.label}</span>
            <span style={{ fontSize: 46, fontWeight: 700, color: f.color }}>{f.value}</span>
          </div>
        ))}
      </div>
      <div
        style={{
          display: 'flex',
          width: '100%',
          height: 30,
          marginTop: 30,
          borderRadius: 8,
          overflow: 'hidden',
          background: '#e3e6eb',
        }}
      >
        {statusSegments(detail.counts).map((s) => (
          <div
            key={s.status}
            style={{
              display: 'flex',
              width: `${(s.fraction * 100).toFixed(3)}%`,
              height: '100%',
              background: STATUS_META[s.status].color,
            }}
          />
        ))}
      </div>
      <div style={{ display: 'flex', marginTop: 24, fontSize: 24, color: '#3d4653' }}>
        {worst.length === 0
          ? 'No region with failures or instances in flight'
          : `Worst regions: ${worst.map((r) => `${clip(r.regionId, 24)} (${formatCount(r.counts.FAILED)} failed)`).join(' · ')}`}
      </div>
      <div style={{ display: 'flex', marginTop: 'auto', fontSize: 22, color: '#5b6472' }}>
        As read from ENS at {formatTimestamp(detail.fetchedAt)} UTC
      </div>
    </div>,
    { ...STATUS_IMAGE_SIZE, headers: { 'cache-control': `public, max-age=${MAX_AGE_S}` } },
  );
}
