/**
 * Writes the related-paper model as the extension ships it (the layout of
 * lib/related/shards.ts): term-keyed shards of postings, each paper's list of
 * the shards its terms are in, and the ids in number order. Build time only.
 */
import { shardCount, shardOf } from '../../lib/collection/assets';
import { tableAt, tableSize, type RelatedModel } from '../../lib/related/model';
import { scoringDfLimit } from '../../lib/related/rank';
import {
  encodeNumbers,
  encodeSurface,
  idChunkPath,
  RELATED_LAYOUT,
  relatedPaperPath,
  OFFSET_EVERY,
  SHARD_MAGIC,
  termShardPath,
  type RelatedLayout,
  type RelatedRecord,
} from '../../lib/related/shards';

/**
 * Postings per term shard, on average. A corpus paper's terms are in about 95
 * shards, a page's in up to 200: at 110,000 papers a shard of 3,000 pairs is
 * about 8 KB, so a page reads under 2 MB, and the zip holds a few thousand files.
 */
export const PAIRS_PER_SHARD = 3_000;
/** Ids per id chunk (about 13 KB). */
export const IDS_PER_CHUNK = 1_024;
/** Papers per related-paper shard (as the corpus's paper shards). */
export const RECORDS_PER_SHARD = 128;

/** Little-endian base-128 varints. */
function pushVarint(out: number[], x: number): void {
  while (x >= 0x80) {
    out.push((x & 0x7f) | 0x80);
    x = Math.floor(x / 0x80);
  }
  out.push(x);
}

/** A term shard's bytes (lib/related/shards.ts `decodeTermShard`): magic, term count, text length, text, head, postings. */
function shardBytes(terms: number, text: Uint8Array, head: number[], postings: number[]): Uint8Array {
  const out = new Uint8Array(12 + text.length + head.length + postings.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, SHARD_MAGIC, true);
  view.setUint32(4, terms, true);
  view.setUint32(8, text.length, true);
  out.set(text, 12);
  out.set(head, 12 + text.length);
  out.set(postings, 12 + text.length + head.length);
  return out;
}

/**
 * The files of the shipped related-paper data: path → content. `keyOf` is the id a paper is found by (its bare
 * arXiv id); `pairsPerShard` sets the number of term shards (tests use small ones to have many).
 */
export function buildRelatedShards(
  model: RelatedModel,
  keyOf: (id: string) => string,
  pairsPerShard = PAIRS_PER_SHARD,
): Record<string, string | Uint8Array> {
  const n = model.ids.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (model.ids[a] < model.ids[b] ? -1 : 1));
  const number = new Uint32Array(n);
  order.forEach((i, at) => {
    if (at > 0 && model.ids[order[at - 1]] === model.ids[i]) throw new Error(`paper ${model.ids[i]} is in the model twice`);
    number[i] = at;
  });
  const maxDf = scoringDfLimit(n);
  const count = (t: number) => model.postStart[t + 1] - model.postStart[t];
  const T = tableSize(model.terms);
  const common: number[] = [];
  for (let t = 0; t < T; t++) if (count(t) > maxDf) common.push(t);
  // Consecutive ranges of terms (the model's terms are sorted by key), each of about `pairsPerShard` pairs.
  const byShard: number[][] = [[]];
  let pairs = 0;
  for (let t = 0; t < T; t++) {
    if (count(t) > maxDf) continue;
    if (pairs >= pairsPerShard) {
      byShard.push([]);
      pairs = 0;
    }
    byShard.at(-1)!.push(t);
    pairs += count(t);
  }
  const termHeads = byShard.map((terms) => (terms.length ? tableAt(model.terms, terms[0]) : ''));
  const files: Record<string, string | Uint8Array> = {};
  // Each paper's shards as gaps, built shard by shard so that they come out ascending.
  const shardCodes: string[] = Array.from({ length: n }, () => '');
  const lastShard = new Int32Array(n).fill(0);
  const seen = new Uint8Array(n);
  byShard.forEach((terms, s) => {
    const bytes: number[] = [];
    /** Where each term's postings begin in `bytes`. */
    const starts: number[] = [];
    for (const t of terms) {
      starts.push(bytes.length);
      const pairs = Array.from({ length: count(t) }, (_, j) => model.postStart[t] + j)
        .map((j) => [number[model.postDoc[j]], model.postW[j]] as const)
        .sort((a, b) => a[0] - b[0]);
      let prev = 0;
      for (const [d] of pairs) {
        pushVarint(bytes, d - prev);
        prev = d;
      }
      for (const [, w] of pairs) pushVarint(bytes, w);
      for (let j = model.postStart[t]; j < model.postStart[t + 1]; j++) {
        const i = model.postDoc[j];
        if (seen[i] && lastShard[i] === s) continue;
        shardCodes[i] += encodeNumbers([s - (seen[i] ? lastShard[i] : 0)]);
        seen[i] = 1;
        lastShard[i] = s;
      }
    }
    const text = new TextEncoder().encode(
      [
        ...terms.map((t) => tableAt(model.terms, t)),
        ...terms.map((t) => encodeSurface(tableAt(model.terms, t), tableAt(model.surface, t))),
      ].join('\n'),
    );
    const head: number[] = [];
    for (const t of terms) pushVarint(head, count(t));
    for (const t of terms) pushVarint(head, Math.round(model.idf[t] * 1000));
    for (let i = OFFSET_EVERY; i < terms.length; i += OFFSET_EVERY) pushVarint(head, starts[i] - starts[i - OFFSET_EVERY]);
    files[termShardPath(s)] = shardBytes(terms.length, text, head, bytes);
  });
  // Each paper's weights for the unscored terms, as (index gap, weight) pairs.
  const commonCodes: number[][] = Array.from({ length: n }, () => []);
  const lastCommon = new Int32Array(n);
  common.forEach((t, c) => {
    for (let j = model.postStart[t]; j < model.postStart[t + 1]; j++) {
      const i = model.postDoc[j];
      commonCodes[i].push(c - lastCommon[i], model.postW[j]);
      lastCommon[i] = c;
    }
  });
  const paperShards = shardCount(n, RECORDS_PER_SHARD);
  const records: Record<string, RelatedRecord>[] = Array.from({ length: paperShards }, () => ({}));
  model.ids.forEach((id, i) => {
    const key = keyOf(id);
    const shard = records[shardOf(key, paperShards)];
    // The first paper of an id keeps it, as in the paper shards.
    if (!Object.hasOwn(shard, key)) shard[key] = [shardCodes[i], encodeNumbers(commonCodes[i])];
  });
  records.forEach((r, s) => (files[relatedPaperPath(s)] = JSON.stringify(r)));
  const sorted = order.map((i) => model.ids[i]);
  const idHeads: string[] = [];
  for (let c = 0; c * IDS_PER_CHUNK < n; c++) {
    const chunk = sorted.slice(c * IDS_PER_CHUNK, (c + 1) * IDS_PER_CHUNK);
    idHeads.push(chunk[0]);
    files[idChunkPath(c)] = JSON.stringify(chunk);
  }
  const layout: RelatedLayout = {
    version: 1,
    analysis: model.analysis,
    titleWeight: model.titleWeight,
    saturation: model.saturation,
    papers: n,
    termHeads,
    paperShards,
    idsPerChunk: IDS_PER_CHUNK,
    idHeads,
    common: {
      keys: common.map((t) => tableAt(model.terms, t)),
      surfaces: common.map((t) => tableAt(model.surface, t)),
      idf: common.map((t) => model.idf[t]),
    },
  };
  files[RELATED_LAYOUT] = JSON.stringify(layout);
  return files;
}
