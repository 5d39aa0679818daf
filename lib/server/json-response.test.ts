import { describe, expect, test } from 'vitest';
import { jsonResponse } from './json-response';

const get = (headers: Record<string, string> = {}) => new Request('http://dashboard.test/api/x', { headers });

describe('jsonResponse', () => {
  test('a GET answer carries a weak ETag and must be revalidated, never stored blindly', async () => {
    const response = jsonResponse(get(), { total: 3 });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ total: 3 });
  });

  test('If-None-Match with the current tag is an empty 304 carrying the tag', async () => {
    const tag = jsonResponse(get(), { total: 3 }).headers.get('etag')!;
    for (const header of [tag, tag.slice(2), `W/"other", ${tag}`, '*']) {
      const response = jsonResponse(get({ 'if-none-match': header }), { total: 3 });
      expect(response.status, header).toBe(304);
      expect(response.headers.get('etag')).toBe(tag);
      expect(await response.text()).toBe('');
    }
  });

  test('a changed answer is a 200 with a new tag', async () => {
    const tag = jsonResponse(get(), { total: 3 }).headers.get('etag')!;
    const response = jsonResponse(get({ 'if-none-match': tag }), { total: 4 });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).not.toBe(tag);
    expect(await response.json()).toEqual({ total: 4 });
  });

  test('volatile top-level fields leave the tag alone; the same name deeper does not', async () => {
    const first = jsonResponse(get(), { total: 3, ensNow: '2026-12-02T00:00:00Z' }, ['ensNow']);
    const later = jsonResponse(get(), { total: 3, ensNow: '2026-12-02T00:00:05Z' }, ['ensNow']);
    expect(later.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await later.json()).toEqual({ total: 3, ensNow: '2026-12-02T00:00:05Z' });

    const nested = (at: string) =>
      jsonResponse(get(), { total: 3, ensNow: 'x', row: { ensNow: at } }, ['ensNow']).headers.get('etag');
    expect(nested('a')).not.toBe(nested('b'));
  });

  test('other methods are never cached or answered 304', async () => {
    const tag = jsonResponse(get(), { ok: true }).headers.get('etag')!;
    const response = jsonResponse(
      new Request('http://dashboard.test/api/x', { method: 'POST', headers: { 'if-none-match': tag } }),
      { ok: true },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
  });
});
