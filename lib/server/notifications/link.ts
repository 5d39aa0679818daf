import { getConfig } from '@/lib/config';
import { paths } from '@/lib/paths';

/** Where people reach the dashboard: PUBLIC_URL, else this server on loopback (a local setup). */
export function dashboardBaseUrl(): string {
  const config = getConfig();
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  return `http://localhost:${process.env.PORT ?? '3000'}`;
}

/** The absolute status link of a rollout, as a chat message carries it. */
export function notificationLink(appId: string, rolloutId: string): string {
  return `${dashboardBaseUrl()}${paths.rollout(appId, rolloutId)}`;
}

/** What the notifications of rollouts need to know about this deployment's rules. */
export function notifyContext(): { selfApproval: boolean } {
  const config = getConfig();
  return { selfApproval: config.AUTH_MODE === 'none' || config.ALLOW_SELF_APPROVAL };
}
