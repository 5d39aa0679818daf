import Link from 'next/link';
import { paths } from '@/lib/paths';

export default function NotFound() {
  return (
    <div className="page">
      <h1>Rollout not found</h1>
      <p>This application has no staged rollout with that id. The link may be wrong or from another application.</p>
      <Link className="btn btn-primary" href={paths.apps()}>
        All applications
      </Link>
    </div>
  );
}
