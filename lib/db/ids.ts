import { randomBytes } from 'node:crypto';

/** `p_…`, `r_…`: a type prefix makes ids recognisable in logs and URLs; 96 random bits avoid collisions. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
