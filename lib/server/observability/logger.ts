import 'server-only';
import pino, { type Logger } from 'pino';
import { LOG_LEVELS } from '@/lib/config';

/**
 * JSON-lines logging (pino) to stdout, at LOG_LEVEL. Nothing logged here carries a
 * header, a signature or a credential by construction; as a last guard every line is
 * scrubbed of the configured secret values before it is written.
 */
interface Holder {
  logger: Logger;
  secrets: Set<string>;
}

const holder = globalThis as typeof globalThis & { __ensDashboardLogger?: Holder };

function level(): string {
  const wanted = process.env.LOG_LEVEL;
  return wanted && (LOG_LEVELS as readonly string[]).includes(wanted) ? wanted : 'info';
}

function configuredSecrets(): string[] {
  const secrets: string[] = [];
  const key = process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (key) secrets.push(key);
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//i.test(url)) {
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) secrets.push(password);
    } catch {
      // An unparsable URL is refused at start-up.
    }
  }
  return secrets;
}

function create(): Holder {
  const secrets = new Set(configuredSecrets().filter((s) => s.length >= 4));
  const logger = pino({
    level: level(),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['headers.authorization', 'headers.cookie', 'authorization', 'signature', 'accessKeySecret'],
      censor: '[redacted]',
    },
    hooks: {
      streamWrite(line) {
        let out = line;
        for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
        return out;
      },
    },
  });
  return { logger, secrets };
}

export function getLogger(): Logger {
  holder.__ensDashboardLogger ??= create();
  return holder.__ensDashboardLogger.logger;
}

/** A secret learnt at run time (the embedded simulator's key): scrubbed from every later line. */
export function addLogSecret(secret: string): void {
  holder.__ensDashboardLogger ??= create();
  if (secret.length >= 4) holder.__ensDashboardLogger.secrets.add(secret);
}
