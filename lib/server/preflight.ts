/*
 * `npm start` runs this before building or serving: a configuration mistake (a bad
 * variable, an unreachable database) is reported in one line within seconds, not
 * after a minute-long build. The server checks the same again at its own start-up.
 *   node --conditions=react-server --import tsx lib/server/preflight.ts
 */
import { getDb } from '@/lib/db/server';
import { configOrExit, stepOrExit } from './startup-check';

async function main(): Promise<void> {
  const config = configOrExit();
  const db = await stepOrExit(() => getDb(), config);
  await db.close();
}

void main();
