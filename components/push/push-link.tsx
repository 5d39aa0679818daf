import Link from 'next/link';
import { IfCan } from '@/features/auth/viewer-context';

/** Entry point to the push page, for any application view to place; shown to operators only. */
export function PushLink({ appId, className = 'btn btn-primary', children = 'Push data files' }: { appId: string; className?: string; children?: React.ReactNode }) {
  return (
    <IfCan role="operator">
      <Link href={`/apps/${encodeURIComponent(appId)}/push`} className={className}>
        {children}
      </Link>
    </IfCan>
  );
}
