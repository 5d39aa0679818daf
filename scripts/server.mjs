#!/usr/bin/env node
// The production server: Next.js's request handler behind a plain Node HTTP server,
// so every request carries the TCP peer's address in x-ens-peer-address (a value sent
// by the client is replaced). AUTH_MODE=proxy believes identity headers only from
// peers in TRUSTED_PROXY_CIDRS; `next start` exposes no trustworthy peer address.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import next from 'next';

const PEER_ADDRESS_HEADER = 'x-ens-peer-address';
// Proves the address was stamped here, in this process: under `next dev` (no stamp) a
// client's own x-ens-peer-address header carries no proof and is not believed.
const PEER_PROOF_HEADER = 'x-ens-peer-proof';
process.env.ENS_PEER_PROOF = randomBytes(24).toString('base64url');
const port = Number(process.env.PORT ?? '3000');

const app = next({ dev: false, dir: process.cwd(), port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
  req.headers[PEER_PROOF_HEADER] = process.env.ENS_PEER_PROOF;
  handle(req, res).catch(() => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Internal error');
  });
});
// Every interface, as `next start` listens.
server.listen(port, () => console.log(`Dashboard listening on http://localhost:${port}`));
// With NEXT_MANUAL_SIG_HANDLE (npm start sets it) the dashboard drains on SIGTERM itself.
if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}
