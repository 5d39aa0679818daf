import type { ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secrets of one e2e run, for the end-of-run scan (e2e/global-teardown.ts): the
 * configured ones (AccessKey secret, OIDC client secret, session and signing secrets)
 * and those born during the run (API token values, session cookie values). Specs and
 * the fixture record each as it becomes known; a secret found in a response that
 * arrived after it was recorded, in a server's log or in the bundle fails the run.
 */
export const SECRETS_FILE = 'data/e2e-secrets.jsonl';
/** Responses in which the fixture found a recorded secret. */
export const LEAKS_FILE = 'data/e2e-leaks.jsonl';
/** The output of every dashboard a spec starts itself (the suite's own server logs to SERVER_LOG). */
export const SERVER_LOGS_DIR = 'data/e2e-server-logs';

export type SecretKind =
  | 'AccessKey secret'
  | 'OIDC client secret'
  | 'session secret'
  | 'signing secret'
  | 'session cookie'
  | 'API token'
  | 'notification channel secret';

export interface Secret {
  kind: SecretKind;
  value: string;
  /** When it became known (epoch ms): an answer that carried it earlier is where it was born. */
  at: number;
}

export interface Leak {
  kind: SecretKind;
  where: string;
}

/** API token values as the dashboard issues them (lib/server/auth/tokens.ts). */
export const TOKEN_PATTERN = /\bens_[A-Za-z0-9_-]{43}\b/g;

export function recordSecret(kind: SecretKind, value: string, at = Date.now()): void {
  // Short values would match by accident; the dashboard's secrets are all long.
  if (value.length < 16)
    throw new Error(`recordSecret: a ${kind} of ${value.length} characters is too short to scan for`);
  mkdirSync('data', { recursive: true });
  appendFileSync(SECRETS_FILE, `${JSON.stringify({ kind, value, at } satisfies Secret)}\n`);
}

export function readSecrets(): Secret[] {
  if (!existsSync(SECRETS_FILE)) return [];
  return readFileSync(SECRETS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Secret);
}

/** The secrets in `text`; with `arrivedAt`, only those known before it arrived. */
export function secretsIn(text: string, secrets: readonly Secret[], arrivedAt = Infinity): SecretKind[] {
  return secrets.filter((s) => s.at < arrivedAt && text.includes(s.value)).map((s) => s.kind);
}

export function recordLeaks(leaks: readonly Leak[]): void {
  if (leaks.length === 0) return;
  mkdirSync('data', { recursive: true });
  appendFileSync(LEAKS_FILE, leaks.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

export function readLeaks(): Leak[] {
  if (!existsSync(LEAKS_FILE)) return [];
  return readFileSync(LEAKS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Leak);
}

/** Writes a spawned dashboard's output to its own file under SERVER_LOGS_DIR (and to `into`, if given). */
export function keepServerLog(child: ChildProcess, name: string, into?: string[]): void {
  mkdirSync(SERVER_LOGS_DIR, { recursive: true });
  const file = createWriteStream(join(SERVER_LOGS_DIR, `${name}-${Date.now()}.log`));
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      file.write(chunk);
      into?.push(chunk.toString());
    });
  }
  child.once('exit', () => file.end());
}

export function serverLogFiles(): string[] {
  if (!existsSync(SERVER_LOGS_DIR)) return [];
  return readdirSync(SERVER_LOGS_DIR).map((f) => join(SERVER_LOGS_DIR, f));
}
