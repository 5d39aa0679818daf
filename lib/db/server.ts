import 'server-only';
import { getConfig } from '@/lib/config';
import { openDatabase, type Db } from './index';

const holder = globalThis as typeof globalThis & { __ensDashboardDb?: Promise<Db> };

/**
 * The process's one database handle, opened (and migrated) on first use. On
 * globalThis because Next.js may load this module in more than one bundle.
 */
export function getDb(): Promise<Db> {
  holder.__ensDashboardDb ??= openDatabase(getConfig().DATABASE_URL).catch((err: unknown) => {
    holder.__ensDashboardDb = undefined;
    throw err;
  });
  return holder.__ensDashboardDb;
}
