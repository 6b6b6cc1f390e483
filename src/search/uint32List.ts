/** A growable Uint32Array: typed arrays hold millions of ids in a fraction of a plain array's memory. */
export class Uint32List {
  private data = new Uint32Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  at(index: number): number {
    return this.data[index]!;
  }

  /** Drops the values from `length` on. */
  truncate(length: number): void {
    this.size = Math.min(this.size, length);
  }

  /** Are values[a .. a + length - 1] and values[b .. b + length - 1] the same? */
  sameRun(a: number, b: number, length: number): boolean {
    for (let i = 0; i < length; i++) if (this.data[a + i] !== this.data[b + i]) return false;
    return true;
  }

  /** The values, in a typed array of their own. */
  toArray(): Uint32Array {
    return this.data.slice(0, this.size);
  }
}
