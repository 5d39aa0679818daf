import Link from 'next/link';

/** Entry point to the push page, for any application view to place. */
export function PushLink({ appId, className = 'btn btn-primary', children = 'Push data files' }: { appId: string; className?: string; children?: React.ReactNode }) {
  return (
    <Link href={`/apps/${encodeURIComponent(appId)}/push`} className={className}>
      {children}
    </Link>
  );
}
