import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  test('the database, its WAL and a new directory are private to the dashboard user', async () => {
    const filename = join(dir, 'private', 'dashboard.db');
    const db = await openDatabase(`file:${filename}`);
    try {
      await db.tokens.list();
      const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
      expect(mode(join(dir, 'private'))).toBe('700');
      expect(mode(filename)).toBe('600');
      expect(mode(`${filename}-wal`)).toBe('600');
    } finally {
      await db.close();
    }
  });

  test('an existing database readable by others is tightened to 0600', async () => {
    const filename = join(dir, 'loose.db');
    writeFileSync(filename, '');
    chmodSync(filename, 0o644);
    const db = await openDatabase(`file:${filename}`);
    await db.close();
    expect((statSync(filename).mode & 0o777).toString(8)).toBe('600');
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
