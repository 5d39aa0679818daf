import { describe, expect, test } from 'vitest';
import { inAnyCidr, parseCidr, parseCidrList } from './cidr';

describe('CIDR matching', () => {
  const list = parseCidrList('10.0.0.0/8, 192.168.1.7, fd00::/8, ::1');
  test.each([
    ['10.200.3.4', true],
    ['::ffff:10.1.1.1', true],
    ['11.0.0.1', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['fd12:3456::1', true],
    ['fe80::1', false],
    ['::1', true],
    ['::2', false],
    ['', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(inAnyCidr(list, address)).toBe(expected);
  });

  test('nonsense is refused with the entry named', () => {
    expect(() => parseCidr('10.0.0.0/33')).toThrow(/10.0.0.0\/33/);
    expect(() => parseCidr('proxy.internal')).toThrow(/proxy.internal/);
    expect(() => parseCidr('10.0.0.0/x')).toThrow(/prefix/);
  });
});
