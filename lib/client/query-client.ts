import { QueryClient, isServer } from '@tanstack/react-query';

/**
 * One factory for query clients: a new client per server render, one shared client
 * in the browser. Polling queries set their own intervals; these are the defaults.
 */
function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // Keep showing what we had while a refetch is in flight or has failed.
        placeholderData: (previous: unknown) => previous,
        retry: 1,
        refetchOnWindowFocus: true,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
