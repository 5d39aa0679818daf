import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_LOG } from '../playwright.config';
import { readLeaks, readSecrets, secretsIn, serverLogFiles } from './secrets';

/**
 * After the whole browser run, the secrets of the run (e2e/secrets.ts: configured ones,
 * and every API token value and session cookie value born during it) must appear
 * nowhere: not in the suite server's log nor in that of any dashboard a spec started,
 * not in .next/static, and not in any response a browser received (the fixture's
 * findings). No log may carry a signature or an authorization header either. A
 * violation fails the run.
 */
export default function globalTeardown(): void {
  const secrets = readSecrets();
  const problems: string[] = [];
  // A reused server (a developer's own, not in CI) has no log of this run.
  const logs = [...(existsSync(SERVER_LOG) ? [SERVER_LOG] : []), ...serverLogFiles()];
  let requests = 0;
  for (const path of logs) {
    const log = readFileSync(path, 'utf8');
    requests += log.split('\n').filter((line) => line.includes('"msg":"request"')).length;
    for (const kind of new Set(secretsIn(log, secrets))) problems.push(`${kind} in ${path}`);
    if (/authorization/i.test(log)) problems.push(`an authorization header in ${path}`);
    if (/Signature=|x-acs-signature|ACS3-HMAC-SHA256 Credential/i.test(log))
      problems.push(`a request signature in ${path}`);
  }
  if (existsSync(SERVER_LOG) && requests === 0) problems.push('no request line at all (is the log being written?)');
  const bundle = existsSync('.next/static') ? files('.next/static') : [];
  for (const file of bundle) {
    for (const kind of new Set(secretsIn(readFileSync(file, 'utf8'), secrets))) problems.push(`${kind} in ${file}`);
  }
  for (const leak of readLeaks()) problems.push(`${leak.kind} in ${leak.where}`);
  if (problems.length > 0) throw new Error(`Secrets where no one may see them:\n  ${problems.join('\n  ')}`);
  const kinds = [...new Set(secrets.map((s) => s.kind))].join(', ');
  console.log(
    `secret scan: ${secrets.length} secrets (${kinds}) in none of ${logs.length} server logs (${requests} request lines), ${bundle.length} bundle files or the browsers' responses`,
  );
}

function files(path: string): string[] {
  return readdirSync(path, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(path, e.name)) : [join(path, e.name)],
  );
}
