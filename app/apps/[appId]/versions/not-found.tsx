import Link from 'next/link';
import { paths } from '@/lib/paths';

export default function NotFound() {
  return (
    <div className="page">
      <h1>Version not found</h1>
      <p>
        This data file version has never been pushed or distributed to the application, or the link lost its{' '}
        <code>name</code> and <code>version</code> parameters. Pick a version from the application’s overview.
      </p>
      <Link className="btn btn-primary" href={paths.apps()}>
        All applications
      </Link>
    </div>
  );
}
