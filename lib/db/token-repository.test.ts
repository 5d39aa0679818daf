import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from './index';

let db: Db;
let now = 1_000_000;

beforeEach(async () => {
  now = 1_000_000;
  db = await openDatabase(':memory:', { clock: () => now });
});
afterEach(async () => {
  await db.close();
});

const newToken = (expiresAt: number | null) => ({ name: 'ci', tokenHash: `h${expiresAt}`, role: 'operator' as const, appId: null, createdBy: 'ada', expiresAt });

describe('TokenRepository', () => {
  test('a token works until it expires', async () => {
    await db.tokens.create(newToken(now + 10_000));
    expect(await db.tokens.use(`h${now + 10_000}`)).toMatchObject({ name: 'ci', lastUsedAt: now });
    now += 10_000;
    expect(await db.tokens.use(`h${1_010_000}`)).toBeUndefined();
  });

  test('last use is recorded at most once a minute; a revoked token stops working', async () => {
    const token = await db.tokens.create(newToken(null));
    await db.tokens.use('hnull');
    now += 30_000;
    expect((await db.tokens.use('hnull'))?.lastUsedAt).toBe(1_000_000);
    now += 40_000;
    expect((await db.tokens.use('hnull'))?.lastUsedAt).toBe(1_070_000);
    expect(await db.tokens.revoke(token.id, 'ada')).toBe(true);
    expect(await db.tokens.use('hnull')).toBeUndefined();
    expect((await db.tokens.list())[0]).toMatchObject({ revokedBy: 'ada', revokedAt: 1_070_000 });
  });
});
