'use client';

import { RouteError } from '@/components/ui/route-error';

export default function VersionError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError {...props} what="This rollout" />;
}
