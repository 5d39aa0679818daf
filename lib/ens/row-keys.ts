/**
 * A set of (name, version, instance) row keys that stays small on a whole application's
 * read: its instances recur in every version (100,000 instances × 11 versions is a
 * million rows), so each instance id is held once, numbered, and each version keeps a
 * bit per instance number, where a set of joined key strings held a string per row
 * (about 100 MB at a million rows).
 */
export class RowKeys {
  private readonly instances = new Map<string, number>();
  private readonly versions = new Map<string, Map<string, Uint8Array>>();
  private count = 0;
  /** The last key's version and its bits: a page's rows are mostly of one, and two lookups a row add up. */
  private lastName: string | undefined;
  private lastVersion: string | undefined;
  private lastBits: Uint8Array | undefined;

  /** Adds the key; false when it was already there. */
  add(name: string, version: string, instanceId: string): boolean {
    let n = this.instances.get(instanceId);
    if (n === undefined) this.instances.set(instanceId, (n = this.instances.size));
    const byte = n >> 3;
    let bits = name === this.lastName && version === this.lastVersion ? this.lastBits : undefined;
    if (!bits || bits.length <= byte) {
      let byVersion = this.versions.get(name);
      if (!byVersion) this.versions.set(name, (byVersion = new Map()));
      bits = byVersion.get(version);
      if (!bits || bits.length <= byte) {
        const grown = new Uint8Array(Math.max(64, byte + 1, (bits?.length ?? 0) * 2));
        if (bits) grown.set(bits);
        byVersion.set(version, (bits = grown));
      }
      this.lastName = name;
      this.lastVersion = version;
      this.lastBits = bits;
    }
    const mask = 1 << (n & 7);
    if ((bits[byte] as number) & mask) return false;
    bits[byte] = (bits[byte] as number) | mask;
    this.count += 1;
    return true;
  }

  /** Distinct keys added. */
  get size(): number {
    return this.count;
  }
}
