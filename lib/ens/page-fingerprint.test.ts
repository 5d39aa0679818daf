import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { pageFingerprint } from './page-fingerprint';

const page = (requestId: string, rows: string, space = '') =>
  Buffer.from(`{"RequestId"${space}:${space}"${requestId}","PageNumber":1,"DistResults":{"DistResult":[${rows}]}}`);

describe('pageFingerprint', () => {
  test('the same answer under another RequestId has the same fingerprint, and the id is read', () => {
    const a = pageFingerprint(page('4F2A-1', '{"Name":"geo"}'));
    const b = pageFingerprint(page('9C07-2', '{"Name":"geo"}'));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect([a.requestId, b.requestId]).toEqual(['4F2A-1', '9C07-2']);
    expect(pageFingerprint(page('9C07-2', '{"Name":"geo"}', ' \n')).requestId).toBe('9C07-2');
  });

  test('any other byte changed changes it', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (rows, at, delta) => {
          const bytes = page('R-1', JSON.stringify(rows));
          const i = at % bytes.length;
          const changed = Buffer.from(bytes);
          changed[i] = ((changed[i] as number) + delta) % 256;
          // Inside the RequestId's value the change is meant to be ignored.
          const value = bytes.indexOf('R-1');
          fc.pre(i < value - 1 || i > value + 3);
          expect(pageFingerprint(changed).fingerprint).not.toBe(pageFingerprint(bytes).fingerprint);
        },
      ),
    );
  });

  test('without a readable RequestId the whole answer counts', () => {
    const none = pageFingerprint(Buffer.from('{"PageNumber":1}'));
    expect(none.requestId).toBeUndefined();
    // An escaped character is nothing ENS sends in an id: hashed whole, so these differ.
    const a = pageFingerprint(Buffer.from('{"RequestId":"a\\"b","PageNumber":1}'));
    const b = pageFingerprint(Buffer.from('{"RequestId":"c\\"d","PageNumber":1}'));
    expect(a.requestId).toBeUndefined();
    expect(a.fingerprint).not.toBe(b.fingerprint);
    // The key inside a string value is escaped, so it is not taken for the RequestId.
    const inside = Buffer.from('{"StatusDescrip":"\\"RequestId\\":\\"x\\"","PageNumber":1}');
    expect(pageFingerprint(inside).requestId).toBeUndefined();
  });
});
