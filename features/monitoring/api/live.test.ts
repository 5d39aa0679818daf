import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { POLL_VISIBLE_MS } from '@/lib/client/polling';
import { detailOptions } from './get-version-detail';
import { historyOptions } from './get-history';

/**
 * A part of the version page that mounts after the page (a chart loaded when reached)
 * subscribes to the answers the server seeded. Until the next poll is due it shows
 * them; only an answer older than one poll is asked for again.
 */
describe('live queries', () => {
  const clients: QueryClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.clear();
  });

  async function fetchesOnMount(
    options: ReturnType<typeof detailOptions> | ReturnType<typeof historyOptions>,
    age: number,
  ) {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry: false } } });
    clients.push(client);
    client.setQueryData(options.queryKey, [] as never, { updatedAt: Date.now() - age });
    let fetches = 0;
    const observer = new QueryObserver(client, {
      ...options,
      queryFn: async () => {
        fetches += 1;
        return [] as never;
      },
    } as never);
    const unsubscribe = observer.subscribe(() => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    unsubscribe();
    return fetches;
  }

  it.each([
    ['detail', detailOptions('app', 'data', '1.2')],
    ['history', historyOptions('app', 'data', '1.2')],
  ] as const)('%s: a seed younger than one poll is shown, not fetched again', async (_name, options) => {
    expect(await fetchesOnMount(options, 3_000)).toBe(0);
    expect(await fetchesOnMount(options, POLL_VISIBLE_MS - 500)).toBe(0);
  });

  it.each([
    ['detail', detailOptions('app', 'data', '1.2')],
    ['history', historyOptions('app', 'data', '1.2')],
  ] as const)('%s: a seed older than one poll is fetched on mount', async (_name, options) => {
    expect(await fetchesOnMount(options, POLL_VISIBLE_MS + 1_000)).toBe(1);
  });
});
