import 'server-only';
import { ConfigError, getConfig, type AppConfig } from '@/lib/config';
import { parseDatabaseUrl } from '@/lib/db/connection';

/**
 * Start-up problems an operator can fix, turned into one line naming the variable and
 * the fix. Anything else is a bug and keeps its stack trace.
 */
export function describeStartupFailure(error: unknown, config?: AppConfig): string | null {
  if (error instanceof ConfigError) return `Configuration error: ${error.message}`;
  const db = databaseProblem(error, config);
  return db ? `Configuration error: ${db.message}` : null;
}

/** Parses the configuration, or prints the one line and exits 1. */
export function configOrExit(): AppConfig {
  try {
    return getConfig();
  } catch (error) {
    exitWith(error);
  }
}

/** Runs a start-up step; an operator's mistake prints one line and exits 1. */
export async function stepOrExit<T>(step: () => Promise<T>, config?: AppConfig): Promise<T> {
  try {
    return await step();
  } catch (error) {
    exitWith(error, config);
  }
}

/** stepOrExit for a synchronous check. */
export function stepOrExitSync<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    exitWith(error);
  }
}

function exitWith(error: unknown, config?: AppConfig): never {
  const line = describeStartupFailure(error, config);
  if (line === null) throw error;
  console.error(line);
  process.exit(1);
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

/** Maps a failure to open the database to a ConfigError, walking the `cause` chain. */
export function databaseProblem(error: unknown, config?: AppConfig): ConfigError | null {
  const url = config?.DATABASE_URL;
  let where = 'the database';
  let sqlite = false;
  if (url) {
    try {
      const target = parseDatabaseUrl(url);
      if (target.kind === 'postgres') {
        const u = new URL(target.connectionString);
        where = `PostgreSQL at ${u.hostname}:${u.port || '5432'}`;
      } else {
        where = `the SQLite file ${target.filename}`;
        sqlite = true;
      }
    } catch (parseError) {
      return new ConfigError(
        'DATABASE_URL',
        parseError instanceof Error ? parseError.message.replace(/^DATABASE_URL /, '') : 'is not valid',
        'use postgres://user:password@host:5432/database or file:path',
      );
    }
  }
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
    if (UNREACHABLE.has(code) || /timeout expired|connection timeout/i.test(e.message)) {
      return new ConfigError(
        'DATABASE_URL',
        `cannot reach ${where} (${code || 'timeout'})`,
        'start PostgreSQL or fix the host and port in DATABASE_URL',
      );
    }
    if (code === '28P01' || code === '28000') {
      return new ConfigError(
        'DATABASE_URL',
        `${where} refused the user or password`,
        'fix the user and password in DATABASE_URL',
      );
    }
    if (code === '3D000') {
      return new ConfigError(
        'DATABASE_URL',
        `the database named in DATABASE_URL does not exist on ${where}`,
        'create it (createdb) or fix the name',
      );
    }
    if (
      ['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'EACCES', 'EROFS', 'EPERM'].includes(code) ||
      (sqlite && ['EEXIST', 'ENOTDIR', 'ENOENT', 'EISDIR'].includes(code))
    ) {
      return new ConfigError(
        'DATABASE_URL',
        `cannot open ${where} (${code})`,
        'point DATABASE_URL at a writable file, e.g. on the data volume',
      );
    }
    if (/unsupported scheme|DATABASE_URL is empty/.test(e.message)) {
      return new ConfigError(
        'DATABASE_URL',
        e.message.replace(/^DATABASE_URL /, ''),
        'use postgres://user:password@host:5432/database or file:path',
      );
    }
  }
  return null;
}
