/**
 * The related-paper model as the extension ships it: split so that a page's
 * related papers are scored from the few files of its own terms, whatever the
 * size of the collection (issue 12). Written at build time by
 * tools/related/shards.ts from the model of lib/related/model.ts; read by
 * lib/worker/corpus-related.ts; ranked by lib/related/rank.ts exactly as the
 * model in memory is (lib/related/score.ts).
 *
 * - `corpus/related/layout.json` ({@link RelatedLayout}): how text is analysed, the first key of each term
 *   shard, the first id of each id chunk, and the few terms in more than `scoringDfLimit` papers (never
 *   scored: their key, surface and idf count only towards a query's length).
 * - `corpus/related/terms/<n>.bin`: a range of terms by key ({@link termShardOf}), each with its surface
 *   form, idf and postings (paper numbers and weights): {@link decodeTermShard}. Ranges rather than a hash:
 *   sorted keys share their beginnings and pack in the zip (1.5 MB less at 30,000 papers), and a paper's
 *   phrases that begin with the same word are in one shard.
 * - `corpus/related/papers/<n>.json`: `{ bareId: [shards, common] }` by lib/collection/assets.ts `shardOf`:
 *   which term shards hold the paper's terms, and its weights for the unscored terms (both
 *   {@link encodeNumbers}). Its weights for the other terms are in their postings.
 * - `corpus/related/ids/<n>.json`: the ids of papers `n * idsPerChunk …`, ascending: papers are numbered in
 *   id order, so that ties broken by number are broken by id, as in the model.
 */
import type { AnalysisOptions } from '../core/text';
import type { Postings } from './rank';

/** The small file every related answer reads first. */
export const RELATED_LAYOUT = 'corpus/related/layout.json';
export const termShardPath = (n: number) => `corpus/related/terms/${n}.bin`;
export const relatedPaperPath = (n: number) => `corpus/related/papers/${n}.json`;
export const idChunkPath = (n: number) => `corpus/related/ids/${n}.json`;

/** `corpus/related/layout.json`. */
export interface RelatedLayout {
  version: 1;
  analysis: AnalysisOptions;
  titleWeight: number;
  saturation: { k1: number; b: number; avgLength: number };
  /** Papers in the model; paper numbers are 0 … papers - 1, in id order. */
  papers: number;
  /** The first key of each term shard, ascending: a key is in the last shard whose first key is not after it. */
  termHeads: string[];
  paperShards: number;
  idsPerChunk: number;
  /** The first id of each id chunk, to find an id's number. */
  idHeads: string[];
  /** Terms in more than `scoringDfLimit(papers)` papers, sorted by key; parallel arrays. */
  common: { keys: string[]; surfaces: string[]; idf: number[] };
}

/** A paper's entry in its related-paper shard: its term shards and its unscored terms' weights, both {@link encodeNumbers}. */
export type RelatedRecord = [shards: string, common: string];

/** One term shard, decoded: parallel arrays, keys sorted. */
export interface TermShard {
  keys: string[];
  surfaces: string[];
  idf: number[];
  postings: Postings[];
}

/** First four bytes of a term shard: "PLRS" little-endian. */
export const SHARD_MAGIC = 0x53524c50;

/** Which term shard a term key is in (0 for a key before every shard's: no term has it). */
export const termShardOf = (key: string, heads: readonly string[]): number => Math.max(0, lastAtOrBefore(heads, key));

/**
 * A surface form as written in a shard: when each of its words begins with the
 * key's word (most do: "optim transport" → "optimal transport"), only the
 * endings ("al "); otherwise a tab and the whole surface ("CTC").
 */
export function encodeSurface(key: string, surface: string): string {
  const kw = key.split(' ');
  const sw = surface.split(' ');
  if (kw.length === sw.length && sw.every((w, i) => w.startsWith(kw[i]))) return sw.map((w, i) => w.slice(kw[i].length)).join(' ');
  return '\t' + surface;
}

/** The inverse of {@link encodeSurface}. */
export function decodeSurface(key: string, code: string): string {
  if (code.startsWith('\t')) return code.slice(1);
  const ends = code.split(' ');
  return key
    .split(' ')
    .map((w, i) => w + (ends[i] ?? ''))
    .join(' ');
}

/**
 * 64 characters that JSON writes as they are. A number is written in groups of
 * 5 bits, low first, each as one character; a character of value 32 or more says
 * another group follows. Shard gaps and weights mostly fit in one or two.
 */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';

/** Non-negative integers as a short string. */
export function encodeNumbers(xs: readonly number[]): string {
  let out = '';
  for (let x of xs) {
    while (x >= 32) {
      out += DIGITS[32 + (x & 31)];
      x = Math.floor(x / 32);
    }
    out += DIGITS[x];
  }
  return out;
}

/** The inverse of {@link encodeNumbers}; throws on a character it never writes. */
export function decodeNumbers(text: string): number[] {
  const out: number[] = [];
  let x = 0;
  let scale = 1;
  for (let i = 0; i < text.length; i++) {
    const v = DIGITS.indexOf(text[i]);
    if (v < 0) throw new Error('related-paper record is damaged');
    x += (v & 31) * scale;
    if (v >= 32) scale *= 32;
    else {
      out.push(x);
      x = 0;
      scale = 1;
    }
  }
  if (scale !== 1) throw new Error('related-paper record is damaged');
  return out;
}

/** A record's term shards (ascending) and its unscored terms as [index into `common`, weight] pairs. */
export function readRecord([shards, common]: RelatedRecord): { shards: number[]; common: [number, number][] } {
  const gaps = decodeNumbers(shards);
  for (let i = 1; i < gaps.length; i++) gaps[i] += gaps[i - 1];
  const c = decodeNumbers(common);
  const pairs: [number, number][] = [];
  for (let i = 0, at = 0; i + 1 < c.length; i += 2) pairs.push([(at += c[i]), c[i + 1]]);
  return { shards: gaps, common: pairs };
}

/**
 * Reads a term shard: "PLRS", the header's length (u32), a JSON header (keys and
 * surfaces joined by newlines, idf, posting counts), then per term its papers as
 * gaps and its weights, all as varints. Throws on anything else.
 */
export function decodeTermShard(bytes: Uint8Array): TermShard {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== SHARD_MAGIC) throw new Error('not a Paper Lens term shard');
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as {
    keys: string;
    surfaces: string;
    idf: number[];
    count: number[];
  };
  const n = header.count.length;
  const keys = n ? header.keys.split('\n') : [];
  const surfaces = n ? header.surfaces.split('\n').map((code, i) => decodeSurface(keys[i], code)) : [];
  if (keys.length !== n || surfaces.length !== n || header.idf.length !== n) throw new Error('term shard is damaged');
  const total = header.count.reduce((a, b) => a + b, 0);
  const doc = new Uint32Array(total);
  const w = new Uint16Array(total);
  let at = 8 + headerLength;
  const read = () => {
    let x = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) throw new Error('term shard is damaged');
      const b = bytes[at++];
      x += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return x;
      shift += 7;
    }
  };
  const postings: Postings[] = [];
  for (let t = 0, from = 0; t < n; t++) {
    const to = from + header.count[t];
    for (let j = from, prev = 0; j < to; j++) doc[j] = prev += read();
    for (let j = from; j < to; j++) w[j] = read();
    postings.push({ doc: doc.subarray(from, to), w: w.subarray(from, to) });
    from = to;
  }
  if (at !== bytes.length) throw new Error('term shard is damaged');
  return { keys, surfaces, idf: header.idf, postings };
}

/** Index of `key` in a sorted list, or -1. */
export function findKey(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = keys[mid];
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The last index of a sorted list whose item is not after `x`; -1 when all are. */
export function lastAtOrBefore(sorted: readonly string[], x: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
