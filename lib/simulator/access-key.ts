import { randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface AccessKeyPair {
  accessKeyId: string;
  accessKeySecret: string;
}

function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

/**
 * A fresh simulator-only key pair, shaped like a real one (`LTAI5t` + 18, secret
 * of 30) so clients' format checks pass. Random per start, so a key copied from
 * a log cannot reach a simulator started later.
 */
export function generateAccessKey(): AccessKeyPair {
  return { accessKeyId: `LTAI5t${randomAlnum(18)}`, accessKeySecret: randomAlnum(30) };
}
