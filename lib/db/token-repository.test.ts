import { describe, expect, test } from 'vitest';
import { databaseForEachTest } from './test-database';
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
  const t = databaseForEachTest(engine);

  test('a token works until it expires', async () => {
    await t.db.tokens.create(newToken('h1', t.now + 10_000));
    expect(await t.db.tokens.use('h1')).toMatchObject({ name: 'ci', lastUsedAt: t.now });
    t.now += 10_000;
    expect(await t.db.tokens.use('h1')).toBeUndefined();
  });

  test('last use is recorded at most once a minute; a revoked token stops working', async () => {
    const token = await t.db.tokens.create(newToken('h2', null));
    await t.db.tokens.use('h2');
    t.now += 30_000;
    expect((await t.db.tokens.use('h2'))?.lastUsedAt).toBe(1_000_000);
    t.now += 40_000;
    expect((await t.db.tokens.use('h2'))?.lastUsedAt).toBe(1_070_000);
    expect(await t.db.tokens.revoke(token.id, 'ada')).toBe(true);
    expect(await t.db.tokens.revoke(token.id, 'ada')).toBe(false);
    expect(await t.db.tokens.use('h2')).toBeUndefined();
    expect((await t.db.tokens.list())[0]).toMatchObject({ revokedBy: 'ada', revokedAt: 1_070_000 });
  });
});
