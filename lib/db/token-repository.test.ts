import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from './index';
import { postgresEngine, sqliteEngine, type TestEngine } from './test-engines';

const ENGINES: TestEngine[] = [sqliteEngine(), postgresEngine()];

const newToken = (hash: string, expiresAt: number | null) => ({
  name: 'ci',
  tokenHash: hash,
  role: 'operator' as const,
  appId: null,
  createdBy: 'ada',
  expiresAt,
});

describe.each(ENGINES)('TokenRepository on $kind', (engine) => {
  let db: Db;
  let now = 1_000_000;

  beforeEach(async (ctx) => {
    if (engine.skipReason) ctx.skip();
    now = 1_000_000;
    db = await openDatabase(await engine.create(), { clock: () => now });
  });
  afterEach(async () => {
    await db?.close();
    await engine.dispose();
  });

  test('a token works until it expires', async () => {
    await db.tokens.create(newToken('h1', now + 10_000));
    expect(await db.tokens.use('h1')).toMatchObject({ name: 'ci', lastUsedAt: now });
    now += 10_000;
    expect(await db.tokens.use('h1')).toBeUndefined();
  });

  test('last use is recorded at most once a minute; a revoked token stops working', async () => {
    const token = await db.tokens.create(newToken('h2', null));
    await db.tokens.use('h2');
    now += 30_000;
    expect((await db.tokens.use('h2'))?.lastUsedAt).toBe(1_000_000);
    now += 40_000;
    expect((await db.tokens.use('h2'))?.lastUsedAt).toBe(1_070_000);
    expect(await db.tokens.revoke(token.id, 'ada')).toBe(true);
    expect(await db.tokens.revoke(token.id, 'ada')).toBe(false);
    expect(await db.tokens.use('h2')).toBeUndefined();
    expect((await db.tokens.list())[0]).toMatchObject({ revokedBy: 'ada', revokedAt: 1_070_000 });
  });
});
