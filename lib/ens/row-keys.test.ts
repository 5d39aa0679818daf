import fc from 'fast-check';
import { expect, test } from 'vitest';
import { RowKeys } from './row-keys';

test('RowKeys answers as a set of joined (name, version, instance) keys', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.constantFrom('geo', 'cfg', 'geo\u0000x'),
          fc.constantFrom('1', '2', 'x\u00001'),
          // Up to a thousand instances: each version's bits grow several times.
          fc.integer({ min: 0, max: 1_000 }).map((n) => `i-${n}`),
        ),
        { maxLength: 400 },
      ),
      (keys) => {
        const expected = new Set<string>();
        const rowKeys = new RowKeys();
        for (const [name, version, id] of keys) {
          const key = JSON.stringify([name, version, id]);
          expect(rowKeys.add(name, version, id)).toBe(!expected.has(key));
          expected.add(key);
        }
        expect(rowKeys.size).toBe(expected.size);
      },
    ),
    { numRuns: 300 },
  );
});

test('RowKeys keeps what it had as a version grows past its first bits', () => {
  const rowKeys = new RowKeys();
  const ids = Array.from({ length: 5_000 }, (_, i) => `i-${i}`);
  for (const id of ids) expect(rowKeys.add('geo', '1', id)).toBe(true);
  for (const id of ids) expect(rowKeys.add('geo', '1', id)).toBe(false);
  // The same instances in another version are other rows.
  expect(rowKeys.add('geo', '2', 'i-4999')).toBe(true);
  expect(rowKeys.size).toBe(5_001);
});
