import { describe, expect, test } from 'vitest';
import { internalUrlProblem, listItemProblem, unsafeTextProblem } from './field-rules';

describe('internalUrlProblem()', () => {
  test.each([
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data'],
    ['loopback', 'http://127.0.0.1/a.zip'],
    ['another loopback address', 'http://127.8.9.10/a.zip'],
    ['IPv6 loopback', 'http://[::1]/a.zip'],
    ['a decimal IP of loopback', 'http://2130706433/a.zip'],
    ['a hex IP of loopback', 'http://0x7f000001/a.zip'],
    ['an octal-dotted loopback', 'http://0177.0.0.1/a.zip'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/a.zip'],
    ['0.0.0.0', 'http://0.0.0.0/a.zip'],
    ['10/8', 'https://10.1.2.3/a.zip'],
    ['172.16/12', 'https://172.31.0.1/a.zip'],
    ['192.168/16', 'https://192.168.0.10/a.zip'],
    ['carrier-grade NAT', 'https://100.64.0.1/a.zip'],
    ['IPv6 unique local', 'http://[fd00::1]/a.zip'],
    ['IPv6 link-local', 'http://[fe80::1]/a.zip'],
    ['localhost', 'http://localhost:8080/a.zip'],
    ['a localhost subdomain', 'http://files.localhost/a.zip'],
  ])('refuses %s', (_title, url) => {
    expect(internalUrlProblem(url)).toEqual(expect.any(String));
  });

  test.each([
    ['a public host', 'https://files.example.com/a.zip'],
    ['a public IP', 'http://203.0.113.7/a.zip'],
    ['172.32 (outside 172.16/12)', 'http://172.32.0.1/a.zip'],
    ['an intranet name (not resolved here)', 'http://xxxx/a.zip'],
    ['a public IPv6', 'http://[2001:db8::1]/a.zip'],
  ])('accepts %s', (_title, url) => {
    expect(internalUrlProblem(url)).toBeUndefined();
  });
});

describe('text rules', () => {
  test.each([
    ['a comma', 'a,b', /comma/],
    ['a right-to-left override', 'x-\u202egz.exe', /U\+202E/],
    ['a left-to-right isolate', 'a\u2066b', /U\+2066/],
    ['a zero-width joiner', 'a\u200db', /U\+200D/],
    ['a C1 control', 'a\u009bb', /U\+009B/],
    ['a paragraph separator', 'a\u2029b', /U\+2029/],
    ['a lone high surrogate', 'a\ud83d', /valid Unicode/],
  ])('a name with %s is refused', (_title, value, reason) => {
    expect(listItemProblem('name', value)).toMatch(reason);
  });

  test.each([['plain'], ['游戏包-1'], ['pkg-\u{1F680}'], ['café']])('%s is safe text', (value) => {
    expect(listItemProblem('name', value)).toBeUndefined();
    expect(unsafeTextProblem('q', value)).toBeUndefined();
  });
});
