import { redirect } from 'next/navigation';
import { paths } from '@/lib/paths';

/** The applications list is the front page; `/` stays a working link to it. */
export default function HomePage() {
  redirect(paths.apps());
}
