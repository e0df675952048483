/** A set of names that hands out unique ones: `base`, then `base_1`, `base_2`, ... */
export class NameTable {
  private readonly taken = new Set<string>();

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** Marks `name` as used; returns false when it already was. */
  reserve(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }

  release(name: string): void {
    this.taken.delete(name);
  }

  /** `base` if free, else the first free `base_k`; reserves and returns it. */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }
}
