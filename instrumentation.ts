/**
 * Runs once when the server starts, before the first request is handled: in
 * simulator mode it starts the embedded ENS simulator on loopback, then opens the
 * database and starts the background work (see lib/server/boot.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { boot } = await import('./lib/server/boot');
  await boot();
}
