'use client';

import { RouteError } from '@/components/ui/route-error';

export default function AppsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError {...props} what="The applications" />;
}
