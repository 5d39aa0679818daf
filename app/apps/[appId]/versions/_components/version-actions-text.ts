/** What the version page's actions panel and its confirmations share. */

export type Kind = 'widen' | 'retry-failed' | 'retry-prepush' | 'distribute-pushed' | 'clean';
export interface Open {
  kind: Kind;
  /** The failed pre-push region, for 'retry-prepush'. */
  regionId?: string;
}

export const fmt = (n: number) => n.toLocaleString('en');
export const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
