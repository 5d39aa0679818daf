import { isIP } from 'node:net';

/** One parsed CIDR block; IPv4 blocks also match IPv4-mapped IPv6 addresses (::ffff:a.b.c.d). */
export interface Cidr {
  bits: bigint;
  prefix: number;
  width: 32 | 128;
}

export function parseCidr(text: string): Cidr {
  const [address = '', prefixText] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0) throw new Error(`${text} is not an IP address or CIDR block`);
  const width = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? String(width)) || prefix > width)
    throw new Error(`${text} has an invalid prefix length`);
  return { bits: toBits(address), prefix, width };
}

export function parseCidrList(text: string): Cidr[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map(parseCidr);
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  let addr = address.trim();
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(addr) && cidr.width === 32) addr = addr.slice(7);
  const version = isIP(addr);
  if (version === 0 || (version === 4 ? 32 : 128) !== cidr.width) return false;
  const shift = BigInt(cidr.width - cidr.prefix);
  return toBits(addr) >> shift === cidr.bits >> shift;
}

export function inAnyCidr(cidrs: readonly Cidr[], address: string | null | undefined): boolean {
  return !!address && cidrs.some((c) => cidrContains(c, address));
}

function toBits(address: string): bigint {
  if (isIP(address) === 4) return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  // Expand "::" and a trailing dotted IPv4 part into eight 16-bit groups.
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = toBits(v4[1]);
    text = text.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}
