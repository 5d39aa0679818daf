import { rmSync } from 'node:fs';
import { E2E_SECRET } from '../playwright.config';
import { LEAKS_FILE, recordSecret, SECRETS_FILE, SERVER_LOGS_DIR } from './secrets';

/** A fresh record of this run's secrets, leaks and spec-started servers' logs. */
export default function globalSetup(): void {
  for (const path of [SECRETS_FILE, LEAKS_FILE, SERVER_LOGS_DIR]) rmSync(path, { recursive: true, force: true });
  recordSecret('AccessKey secret', E2E_SECRET);
}
