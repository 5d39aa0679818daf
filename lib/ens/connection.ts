import 'server-only';

/**
 * How the ENS client reaches a service. Either a static AccessKey pair, or the default
 * credential chain of `@alicloud/credentials` (environment, profile, ECS RAM role, OIDC…)
 * for live deployments that should not hold a long-lived key.
 */
export type EnsConnection =
  | { endpoint: string; protocol: 'http' | 'https'; accessKeyId: string; accessKeySecret: string }
  | { endpoint: string; protocol: 'http' | 'https'; credential: 'default-chain' };

/** The embedded simulator's connection, as the start-up code publishes it. */
export type EmbeddedConnection = {
  endpoint: string;
  protocol: 'http';
  accessKeyId: string;
  accessKeySecret: string;
};

// On globalThis, not in a module variable: Next.js may load this module more than once
// (instrumentation vs. route bundles), and all copies must see what start-up published.
const store = globalThis as typeof globalThis & { __ensEmbeddedConnection?: EmbeddedConnection };

export function setEmbeddedConnection(connection: EmbeddedConnection): void {
  store.__ensEmbeddedConnection = connection;
}

export function getEmbeddedConnection(): EmbeddedConnection | undefined {
  return store.__ensEmbeddedConnection;
}
