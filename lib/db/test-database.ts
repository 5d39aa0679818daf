import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type Db } from './index';
import type { TestEngine } from './test-engines';

/** A test's database and the time its repositories read: the test moves `now`. */
export interface TestDatabase {
  readonly db: Db;
  now: number;
}

/**
 * Registers, in the calling describe block, an empty database on `engine` for each test
 * (the test skipped where the engine is not available), its clock back at `start`;
 * closed and dropped after the test.
 */
export function databaseForEachTest(engine: TestEngine, start = 1_000_000): TestDatabase {
  let db: Db | undefined;
  const handle = {
    now: start,
    get db(): Db {
      if (!db) throw new Error('the test database is open only during a test');
      return db;
    },
  };
  beforeEach(async (ctx) => {
    if (engine.skipReason) ctx.skip();
    handle.now = start;
    db = await openDatabase(await engine.create(), { clock: () => handle.now });
  });
  afterEach(async () => {
    await db?.close();
    db = undefined;
    await engine.dispose();
  });
  return handle;
}
