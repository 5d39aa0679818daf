import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './schema';

export type DialectKind = 'sqlite' | 'postgres';

export const DEFAULT_DATABASE_URL = 'file:data/dashboard.db';

export type DatabaseTarget = { kind: 'sqlite'; filename: string } | { kind: 'postgres'; connectionString: string };

/**
 * `postgres://` / `postgresql://` → PostgreSQL; `:memory:` → in-memory SQLite;
 * `file:path`, `file:///abs/path` or a plain path → SQLite file (relative to the
 * working directory, as the default `file:data/dashboard.db` expects).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const trimmed = url.trim();
  if (trimmed === '') throw new Error('DATABASE_URL is empty');
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { kind: 'postgres', connectionString: trimmed };
  if (trimmed === ':memory:' || trimmed === 'file::memory:') return { kind: 'sqlite', filename: ':memory:' };
  if (trimmed.startsWith('file://')) return { kind: 'sqlite', filename: fileURLToPath(trimmed) };
  if (trimmed.startsWith('file:')) return { kind: 'sqlite', filename: resolve(trimmed.slice('file:'.length)) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    // Never echo the URL: it may carry a password.
    throw new Error('DATABASE_URL has an unsupported scheme (use postgres://, file: or a path)');
  }
  return { kind: 'sqlite', filename: resolve(trimmed) };
}

export interface Connection {
  kysely: Kysely<DatabaseSchema>;
  kind: DialectKind;
  /** Only for PostgreSQL: the leader lease holds one client of this pool. */
  pool: pg.Pool | null;
}

export function connect(target: DatabaseTarget): Connection {
  return target.kind === 'sqlite' ? connectSqlite(target.filename) : connectPostgres(target.connectionString);
}

function connectSqlite(filename: string): Connection {
  if (filename !== ':memory:') restrictFile(filename);
  const database = new SQLite(filename);
  // WAL lets readers (e.g. `next build` workers, a sqlite3 shell) run beside the writer;
  // busy_timeout makes a second process wait for the write lock instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const kysely = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database }) });
  return { kysely, kind: 'sqlite', pool: null };
}

/**
 * The audit log is readable by the dashboard's user only: a new directory is created
 * 0700 and the database 0600 (SQLite gives its -wal and -shm files the database's
 * mode). An existing database with a looser mode is tightened.
 */
function restrictFile(filename: string): void {
  const dir = dirname(filename);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(filename)) closeSync(openSync(filename, 'a', 0o600));
  if ((statSync(filename).mode & 0o077) !== 0) chmodSync(filename, 0o600);
  for (const suffix of ['-wal', '-shm']) {
    const side = filename + suffix;
    if (existsSync(side) && (statSync(side).mode & 0o077) !== 0) chmodSync(side, 0o600);
  }
}

const INT8_OID = 20;

/**
 * Per-pool type parsers (not the global `pg.types`, which other code may share):
 * int8 columns hold epoch ms and counts, all far below 2^53, so a JS number is exact.
 */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

function connectPostgres(connectionString: string): Connection {
  // keepAlive: the leader lease lives on one long-held connection; TCP keepalives let
  // both ends notice a dead peer, so the server frees the lock for another replica.
  // connectionTimeoutMillis: an unreachable server fails the start-up (or a query) in seconds, not minutes.
  const pool = new pg.Pool({
    connectionString,
    types: pgTypes,
    max: 10,
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client whose server went away emits 'error' on the pool; without a
  // listener Node would crash the process. The next query gets a fresh client.
  pool.on('error', () => {});
  const kysely = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, kind: 'postgres', pool };
}
