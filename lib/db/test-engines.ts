import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DialectKind } from './connection';

/**
 * The engines the repository suite runs on. SQLite always (a temp file, not
 * :memory:, so the file path and WAL code paths run); PostgreSQL only when
 * TEST_DATABASE_URL names a server (`eval "$(scripts/ci-postgres.sh)"`), each run in
 * a schema of its own, dropped afterwards, so parallel runs do not meet.
 */
export interface TestEngine {
  kind: DialectKind;
  /** Why this engine is skipped, or null when it runs. */
  skipReason: string | null;
  /** Creates an empty database and returns the DATABASE_URL that opens it. */
  create(): Promise<string>;
  dispose(): Promise<void>;
}

export function sqliteEngine(): TestEngine {
  let dir: string | undefined;
  return {
    kind: 'sqlite',
    skipReason: null,
    async create() {
      dir = mkdtempSync(join(tmpdir(), 'ens-db-test-'));
      return `file:${join(dir, 'nested', 'dashboard.db')}`;
    },
    async dispose() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresEngine(baseUrl = process.env.TEST_DATABASE_URL): TestEngine {
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    kind: 'postgres',
    skipReason: baseUrl ? null : 'TEST_DATABASE_URL is not set (start one with: eval "$(scripts/ci-postgres.sh)")',
    async create() {
      if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set');
      await admin((c) => c.query(`create schema "${schema}"`));
      return withSearchPath(baseUrl, schema);
    },
    async dispose() {
      if (baseUrl) await admin((c) => c.query(`drop schema if exists "${schema}" cascade`));
    },
  };
}

/** libpq's `options` parameter, which pg also reads from the URL, sets search_path per connection. */
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
