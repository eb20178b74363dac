/**
 * The parts of MiniSearch 7 that are TypeScript-private and that the search
 * code reaches for: its term map and documents' table (filled shard by shard in
 * lib/search/shards.ts) and `executeQuery`, its scored matches before `search`
 * turns each into a result object and sorts them all (most of a keystroke's
 * time at 110,000 papers, for the twenty shown). The one place that depends on
 * them; tests/unit/search.test.ts and search-shards.test.ts compare against
 * MiniSearch's own public results.
 */
import type MiniSearch from 'minisearch';
import type { SearchOptions } from 'minisearch';

/** One scored match: the document's score and which of its terms matched (as keys). */
export interface RawMatch {
  score: number;
  match: Record<string, unknown>;
}

type TermData = Map<number, Map<number, number>>;

/** The private fields used. */
export interface MiniSearchInternals {
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
  /** The short id the next document gets: every short id is below it. */
  _nextId: number;
  _index: {
    get(term: string): TermData | undefined;
    set(term: string, data: TermData): void;
    delete(term: string): void;
  };
  executeQuery(query: string, options: SearchOptions): Map<number, RawMatch>;
}

/** A MiniSearch's private parts. */
export const internals = (m: MiniSearch<never> | object): MiniSearchInternals => m as MiniSearchInternals;
