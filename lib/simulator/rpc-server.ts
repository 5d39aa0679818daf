/**
 * The HTTP front of the simulator: ENS RPC over node:http, signature checks,
 * injected faults and the `/__sim/*` test controls, around any SimStore.
 * Kept apart from server.ts so transport tests can build the real store
 * themselves (on a fixed clock) and keep a handle on it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimError, errorBody } from './errors';
import { NO_FAULTS, drawFault, serviceUnavailableError, throttlingError } from './faults';
import { NonceCache } from './nonce-cache';
import { parseFormBody, parseQueryParams, verifyRequest } from './signature';
import { SimStats } from './stats';
import { CONTROL_PREFIX, handleControl, isLoopback, type SimRuntime } from './test-controls';
import type { RunningSimulator, SimStore } from './types';

export const ENS_VERSION = '2017-11-10';
const DEFAULT_HOST_ID = 'ens.aliyuncs.com';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const JSON_TYPE = 'application/json;charset=utf-8';

export interface ServeOptions {
  store: SimStore;
  accessKeyId: string;
  accessKeySecret: string;
  port?: number;
  host?: string;
  quiet?: boolean;
  /** Decides injected faults; tests pass a seeded one. */
  random?: () => number;
}

interface ParsedTarget {
  pathname: string;
  rawQuery: string;
}

/** Starts listening and resolves once the port is bound. */
export async function serveSimulator(options: ServeOptions): Promise<RunningSimulator> {
  const runtime: SimRuntime = {
    store: options.store,
    stats: new SimStats(),
    nonces: new NonceCache(),
    faults: NO_FAULTS,
  };
  const front = new RpcFront(runtime, options);
  const server = createServer((req, res) => void front.handle(req, res));
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const endpoint = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `http://${endpoint}`,
    endpoint,
    port,
    accessKeyId: options.accessKeyId,
    accessKeySecret: options.accessKeySecret,
    close: () => close(server, options.store),
  };
}

class RpcFront {
  private readonly random: () => number;

  constructor(
    private readonly runtime: SimRuntime,
    private readonly options: ServeOptions,
  ) {
    this.random = options.random ?? Math.random;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const target = parseTarget(req.url ?? '/');
    const isControl = target.pathname.startsWith(CONTROL_PREFIX);
    let status: number;
    try {
      status = isControl ? await this.control(req, res, target) : await this.rpc(req, res, target);
    } catch (err) {
      // Control errors are the tester's own mistakes, not answers of the simulated service.
      if (!isControl) this.runtime.stats.countRejected(err instanceof SimError ? err.code : 'InternalError');
      status = answerError(req, res, err);
    }
    const label = isControl ? target.pathname : (req.headers['x-acs-action']?.toString() ?? target.pathname);
    this.log(
      `${req.method ?? '?'} ${label} ${status < 0 ? 'dropped' : status} ${Math.round(performance.now() - started)}ms`,
    );
  }

  private async control(req: IncomingMessage, res: ServerResponse, target: ParsedTarget): Promise<number> {
    if (!isLoopback(req.socket.remoteAddress)) {
      throw new SimError('Forbidden', 'The /__sim/ test controls answer loopback clients only.', 403);
    }
    const body = (await readBody(req)).toString('utf8');
    const answer = handleControl(this.runtime, { method: req.method ?? 'GET', pathname: target.pathname, body });
    sendJson(res, answer.status, answer.body);
    return answer.status;
  }

  /** Returns the status answered; -1 when the connection was dropped on purpose. */
  private async rpc(req: IncomingMessage, res: ServerResponse, target: ParsedTarget): Promise<number> {
    const { stats, faults } = this.runtime;
    stats.countRequest();
    if (target.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) {
      throw new SimError(
        'InvalidApi.NotFound',
        'Specified api is not found, please check your url and method. ENS RPC is POST / or GET /.',
        404,
      );
    }
    const body = await readBody(req);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    verifyRequest(
      { method: req.method, pathname: target.pathname, rawQuery: target.rawQuery, headers: req.headersDistinct, body },
      { lookupSecret: (id) => this.lookupSecret(id), nonces: this.runtime.nonces, now: Date.now() },
    );
    // Faults come after authentication, as the gateway's flow control counts per
    // account; so a forged request still gets its signature error, deterministically.
    const fault = drawFault(faults, this.random);
    if (fault === 'drop') {
      stats.countDropped();
      req.socket.destroy();
      return -1;
    }
    if (fault === 'throttle') throw throttlingError();
    if (fault === 'error') throw serviceUnavailableError();
    checkVersion(req.headers['x-acs-version']?.toString());
    const action = req.headers['x-acs-action']?.toString() ?? '';
    const params = { ...parseQueryParams(target.rawQuery), ...formParams(req, body) };
    return this.dispatch(res, action, params);
  }

  private dispatch(res: ServerResponse, action: string, params: Record<string, string>): number {
    const { stats, store } = this.runtime;
    let result: unknown;
    try {
      result = store.handle(action, params);
    } catch (err) {
      // An action the model does not know was not a call to anything.
      if (!(err instanceof SimError && err.code === 'InvalidApi.NotFound')) stats.countCall(action);
      throw err;
    }
    stats.countCall(action);
    stats.recordCall(action, params, store.now());
    const body = withRequestId(result);
    // The answer's Date is the simulated clock, as a real service's is its own: the
    // dashboard reads ENS time from it (relative times, countdowns, deadlines).
    res.setHeader('date', new Date(store.now()).toUTCString());
    sendJson(res, 200, body.json, body.requestId);
    return 200;
  }

  private lookupSecret(accessKeyId: string): string | undefined {
    return accessKeyId === this.options.accessKeyId ? this.options.accessKeySecret : undefined;
  }

  private log(line: string): void {
    if (this.options.quiet === false) console.log(`[ens-simulator] ${line}`);
  }
}

function answerError(req: IncomingMessage, res: ServerResponse, err: unknown): number {
  const answer = errorAnswer(err, req.headers.host);
  sendJson(res, answer.status, answer.body, answer.requestId);
  return answer.status;
}

export interface ErrorAnswer {
  status: number;
  requestId: string;
  body: ReturnType<typeof errorBody>;
}

/**
 * What the client is told about a thrown error: a SimError as it is, anything
 * else as 500 `InternalError` whose details go to the console only.
 */
export function errorAnswer(err: unknown, host: string | undefined): ErrorAnswer {
  const simError = err instanceof SimError ? err : internalError(err);
  const requestId = newRequestId();
  return { status: simError.httpStatus, requestId, body: errorBody(simError, requestId, host ?? DEFAULT_HOST_ID) };
}

function internalError(err: unknown): SimError {
  // The stack goes to the operator's console, never into the answer.
  console.error('[ens-simulator] internal error', err);
  return new SimError('InternalError', 'The request processing has failed due to some unknown error.', 500);
}

/** Inferred: the gateway's answer to a version the product does not have. */
function checkVersion(version: string | undefined): void {
  if (version !== ENS_VERSION) {
    throw new SimError(
      'InvalidVersion',
      `Specified parameter Version is not valid: ENS speaks ${ENS_VERSION}, got "${version ?? ''}".`,
      400,
    );
  }
}

function formParams(req: IncomingMessage, body: Buffer): Record<string, string> {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' ? parseFormBody(body.toString('utf8')) : {};
}

/** Split by hand: the raw query must reach the verifier exactly as sent, which URL would normalize. */
function parseTarget(url: string): ParsedTarget {
  const q = url.indexOf('?');
  return q < 0 ? { pathname: url, rawQuery: '' } : { pathname: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

/** Every ENS answer carries a RequestId; the model may have set one already. */
function withRequestId(result: unknown): { json: unknown; requestId: string } {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return { json: result, requestId: newRequestId() };
  }
  const own: unknown = (result as { RequestId?: unknown }).RequestId;
  if (typeof own === 'string') return { json: result, requestId: own };
  const requestId = newRequestId();
  return { json: { RequestId: requestId, ...result }, requestId };
}

function newRequestId(): string {
  return randomUUID().toUpperCase();
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestId?: string): void {
  if (res.headersSent || res.destroyed) return;
  // Encoded once: measuring the text and then writing it would encode a large page twice.
  const bytes = Buffer.from(JSON.stringify(body) ?? 'null');
  res.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': bytes.length,
    ...(requestId ? { 'x-acs-request-id': requestId } : {}),
  });
  res.end(bytes);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      throw new SimError('RequestEntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`, 413);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server, store: SimStore): Promise<void> {
  store.stop();
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive sockets from SDK clients would otherwise hold close() open.
    server.closeAllConnections();
  });
}
