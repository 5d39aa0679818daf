import 'server-only';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/*
 * Outbound requests to webhook URLs, which people type in: checked when a channel is
 * saved and again on every send (DNS may answer differently later). https only; no
 * loopback, private, link-local or other special addresses, every resolved address
 * checked and the connection pinned to a checked one (no second lookup to rebind);
 * redirects are never followed; a short timeout and a cap on the answer read.
 * WEBHOOK_ALLOWED_HOSTS lets listed hosts through (over http too); in simulator mode
 * loopback is allowed, so a local receiver works out of the box.
 */

export interface OutboundPolicy {
  /** Lower-case host names or IP literals (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Simulator mode: loopback allowed, over http too. */
  allowLoopback: boolean;
  /** Resolves a host name to its addresses (tests inject one). */
  resolve?: (host: string) => Promise<readonly { address: string; family: number }[]>;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export const OUTBOUND_TIMEOUT_MS = 5_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4 address written as IPv6 (::ffff:a.b.c.d) is judged as the IPv4 one. */
function normalize(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], type: 'ipv4' };
  return { address, type: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isLoopback(address: string): boolean {
  const n = normalize(address);
  return loopback.check(n.address, n.type);
}

/** Loopback, private, link-local, shared, documentation, multicast or reserved. */
export function isSpecialAddress(address: string): boolean {
  const n = normalize(address);
  return blocked.check(n.address, n.type);
}

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

async function defaultResolve(host: string) {
  return dnsLookup(host, { all: true, verbatim: true });
}

/**
 * The addresses a request to `raw` may connect to, or OutboundRefused saying why not.
 * The message names the problem, never the URL (it may carry a token).
 */
export async function checkDestination(raw: string, policy: OutboundPolicy): Promise<{ url: URL; address: string }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefused('must be an https URL');
  if (url.username || url.password) throw new OutboundRefused('must not carry a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = policy.allowedHosts.includes(host);
  let addresses: { address: string }[];
  if (isIP(host)) addresses = [{ address: host }];
  else {
    try {
      addresses = [...(await (policy.resolve ?? defaultResolve)(host))];
    } catch {
      throw new OutboundRefused(`host ${host} does not resolve`);
    }
    if (addresses.length === 0) throw new OutboundRefused(`host ${host} does not resolve`);
  }
  if (!allowed) {
    const allLoopback = addresses.every((a) => isLoopback(a.address));
    const localOk = policy.allowLoopback && allLoopback;
    if (url.protocol !== 'https:' && !localOk)
      throw new OutboundRefused('must be an https URL (http only for hosts in WEBHOOK_ALLOWED_HOSTS)');
    if (!localOk) {
      const bad = addresses.find((a) => isSpecialAddress(a.address));
      if (bad)
        throw new OutboundRefused(
          `resolves to a loopback, private or link-local address (${bad.address}); allow the host with WEBHOOK_ALLOWED_HOSTS if intended`,
        );
    }
  }
  return { url, address: addresses[0]!.address };
}

export interface OutboundResult {
  ok: boolean;
  status: number | null;
  body: string;
  latencyMs: number;
  error: string | null;
}

/** POSTs `body` to a checked destination; never throws. */
export async function postJson(
  raw: string,
  headers: Record<string, string>,
  body: string,
  policy: OutboundPolicy,
): Promise<OutboundResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let target: { url: URL; address: string };
  try {
    target = await checkDestination(raw, policy);
  } catch (error) {
    return { ok: false, status: null, body: '', latencyMs: elapsed(), error: `refused: ${errorText(error)}` };
  }
  const { url, address } = target;
  const family = isIP(address) === 6 ? 6 : 4;
  const maxBytes = policy.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const done = (result: Omit<OutboundResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, latencyMs: elapsed() });
    };
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'ens-dashboard-notifications', ...headers },
        // Connect to the address just checked, never to a second answer of the DNS.
        lookup: (_host, options, callback) => {
          if (options.all) callback(null, [{ address, family }]);
          else callback(null, address, family);
        },
        timeout: policy.timeoutMs ?? OUTBOUND_TIMEOUT_MS,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.destroy();
          done({ ok: false, status, body: '', error: `redirect refused (HTTP ${status}): redirects are not followed` });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            response.destroy();
            done({ ok: false, status, body: '', error: `answer larger than ${maxBytes} bytes` });
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const ok = status >= 200 && status < 300;
          done({ ok, status, body: text, error: ok ? null : `HTTP ${status}` });
        });
        response.on('error', (error) => done({ ok: false, status, body: '', error: errorText(error) }));
      },
    );
    request.on('timeout', () => {
      request.destroy(new Error(`no answer within ${policy.timeoutMs ?? OUTBOUND_TIMEOUT_MS} ms`));
    });
    request.on('error', (error) => done({ ok: false, status: null, body: '', error: errorText(error) }));
    request.end(body);
  });
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
    return `${code}${error.message}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}

/** The URL with its tokens masked (query values, long path segments), for pages and logs. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const path = url.pathname
      .split('/')
      .map((segment) => (segment.length > 12 ? `${segment.slice(0, 4)}…` : segment))
      .join('/');
    const query = [...url.searchParams.keys()].map((k) => `${k}=…`).join('&');
    return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}`;
  } catch {
    return '(invalid URL)';
  }
}
