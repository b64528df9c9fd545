/**
 * A set of hosts by their index in the comparison, as a bitset: a field that 1,000 hosts share
 * costs 125 bytes, not a list of 1,000 numbers.
 */
export class HostSet {
  private words: Uint32Array;
  private size = 0;

  constructor(capacity = 64) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacity / 32)));
  }

  add(host: number): void {
    const word = host >>> 5;
    if (word >= this.words.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    const bit = 1 << (host & 31);
    if ((this.words[word] as number) & bit) return;
    this.words[word] = (this.words[word] as number) | bit;
    this.size++;
  }

  has(host: number): boolean {
    const word = host >>> 5;
    return word < this.words.length && ((this.words[word] as number) & (1 << (host & 31))) !== 0;
  }

  get count(): number {
    return this.size;
  }

  /** The members in increasing order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let w = 0; w < this.words.length; w++) {
      let bits = this.words[w] as number;
      while (bits !== 0) {
        const low = bits & -bits;
        yield w * 32 + 31 - Math.clz32(low);
        bits ^= low;
      }
    }
  }

  /** The smallest member; Infinity when empty. */
  get first(): number {
    for (const host of this) return host;
    return Infinity;
  }
}
