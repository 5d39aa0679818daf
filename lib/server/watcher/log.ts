/** Where background work reports; console by default, silent or captured in tests. */
export interface WatchLog {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleLog: WatchLog = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
};

export const silentLog: WatchLog = { info: () => {}, warn: () => {} };

/** A short, secret-free description of a failure (EnsError messages are written to be shown). */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}

/**
 * Whether a failure should slow the background work down: throttling, 5xx and network
 * trouble say "ENS is struggling". A refusal that will not change by waiting (a deleted
 * application, a bad parameter) does not, or one bad target would slow every other one.
 */
export function isBackoffSignal(error: unknown): boolean {
  if (error instanceof Error && 'retryable' in error && typeof error.retryable === 'boolean') return error.retryable;
  return true;
}
