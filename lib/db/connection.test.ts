import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseDatabaseUrl } from './connection';
import { openDatabase } from './index';

describe('parseDatabaseUrl()', () => {
  test.each([
    ['file:data/dashboard.db', { kind: 'sqlite', filename: resolve('data/dashboard.db') }],
    ['file:/var/lib/ens/db.sqlite', { kind: 'sqlite', filename: '/var/lib/ens/db.sqlite' }],
    ['file:///var/lib/ens/db.sqlite', { kind: 'sqlite', filename: '/var/lib/ens/db.sqlite' }],
    ['./local.db', { kind: 'sqlite', filename: resolve('local.db') }],
    ['/abs/x.db', { kind: 'sqlite', filename: '/abs/x.db' }],
    [':memory:', { kind: 'sqlite', filename: ':memory:' }],
    ['postgres://u:p@h:5432/d', { kind: 'postgres', connectionString: 'postgres://u:p@h:5432/d' }],
    ['postgresql://h/d?sslmode=require', { kind: 'postgres', connectionString: 'postgresql://h/d?sslmode=require' }],
  ])('%s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  test('rejects other schemes without echoing the URL (it may hold a password)', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).toThrow(/unsupported scheme/);
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).not.toThrow(/hunter2/);
    expect(() => parseDatabaseUrl('  ')).toThrow(/empty/);
  });
});

describe('openDatabase() on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ens-db-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('creates missing directories on first open', async () => {
    const filename = join(dir, 'a', 'b', 'dashboard.db');
    const db = await openDatabase(`file:${filename}`);
    await db.close();
    await db.close(); // idempotent
    expect(existsSync(filename)).toBe(true);
  });

  test(':memory: works and is always the leader', async () => {
    const db = await openDatabase(':memory:');
    try {
      expect(db.kind).toBe('sqlite');
      expect(await db.tryAcquireLeadership(7)).toBe(true);
      await expect(db.tryAcquireLeadership(Number.NaN)).rejects.toThrow(RangeError);
    } finally {
      await db.close();
    }
  });
});
