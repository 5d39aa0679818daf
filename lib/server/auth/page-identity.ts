import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { identify } from './identify';
import { ANONYMOUS, type Identity } from './identity';

/**
 * The identity behind the page being rendered, once per request. Pages are gated by
 * proxy.ts; this is for showing only what the role may do (the API enforces it).
 */
export const getPageIdentity = cache(async (): Promise<Identity> => {
  try {
    return await identify(await headers());
  } catch {
    return ANONYMOUS;
  }
});
