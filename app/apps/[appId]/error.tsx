'use client';

import { RouteError } from '@/components/ui/route-error';

export default function AppError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError {...props} what="This application’s rollouts" />;
}
