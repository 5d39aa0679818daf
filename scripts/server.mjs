#!/usr/bin/env node
// The production server: Next.js's request handler behind a plain Node HTTP server,
// so every request carries the TCP peer's address in x-ens-peer-address (a value sent
// by the client is replaced). AUTH_MODE=proxy believes identity headers only from
// peers in TRUSTED_PROXY_CIDRS; neither `next start` nor the standalone output's
// server.js exposes a trustworthy peer address.
//
// Two homes: `npm start` runs it from scripts/ against the build in the working
// directory; the image copies it beside .next/standalone's server.js (see the
// Dockerfile) and runs it there, where it serves that standalone build as server.js would.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const PEER_ADDRESS_HEADER = 'x-ens-peer-address';
// Proves the address was stamped here, in this process: under `next dev` (no stamp) a
// client's own x-ens-peer-address header carries no proof and is not believed.
const PEER_PROOF_HEADER = 'x-ens-peer-proof';
process.env.ENS_PEER_PROOF = randomBytes(24).toString('base64url');
const port = Number(process.env.PORT ?? '3000');

const here = dirname(fileURLToPath(import.meta.url));
const requiredFiles = join(here, '.next', 'required-server-files.json');
const standalone = existsSync(join(here, 'server.js')) && existsSync(requiredFiles);
let options = { dev: false, dir: process.cwd(), port };
// Every interface, as `next start` listens; the standalone server honours HOSTNAME as server.js does.
let hostname;
if (standalone) {
  // What server.js does before it starts: production, its own directory, and the
  // configuration the build froze (there is no next.config.js to read beside it).
  process.env.NODE_ENV = 'production';
  process.chdir(here);
  const { config } = JSON.parse(readFileSync(requiredFiles, 'utf8'));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  hostname = process.env.HOSTNAME || '0.0.0.0';
  options = { dev: false, dir: here, port, hostname, conf: config };
}

const app = next(options);
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
const keepAlive = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? '', 10);
if (Number.isFinite(keepAlive) && keepAlive >= 0) server.keepAliveTimeout = keepAlive;
server.listen(port, hostname, () => console.log(`Dashboard listening on http://${hostname ?? 'localhost'}:${port}`));
// With NEXT_MANUAL_SIG_HANDLE (npm start and the image set it) the dashboard drains on SIGTERM itself.
if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}
