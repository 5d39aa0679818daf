import { describe, expect, test } from 'vitest';
import { parseConfig } from '@/lib/config';
import { checkImageSignature, deriveKey, signImage, signingKey, type SignedSubject } from './signed-url';

const key = deriveKey('a-signing-secret-of-at-least-32-characters');
const subject: SignedSubject = { image: 'status.png', appId: 'app-1', name: 'game.pak', version: '1.2.0' };
const NOW = Date.UTC(2026, 11, 2, 1, 30);

function query(signature: { exp: number | string; sig: string }, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    name: subject.name,
    version: subject.version,
    ...extra,
    exp: String(signature.exp),
    sig: signature.sig,
  });
}

describe('signed status-image links', () => {
  test('a signature opens exactly its image until its expiry, rounded up to a whole UTC day', () => {
    const signature = signImage(subject, { key, days: 30, now: NOW });
    expect(signature.exp * 1000).toBe(Date.UTC(2027, 0, 2));
    expect(signature.sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Rendered again later the same day: the same URL, which chat apps cache by.
    expect(signImage(subject, { key, days: 30, now: NOW + 3_600_000 })).toEqual(signature);
    expect(checkImageSignature(subject, query(signature), { key, now: NOW })).toBe('valid');
    expect(checkImageSignature(subject, query(signature), { key, now: signature.exp * 1000 - 1 })).toBe('valid');
    expect(checkImageSignature(subject, query(signature), { key, now: signature.exp * 1000 })).toBe('expired');
  });

  test('any other image, application, file, version or expiry is refused', () => {
    const signature = signImage(subject, { key, days: 1, now: NOW });
    const others: SignedSubject[] = [
      { ...subject, image: 'badge.svg' },
      { ...subject, appId: 'app-2' },
      { ...subject, name: 'game.pak2' },
      { ...subject, version: '1.2.1' },
      // The separator cannot be moved between fields.
      { ...subject, name: 'game.pak\n1.2.0', version: '' },
    ];
    for (const other of others) expect(checkImageSignature(other, query(signature), { key, now: NOW })).toBe('invalid');
    // A later expiry with the old signature: forged, not merely expired.
    expect(checkImageSignature(subject, query({ ...signature, exp: signature.exp + 86_400 }), { key, now: NOW })).toBe(
      'invalid',
    );
    const flipped = (signature.sig[0] === 'A' ? 'B' : 'A') + signature.sig.slice(1);
    expect(checkImageSignature(subject, query({ ...signature, sig: flipped }), { key, now: NOW })).toBe('invalid');
    // Another key (another deployment) signs differently.
    expect(
      checkImageSignature(subject, query(signature), {
        key: deriveKey('another-secret-of-at-least-32-chars!'),
        now: NOW,
      }),
    ).toBe('invalid');
  });

  test('malformed or partial signatures are invalid; none at all is absent', () => {
    const { exp, sig } = signImage(subject, { key, days: 1, now: NOW });
    const check = (q: Record<string, string>) =>
      checkImageSignature(subject, new URLSearchParams(q), { key, now: NOW });
    expect(check({})).toBe('absent');
    expect(check({ sig })).toBe('invalid');
    expect(check({ exp: String(exp) })).toBe('invalid');
    expect(check({ exp: `${exp}.5`, sig })).toBe('invalid');
    expect(check({ exp: '-1', sig })).toBe('invalid');
    expect(check({ exp: String(exp), sig: `${sig}A` })).toBe('invalid');
    expect(check({ exp: String(exp), sig: '' })).toBe('invalid');
    expect(check({ exp: String(exp), sig: sig.slice(0, 42) + '!' })).toBe('invalid');
  });

  test('the key: SIGNED_URL_SECRET, else SESSION_SECRET, else one random key per process', () => {
    const base = { ENS_MODE: 'simulator' };
    const signed = signingKey(
      parseConfig({ ...base, SIGNED_URL_SECRET: 'x'.repeat(32), SESSION_SECRET: 'y'.repeat(32) }),
    );
    expect(signed).toEqual(deriveKey('x'.repeat(32)));
    const session = signingKey(parseConfig({ ...base, SESSION_SECRET: 'y'.repeat(32) }));
    expect(session).toEqual(deriveKey('y'.repeat(32)));
    // Derived, never the secret itself.
    expect(session.toString('utf8')).not.toContain('yyyy');
    const random = signingKey(parseConfig(base));
    expect(random).toHaveLength(32);
    expect(random).not.toEqual(session);
    expect(signingKey(parseConfig(base))).toEqual(random);
  });

  test('SIGNED_URL_SECRET shorter than 32 characters and SIGNED_URL_DAYS out of range stop the start', () => {
    expect(() => parseConfig({ SIGNED_URL_SECRET: 'short' })).toThrow(/SIGNED_URL_SECRET: has an invalid value/);
    expect(() => parseConfig({ SIGNED_URL_DAYS: '0' })).toThrow(/SIGNED_URL_DAYS/);
    expect(parseConfig({}).SIGNED_URL_DAYS).toBe(30);
  });
});
