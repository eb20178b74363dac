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
import { weightIn, type Postings } from './rank';

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

/**
 * One term shard as read: its keys (sorted) and idf, and its postings still as
 * bytes, decoded only for the terms a query uses ({@link postingsAt},
 * {@link weightAt}). A page reads about 150 shards of 400 terms and uses one or
 * two terms of each: decoding every term was most of the time, and so, at
 * 110,000 papers, was finding where each term's postings begin (a scan of every
 * byte) and splitting every surface form: the shard says where every 16th
 * term's postings begin, and surface forms are split when one is first shown.
 */
export interface TermShard {
  keys: ShardKeys;
  idf: number[];
  count: Uint32Array;
  bytes: Uint8Array;
  /** Where term j's postings begin, once found (-1 before). */
  offset: Int32Array;
  /** The surface forms' text ({@link encodeSurface}, one a line), split on first use. */
  surfaceText: string;
  surfaceCodes?: string[];
  /** Postings decoded so far, by term. */
  decoded: (Postings | undefined)[];
}

/**
 * A shard's keys, sorted, read from its text when asked for: splitting them all
 * made every page outside the corpus allocate some 60,000 strings at 110,000
 * papers (150 shards of 400 keys, one or two of each used), and the garbage
 * collector's pauses were most of the slowest pages' time.
 */
export class ShardKeys {
  /** Where each key ends in `text` (a line each). */
  private readonly end: Uint32Array;
  constructor(
    private readonly text: string,
    readonly length: number,
  ) {
    this.end = new Uint32Array(length);
    let at = 0;
    for (let j = 0; j < length; j++) {
      const nl = text.indexOf('\n', at);
      if (nl < 0) throw new Error('term shard is damaged');
      this.end[j] = nl;
      at = nl + 1;
    }
  }
  /** Where the keys' text ends (the surface forms follow). */
  get textEnd(): number {
    return this.length ? this.end[this.length - 1] + 1 : 0;
  }
  private start(j: number): number {
    return j ? this.end[j - 1] + 1 : 0;
  }
  at(j: number): string {
    return this.text.slice(this.start(j), this.end[j]);
  }
  /** Compares key j with `key` as `<` on strings does (code unit by code unit), without cutting it out. */
  private compare(j: number, key: string): number {
    const from = this.start(j);
    const len = this.end[j] - from;
    const n = Math.min(len, key.length);
    for (let i = 0; i < n; i++) {
      const d = this.text.charCodeAt(from + i) - key.charCodeAt(i);
      if (d) return d;
    }
    return len - key.length;
  }
  /** Index of `key`, or -1. */
  find(key: string): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.compare(mid, key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Every this many terms, a shard says where a term's postings begin. */
export const OFFSET_EVERY = 16;

/** Term j's surface form. */
export function surfaceAt(s: TermShard, j: number): string {
  if (!s.surfaceCodes) {
    const codes = s.surfaceText.split('\n');
    if (codes.length !== s.keys.length) throw new Error('term shard is damaged');
    s.surfaceCodes = codes;
  }
  return decodeSurface(s.keys.at(j), s.surfaceCodes[j]);
}

/**
 * Where term j's postings begin: from the nearest term before it whose start is
 * known (every {@link OFFSET_EVERY}th is written, the others found on the way
 * and kept), past the postings in between. Terms asked for in order (a corpus
 * paper's query reads every term of its shards) cost one term's skip each.
 */
function offsetOf(s: TermShard, j: number): number {
  if (s.offset[j] >= 0) return s.offset[j];
  let t = j;
  while (s.offset[t] < 0) t--;
  let at = s.offset[t];
  const bytes = s.bytes;
  for (; t < j; t++) {
    // A varint ends at a byte under 0x80: skip 2 × count[t] of them.
    let k = 2 * s.count[t];
    while (k > 0 && at < bytes.length) if (bytes[at++] < 0x80) k--;
    if (k > 0) throw new Error('term shard is damaged');
    s.offset[t + 1] = at;
  }
  return at;
}

/** Term j's postings, decoded once. */
export function postingsAt(s: TermShard, j: number): Postings {
  const p = s.decoded[j];
  if (p) return p;
  const n = s.count[j];
  const doc = new Uint32Array(n);
  const w = new Uint16Array(n);
  const bytes = s.bytes;
  let at = offsetOf(s, j);
  // Every value is under 2^28: four groups of 7 bits in integer arithmetic.
  for (let i = 0, prev = 0; i < n; i++) {
    let b = bytes[at++];
    let x = b & 0x7f;
    for (let shift = 7; b >= 0x80 && shift < 28; shift += 7) x |= ((b = bytes[at++]) & 0x7f) << shift;
    doc[i] = prev += x;
  }
  for (let i = 0; i < n; i++) {
    let b = bytes[at++];
    let x = b & 0x7f;
    for (let shift = 7; b >= 0x80 && shift < 28; shift += 7) x |= ((b = bytes[at++]) & 0x7f) << shift;
    w[i] = x;
  }
  if (at > bytes.length) throw new Error('term shard is damaged');
  return (s.decoded[j] = { doc, w });
}

/**
 * Paper `d`'s weight for term j, 0 when absent. Read from the bytes, stopping at
 * the first paper past `d`: a corpus paper's query asks this of every term of
 * every shard it reads, and few of them hold it.
 */
export function weightAt(s: TermShard, j: number, d: number): number {
  const p = s.decoded[j];
  if (p) return weightIn(p, d);
  const n = s.count[j];
  const bytes = s.bytes;
  let at = offsetOf(s, j);
  let x = 0;
  let i = 0;
  for (; i < n; i++) {
    let b = bytes[at++];
    let g = b & 0x7f;
    for (let shift = 7; b >= 0x80 && shift < 28; shift += 7) g |= ((b = bytes[at++]) & 0x7f) << shift;
    x += g;
    if (x >= d) break;
  }
  if (i === n || x !== d) return 0;
  // Skip the papers after it and the weights before its own.
  for (let k = 0; k < n - 1; k++) while (bytes[at++] >= 0x80);
  let b = bytes[at++];
  let w = b & 0x7f;
  for (let shift = 7; b >= 0x80 && shift < 28; shift += 7) w |= ((b = bytes[at++]) & 0x7f) << shift;
  return w;
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
  if (kw.length === sw.length && sw.every((w, i) => w.startsWith(kw[i])))
    return sw.map((w, i) => w.slice(kw[i].length)).join(' ');
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
 * Reads a term shard: "PLRS", the term count and the text's length in bytes
 * (u32 each), the text (UTF-8: keys, then surface codes, one a line), then
 * varints: each term's posting count, each term's idf × 1000, where the
 * postings of every {@link OFFSET_EVERY}th term begin (as gaps, in bytes after
 * the first term's), and per term its papers as gaps and its weights. All
 * binary but the text: JSON numbers took most of the time of reading a shard.
 * Throws on anything else; a damaged middle is found when a term there is read.
 */
export function decodeTermShard(bytes: Uint8Array): TermShard {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || view.getUint32(0, true) !== SHARD_MAGIC) throw new Error('not a Paper Lens term shard');
  const n = view.getUint32(4, true);
  const textLength = view.getUint32(8, true);
  if (12 + textLength > bytes.length) throw new Error('term shard is damaged');
  const text = n ? new TextDecoder().decode(bytes.subarray(12, 12 + textLength)) : '';
  const keys = new ShardKeys(text, n);
  const surfaceText = text.slice(keys.textEnd);
  let at = 12 + textLength;
  const end = bytes.length;
  const read = () => {
    if (at >= end) throw new Error('term shard is damaged');
    let b = bytes[at++];
    let x = b & 0x7f;
    for (let shift = 7; b >= 0x80 && shift < 28; shift += 7) x |= ((b = bytes[at++]) & 0x7f) << shift;
    return x;
  };
  const count = new Uint32Array(n);
  for (let t = 0; t < n; t++) count[t] = read();
  // idf is kept to 3 decimals, so idf × 1000 is a whole number and / 1000 gives back the very same double.
  const idf = new Array<number>(n);
  for (let t = 0; t < n; t++) idf[t] = read() / 1000;
  const offset = new Int32Array(n + 1).fill(-1);
  const gaps: number[] = [];
  for (let t = OFFSET_EVERY; t < n; t += OFFSET_EVERY) gaps.push(read());
  offset[0] = at;
  gaps.forEach((g, i) => (offset[(i + 1) * OFFSET_EVERY] = offset[i * OFFSET_EVERY] + g));
  const s: TermShard = { keys, idf, count, bytes, offset, surfaceText, decoded: new Array<Postings | undefined>(n) };
  // The last group read through: a shard cut short ends before its last term's postings do.
  if (n && (offset[n - 1 - ((n - 1) % OFFSET_EVERY)] > end || offsetOf(s, n) !== end)) throw new Error('term shard is damaged');
  if (!n && at !== end) throw new Error('term shard is damaged');
  return s;
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
