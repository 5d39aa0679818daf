import Link from 'next/link';
import { paths } from '@/lib/paths';

export default function NotFound() {
  return (
    <div className="page">
      <h1>Application not found</h1>
      <p>
        ENS does not know this application, or your account cannot see it. Check the link, or pick one from the list.
      </p>
      <Link className="btn btn-primary" href={paths.apps()}>
        All applications
      </Link>
    </div>
  );
}
