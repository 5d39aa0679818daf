import { existsSync, readFileSync } from 'node:fs';
import { E2E_SECRET, SERVER_LOG } from '../playwright.config';

/**
 * After the whole browser run: the dashboard's output (every request and ENS call it
 * logged while the specs drove it) must carry no configured secret, no signature and
 * no authorization header. A violation fails the run.
 */
export default function globalTeardown(): void {
  // A reused server (a developer's own, not in CI) has no log of this run.
  if (!existsSync(SERVER_LOG)) return;
  const log = readFileSync(SERVER_LOG, 'utf8');
  const requests = log.split('\n').filter((line) => line.includes('"msg":"request"')).length;
  const problems = [
    log.includes(E2E_SECRET) ? 'the configured ALIBABA_CLOUD_ACCESS_KEY_SECRET' : null,
    /authorization/i.test(log) ? 'an authorization header' : null,
    /Signature=|x-acs-signature|ACS3-HMAC-SHA256 Credential/i.test(log) ? 'a request signature' : null,
    requests === 0 ? 'no request line at all (is the log being written?)' : null,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) throw new Error(`${SERVER_LOG}: the server's log holds ${problems.join(', ')}`);
  console.log(`${SERVER_LOG}: ${requests} request lines, no secret, signature or authorization header`);
}
