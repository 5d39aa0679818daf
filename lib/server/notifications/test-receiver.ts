import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local receiver on loopback standing in for a chat service or a webhook endpoint in
 * the notification tests: it records every request and answers as the test says.
 * Not a test file itself.
 */

export interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answers a request; the default is 200 with `{}`. */
  answer: (r: Received, res: ServerResponse) => void;
  close(): Promise<void>;
}

export async function receiver(): Promise<Receiver> {
  const state: Receiver = {
    url: '',
    received: [],
    answer: (_r, res) => res.end('{}'),
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const r = {
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        raw: Buffer.concat(chunks).toString(),
      };
      state.received.push(r);
      state.answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
