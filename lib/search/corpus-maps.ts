/**
 * MiniSearch's per-document maps over the shipped corpus's arrays (lib/search/shards.ts
 * `openPart` puts them in place of MiniSearch's own): no entry per corpus paper, and
 * MiniSearch's own entries for the saved papers added since.
 */
import type { FieldLengthArray } from './docs-table';

/**
 * MiniSearch's map of short id → id over the corpus's ids (an entry each for
 * 30,000 papers, in both parts, was most of opening the index once its table
 * read fast), and MiniSearch's own entries for papers added since.
 */
export class CorpusDocumentIds extends Map<number, string> {
  private readonly removed = new Set<number>();
  constructor(private readonly ids: readonly string[]) {
    super();
  }
  override get(shortId: number): string | undefined {
    if (shortId >= this.ids.length) return super.get(shortId);
    return this.removed.has(shortId) ? undefined : this.ids[shortId];
  }
  override has(shortId: number): boolean {
    return shortId < this.ids.length ? !this.removed.has(shortId) : super.has(shortId);
  }
  override delete(shortId: number): boolean {
    if (shortId >= this.ids.length) return super.delete(shortId);
    if (this.removed.has(shortId)) return false;
    this.removed.add(shortId);
    return true;
  }
  override get size(): number {
    return this.ids.length - this.removed.size + super.size;
  }
  override *entries(): MapIterator<[number, string]> {
    for (let s = 0; s < this.ids.length; s++) if (!this.removed.has(s)) yield [s, this.ids[s]];
    yield* super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, string]> {
    return this.entries();
  }
}

/** MiniSearch's map of id → short id: the corpus's entries made on first use (a search's results never need them). */
export class CorpusShortIds extends Map<string, number> {
  private built = false;
  constructor(private readonly ids: readonly string[]) {
    super();
  }
  private build(): void {
    if (this.built) return;
    this.built = true;
    // In order, so that of two papers with one id the later keeps it, as MiniSearch's own loader does.
    this.ids.forEach((id, shortId) => super.set(id, shortId));
  }
  override get(id: string): number | undefined {
    this.build();
    return super.get(id);
  }
  override has(id: string): boolean {
    this.build();
    return super.has(id);
  }
  override set(id: string, shortId: number): this {
    this.build();
    return super.set(id, shortId);
  }
  override delete(id: string): boolean {
    this.build();
    return super.delete(id);
  }
  override get size(): number {
    this.build();
    return super.size;
  }
  override entries(): MapIterator<[string, number]> {
    this.build();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/**
 * MiniSearch's map of field lengths by short id, with the corpus's papers' in
 * typed arrays (a map of 110,000 small arrays was about 5 MB a part) and
 * MiniSearch's own entries for papers added since.
 */
export class FieldLengths extends Map<number, number[]> {
  private readonly row: number[];
  private readonly removed = new Set<number>();
  constructor(
    private readonly lengths: FieldLengthArray[],
    private readonly corpusSize: number,
  ) {
    super();
    this.row = lengths.map(() => 0);
  }
  override get(shortId: number): number[] | undefined {
    if (shortId >= this.corpusSize || (this.removed.size && this.removed.has(shortId))) return super.get(shortId);
    // One row, reused: MiniSearch reads a length from it at once (scoring, discarding) and keeps nothing.
    for (let f = 0; f < this.lengths.length; f++) this.row[f] = this.lengths[f][shortId];
    return this.row;
  }
  override has(shortId: number): boolean {
    return shortId < this.corpusSize ? !this.removed.has(shortId) : super.has(shortId);
  }
  override delete(shortId: number): boolean {
    if (shortId >= this.corpusSize) return super.delete(shortId);
    this.removed.add(shortId);
    return true;
  }
  /**
   * A field's lengths by short id, for the corpus's papers (those below its length), while none of them was
   * removed; undefined otherwise (read them with `get`). Scoring reads them straight from it (lib/search/mini-internals.ts).
   */
  column(fieldId: number): FieldLengthArray | undefined {
    return this.removed.size ? undefined : this.lengths[fieldId];
  }
}
