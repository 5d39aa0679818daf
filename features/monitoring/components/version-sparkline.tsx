'use client';

import { Sparkline } from '@/components/charts/sparkline';
import { successSeries } from '@/lib/domain/progress';
import type { StatusCounts } from '@/lib/domain/status';
import { useHistory } from '@/features/monitoring/api/get-history';

interface Props {
  appId: string;
  name: string;
  version: string;
  counts: StatusCounts;
}

/** Success share over the recorded history, ending at the counts on screen now. */
export function VersionSparkline({ appId, name, version, counts }: Props) {
  // Trends move slowly; one history read per row every 30 s is plenty for a table.
  const history = useHistory(appId, name, version, { slow: true });
  const values = successSeries([...(history.data ?? []), { t: Number.MAX_SAFE_INTEGER, counts }]);
  return <Sparkline values={values} label={`Trend of ${name} ${version}`} />;
}
