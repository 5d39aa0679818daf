'use client';

import { usePushStatus } from '@/features/monitoring/api/get-push-status';

/** Per-region pre-push progress (DescribeDataPushResult), polled until no region is PUSHING. */
export function PushStatusCell({ appId, name, version }: { appId: string; name: string; version: string }) {
  const { data, error } = usePushStatus(appId, name, version, { untilSettled: true });
  if (error && !data) return <span className="muted">Status unavailable</span>;
  if (!data) return <span className="muted">Loading…</span>;
  if (data.length === 0) return <span className="muted">Not reported yet</span>;
  const counts = new Map<string, number>();
  for (const r of data) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return (
    <span data-testid="push-status" title={data.map((r) => `${r.regionId}: ${r.status}`).join('\n')}>
      {[...counts.entries()].map(([status, n]) => `${n} ${status}`).join(' · ')}
    </span>
  );
}
