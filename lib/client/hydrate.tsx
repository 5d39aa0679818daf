import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/** One query's first data, under the key the browser's query options use. */
export interface Seed {
  queryKey: QueryKey;
  data: unknown;
  /** When the data was read (epoch ms), so the browser refetches it when it is stale, not before. */
  updatedAt?: number | undefined;
}

/** A seed under a key of lib/client/query-keys.ts, the keys the browser's query options use. */
export function seed<T>(queryKey: QueryKey, data: T, updatedAt?: number): Seed {
  return { queryKey, data, updatedAt };
}

/** The first page of an infinite query (a cursor-paged list), in the shape the browser keeps it. */
export function seedFirstPage<T>(queryKey: QueryKey, page: T, updatedAt?: number): Seed {
  return { queryKey, data: { pages: [page], pageParams: [null] }, updatedAt };
}

/**
 * A server page's first data handed to the browser's query cache: the client
 * components read it through their usual hooks, and their first poll continues it.
 */
export function Hydrate({ seeds, children }: { seeds: readonly Seed[]; children: ReactNode }) {
  const client = new QueryClient();
  for (const s of seeds) client.setQueryData(s.queryKey, s.data, { updatedAt: s.updatedAt });
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
