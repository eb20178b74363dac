/**
 * The related-paper model as the extension ships and reads it: its types, the
 * string tables that hold its vocabulary, and `decodeRelatedModel`. Built and
 * encoded at build time only (tools/related/build.ts, tools/related/encode.ts);
 * scored by lib/related/score.ts. How the model was chosen, with its numbers:
 * docs/ARCHITECTURE.md (its experiment log).
 */
import type { AnalysisOptions } from '../core/text';

/** One suggestion. */
export interface RelatedItem {
  /** Corpus id of the suggested paper. */
  id: string;
  /** Cosine similarity in [0, 1], rounded to 4 digits; comparable within one list only. */
  score: number;
  /** The 2–4 terms or phrases the two sides share most strongly, as a reader would write them ("optimal transport", "CTC"). */
  reasons: string[];
}

/**
 * Many short strings held as one: item i is `text.slice(start[i], start[i + 1])`.
 * A 30,000-paper model has about 190,000 terms, and terms and their surface
 * forms as separate strings (plus a Map to find them) took most of its memory.
 */
export interface StringTable {
  text: string;
  start: Uint32Array;
}

/** Packs strings into a table. */
export function stringTable(items: readonly string[]): StringTable {
  const start = new Uint32Array(items.length + 1);
  for (let i = 0; i < items.length; i++) start[i + 1] = start[i] + items[i].length;
  return { text: items.join(''), start };
}

/** Item `i` of a table. */
export function tableAt(table: StringTable, i: number): string {
  return table.text.slice(table.start[i], table.start[i + 1]);
}

/** How many items a table holds. */
export function tableSize(table: StringTable): number {
  return table.start.length - 1;
}

/** Index of `key` in a sorted table, or -1: a binary search, no Map. */
export function findIn(table: StringTable, key: string): number {
  let lo = 0;
  let hi = tableSize(table) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tableAt(table, mid);
    if (t === key) return mid;
    if (t < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Everything needed to suggest related papers at run time, and nothing more.
 * The vectors are held term by term (an inverted index) in flat typed arrays:
 * 30,000 papers of about 100 terms each are 3 million (paper, weight) pairs,
 * which as JavaScript arrays of numbers would take several times the memory.
 * `encodeRelatedModel` / `decodeRelatedModel` turn it into the shipped bytes.
 */
export interface RelatedModel {
  /** Format version; bump when the fields or their meaning change. */
  version: 3;
  /** How text was cut into terms; run-time text must be cut the same way. */
  analysis: AnalysisOptions;
  /** Extra tf weight of a term occurrence in the title (1 = same as abstract). */
  titleWeight: number;
  /** tf saturation used for the vectors; run-time text is weighted the same way. */
  saturation: { k1: number; b: number; avgLength: number };
  /** Analysed term keys ("optim transport"), sorted; only terms that survive in some paper's vector. */
  terms: StringTable;
  /** How each term is shown in reasons, parallel to `terms`. */
  surface: StringTable;
  /** Inverse document frequency of each term, parallel to `terms`, rounded to 3 digits. */
  idf: number[];
  /** Corpus ids, in corpus order: paper i is `ids[i]`. */
  ids: string[];
  /** The papers holding term t are `postDoc[postStart[t] .. postStart[t + 1])`, ascending. */
  postStart: Uint32Array;
  postDoc: Uint32Array;
  /** Their weights, in units of 1/WEIGHT_SCALE (each paper's vector has unit length before rounding). */
  postW: Uint16Array;
}

/** Weights are stored as integers in units of 1/WEIGHT_SCALE: shorter JSON than decimals. */
export const WEIGHT_SCALE = 1000;

/** `x` rounded to `digits` decimals. */
export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** First four bytes of a shipped model. */
export const MAGIC = 0x4d524c50; // "PLRM" little-endian: Paper Lens Related Model

/** Reads what tools/related/encode.ts `encodeRelatedModel` wrote; throws on anything else. */
export function decodeRelatedModel(bytes: Uint8Array): RelatedModel {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || view.getUint32(0, true) !== MAGIC) throw new Error('not a Paper Lens related-paper model');
  const headerLength = view.getUint32(4, true);
  const varintLength = view.getUint32(8, true);
  const { termCount, ...header } = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Omit<
    RelatedModel,
    'postStart' | 'postDoc' | 'postW' | 'terms' | 'surface'
  > & { termCount: number; terms: string; surface: string };
  if (header.version !== 3) throw new Error(`related-paper model version ${header.version} is not supported`);
  const terms = tableOfLines(header.terms, termCount);
  const surface = tableOfLines(header.surface, termCount);
  const postStart = new Uint32Array(termCount + 1);
  // The weights fill the rest of the file, two bytes a pair: that gives the pair count up front.
  const weightsAt = 12 + headerLength + varintLength + (varintLength % 2);
  const pairs = (bytes.byteLength - weightsAt) / 2;
  if (!Number.isInteger(pairs) || pairs < 0) throw new Error('related-paper model is damaged');
  const postDoc = new Uint32Array(pairs);
  let at = 12 + headerLength;
  const end = at + varintLength;
  const read = () => {
    let x = 0;
    let shift = 0;
    for (;;) {
      if (at >= end) throw new Error('related-paper model is damaged');
      const b = bytes[at++];
      x += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return x;
      shift += 7;
    }
  };
  let n = 0;
  for (let t = 0; t < termCount; t++) {
    const count = read();
    if (n + count > pairs) throw new Error('related-paper model is damaged');
    let prev = 0;
    for (let j = 0; j < count; j++) postDoc[n++] = prev += read();
    postStart[t + 1] = n;
  }
  if (at !== end || n !== pairs) throw new Error('related-paper model is damaged');
  const postW = new Uint16Array(pairs);
  for (let j = 0, w = weightsAt; j < pairs; j++, w += 2) postW[j] = view.getUint16(w, true);
  return { ...header, terms, surface, postStart, postDoc, postW };
}

/** The inverse of {@link linesOf}, for `count` items. */
function tableOfLines(text: string, count: number): StringTable {
  const start = new Uint32Array(count + 1);
  let from = 0;
  for (let i = 0; i < count; i++) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    start[i + 1] = start[i] + (end - from);
    from = end + 1;
  }
  if (start[count] !== text.length - Math.max(0, count - 1)) throw new Error('related-paper model is damaged');
  return { text: text.replaceAll('\n', ''), start };
}
