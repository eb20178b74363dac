/**
 * Related papers in the worker, scored on demand from the shipped shards
 * (lib/related/shards.ts): a page reads the small layout, the shards of its own
 * terms, and the id chunks of its suggestions, never the whole model, so its
 * cost does not grow with the collection (issue 12). Ranked by
 * lib/related/rank.ts as the model in memory is (lib/related/score.ts), with the
 * same lists, scores and reasons.
 */
import type { AssetReader } from '../collection/assets';
import { shardOf } from '../collection/assets';
import { parseArxivId } from '../core/arxiv-id';
import { WEIGHT_SCALE, type RelatedItem } from '../related/model';
import {
  accumulator,
  accumulate,
  queryNorm,
  rankTerms,
  reasons,
  selectTop,
  type Accumulator,
  type RankOptions,
  type RankTerm,
} from '../related/rank';
import { countTerms, lengthOf, tfWeight } from '../related/score';
import {
  decodeTermShard,
  findKey,
  lastAtOrBefore,
  idChunkPath,
  readRecord,
  RELATED_LAYOUT,
  relatedPaperPath,
  termShardOf,
  termShardPath,
  postingsAt,
  surfaceAt,
  weightAt,
  type RelatedLayout,
  type RelatedRecord,
  type TermShard,
} from '../related/shards';

/** Related papers of a corpus paper, a text, or a set of corpus papers. */
export interface RelatedSource {
  /** The `k` papers most related to corpus paper `id`; undefined when it is not in the corpus. */
  toPaper(id: string, k: number): Promise<RelatedItem[] | undefined>;
  /** The `k` papers most related to a page's title and abstract (a page outside the corpus, an added paper). */
  toText(text: { title: string; abstract?: string }, k: number, exclude?: string[]): Promise<RelatedItem[]>;
  /** "More like my list": the `k` papers closest to the centroid of corpus papers `ids`, none of them nor of `exclude`. */
  toSet(ids: string[], k: number, exclude?: string[]): Promise<RelatedItem[]>;
}

/**
 * Term shards kept decoded. A page needs up to about 200 at once (held while it
 * is scored); those of recent pages are kept: at 110,000 papers about 25 KB each.
 */
const TERM_SHARDS_KEPT = 320;
/** Shards read at once while a large reading list is scored, none of them kept. */
const STREAM_BATCH = 64;
const SMALL_FILES_KEPT = 32;
/**
 * Id chunks kept: a list's five papers are in up to five of them, and at
 * 110,000 papers there are 108 (about 40 KB each as read), so all are kept:
 * reading them again was a tenth of a page's related papers.
 */
const ID_CHUNKS_KEPT = 128;

/** The key a paper is found by in its shard: its bare arXiv id. */
const bareId = (id: string) => parseArxivId(id.trim())?.id ?? id.trim();

/** A file cache keeping the `limit` most recently used; a failed read is forgotten so the next ask tries again. */
function cache<T>(limit: number, read: (path: string) => Promise<T>) {
  const kept = new Map<string, Promise<T>>();
  return {
    get(path: string, keep = true): Promise<T> {
      let p = kept.get(path);
      if (p) kept.delete(path);
      else {
        p = read(path);
        if (!keep) return p;
        p.catch(() => kept.get(path) === p && kept.delete(path));
      }
      kept.set(path, p);
      if (kept.size > limit) kept.delete(kept.keys().next().value!);
      return p;
    },
  };
}

/** A related-paper source over the shipped files; nothing is read until asked. */
export function createRelatedSource(assets: AssetReader): RelatedSource {
  const json = async <T>(path: string): Promise<T> => JSON.parse(await assets.text(path)) as T;
  let layout: Promise<RelatedLayout> | undefined;
  const getLayout = () => {
    const p = (layout ??= json<RelatedLayout>(RELATED_LAYOUT));
    p.catch(() => layout === p && (layout = undefined));
    return p;
  };
  const shards = cache(TERM_SHARDS_KEPT, (path) => assets.bytes(path).then(decodeTermShard));
  const chunks = cache(ID_CHUNKS_KEPT, (path) => json<string[]>(path));
  const records = cache(SMALL_FILES_KEPT, (path) => json<Record<string, RelatedRecord>>(path));
  let acc: Accumulator | undefined;
  const accFor = (l: RelatedLayout) => (acc ??= accumulator(l.papers));

  async function numberOf(l: RelatedLayout, id: string): Promise<number> {
    const c = lastAtOrBefore(l.idHeads, id);
    if (c < 0) return -1;
    const i = findKey(await chunks.get(idChunkPath(c)), id);
    return i < 0 ? -1 : c * l.idsPerChunk + i;
  }
  const numbersOf = async (l: RelatedLayout, ids: string[]) =>
    new Set((await Promise.all(ids.map((id) => numberOf(l, id)))).filter((n) => n >= 0));
  async function record(l: RelatedLayout, id: string) {
    const key = bareId(id);
    const s = await records.get(relatedPaperPath(shardOf(key, l.paperShards)));
    return Object.hasOwn(s, key) ? readRecord(s[key]) : undefined;
  }
  /** The ids of ranked papers, in their order. */
  async function items(l: RelatedLayout, ranked: { doc: number; score: number; reasons: string[] }[]): Promise<RelatedItem[]> {
    const ids = await Promise.all(
      ranked.map(async (r) => (await chunks.get(idChunkPath(Math.floor(r.doc / l.idsPerChunk))))[r.doc % l.idsPerChunk]),
    );
    return ranked.map((r, i) => ({ id: ids[i], score: r.score, reasons: r.reasons }));
  }
  const options = (l: RelatedLayout, k: number, excluded: Set<number>) => ({
    paperCount: l.papers,
    k,
    excluded,
    before: (a: number, b: number) => a < b,
    acc: accFor(l),
  });
  const commonTerm = (l: RelatedLayout, c: number, weight: number): RankTerm => ({
    key: l.common.keys[c],
    surface: l.common.surfaces[c],
    idf: l.common.idf[c],
    weight,
  });

  return {
    async toPaper(id, k) {
      const l = await getLayout();
      const [rec, num] = await Promise.all([record(l, id), numberOf(l, bareId(id))]);
      if (!rec || num < 0) return undefined;
      const terms: RankTerm[] = [];
      for (const s of await Promise.all(rec.shards.map((n) => shards.get(termShardPath(n))))) {
        for (let j = 0; j < s.keys.length; j++) {
          const w = weightAt(s, j, num);
          if (w) terms.push(shardTerm(s, j, w / WEIGHT_SCALE));
        }
      }
      for (const [c, w] of rec.common) terms.push(commonTerm(l, c, w / WEIGHT_SCALE));
      // In key order, as the model's paper vectors are: the same sums in the same order give the same scores.
      terms.sort(byKey);
      return items(l, rankTerms(terms, options(l, k, new Set([num]))));
    },

    async toText(text, k, exclude = []) {
      const l = await getLayout();
      const counts = countTerms(text.title, text.abstract ?? '', l.analysis, l.titleWeight);
      const wanted = new Set<number>();
      for (const key of counts.keys()) if (findKey(l.common.keys, key) < 0) wanted.add(termShardOf(key, l.termHeads));
      const got = new Map<number, TermShard>();
      await Promise.all([...wanted].map(async (n) => got.set(n, await shards.get(termShardPath(n)))));
      const len = lengthOf(counts);
      const terms: RankTerm[] = [];
      for (const [key, { tf }] of counts) {
        const c = findKey(l.common.keys, key);
        let term: RankTerm | undefined;
        if (c >= 0) term = commonTerm(l, c, 0);
        else {
          const s = got.get(termShardOf(key, l.termHeads))!;
          const j = s.keys.find(key);
          if (j >= 0) term = shardTerm(s, j, 0);
        }
        // Terms the corpus never kept cannot match any paper.
        if (term && term.idf > 0) {
          term.weight = tfWeight(tf, len, l.saturation) * term.idf;
          terms.push(term);
        }
      }
      return items(l, rankTerms(terms, options(l, k, await numbersOf(l, exclude))));
    },

    async toSet(ids, k, exclude = []) {
      const l = await getLayout();
      const set = await numbersOf(l, ids);
      const recs = (await Promise.all(ids.map((id) => record(l, id)))).filter((r) => r !== undefined);
      const excluded = new Set([...set, ...(await numbersOf(l, exclude))]);
      return items(l, await rankSet(l, set, recs, options(l, k, excluded), (n, keep) => shards.get(termShardPath(n), keep)));
    },
  };
}

/**
 * Term j of a shard as the ranking takes it (its weight to be set). Its surface
 * form is read when a reason shows it: reading every term's was a quarter of a
 * page's related papers at 110,000 papers.
 */
const shardTerm = (s: TermShard, j: number, weight: number): RankTerm => ({
  key: s.keys.at(j),
  get surface() {
    return surfaceAt(s, j);
  },
  idf: s.idf[j],
  weight,
  postings: postingsAt(s, j),
});

const byKey = (a: RankTerm, b: RankTerm) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * "More like my list" over the shards: the centroid of the set's vectors (each
 * paper counting equally, as lib/related/score.ts `relatedToSet`), ranked. A
 * list whose terms span more shards than the cache keeps is read in batches
 * that are not kept, three times (the centroid, the scores, the reasons of the
 * best), so that its memory stays bounded whatever the list's length.
 */
async function rankSet(
  l: RelatedLayout,
  set: Set<number>,
  recs: { shards: number[]; common: [number, number][] }[],
  o: RankOptions,
  shard: (n: number, keep: boolean) => Promise<TermShard>,
) {
  const inSet = new Uint8Array(l.papers);
  for (const d of set) inSet[d] = 1;
  const wanted = [...new Set(recs.flatMap((r) => r.shards))].sort((a, b) => a - b);
  const keep = wanted.length <= TERM_SHARDS_KEPT;
  const stream = async (each: (s: TermShard) => void) => {
    for (let i = 0; i < wanted.length; i += STREAM_BATCH) {
      for (const s of await Promise.all(wanted.slice(i, i + STREAM_BATCH).map((n) => shard(n, keep)))) each(s);
    }
  };
  // The centroid: every term of the set's papers with their summed weights.
  const terms: RankTerm[] = [];
  const common = new Map<number, number>();
  for (const r of recs) for (const [c, w] of r.common) common.set(c, (common.get(c) ?? 0) + w);
  for (const [c, w] of common)
    terms.push({ key: l.common.keys[c], surface: l.common.surfaces[c], idf: l.common.idf[c], weight: w });
  const centroid = new Map<string, RankTerm>();
  await stream((s) => {
    for (let j = 0; j < s.keys.length; j++) {
      const p = postingsAt(s, j);
      let sum = 0;
      for (let x = 0; x < p.doc.length; x++) if (inSet[p.doc[x]]) sum += p.w[x];
      const key = s.keys.at(j);
      if (sum > 0) centroid.set(key, { key, surface: surfaceAt(s, j), idf: s.idf[j], weight: sum });
    }
  });
  terms.push(...centroid.values());
  for (const t of terms) t.weight /= WEIGHT_SCALE;
  terms.sort(byKey);
  if (keep) {
    // Small enough to hold: the shards are in the cache, each term gets its postings and is ranked as in memory.
    const byShard = await Promise.all(wanted.map((n) => shard(n, true)));
    for (const s of byShard)
      for (let j = 0; j < s.keys.length; j++) {
        const t = centroid.get(s.keys.at(j));
        if (t) t.postings = postingsAt(s, j);
      }
    return rankTerms(terms, o);
  }
  const norm = queryNorm(terms);
  if (norm === 0 || o.k <= 0) return [];
  let n = 0;
  await stream((s) => {
    const here: RankTerm[] = [];
    for (let j = 0; j < s.keys.length; j++) {
      const t = centroid.get(s.keys.at(j));
      if (t) here.push({ ...t, postings: postingsAt(s, j) });
    }
    n = accumulate(here, norm, l.papers, o.acc, n);
  });
  const top = selectTop(n, o);
  // The reasons need each centroid term's postings for the best papers only.
  const best = top.map((r) => r.doc).sort((a, b) => a - b);
  await stream((s) => {
    for (let j = 0; j < s.keys.length; j++) {
      const t = centroid.get(s.keys.at(j));
      if (!t) continue;
      const doc = best.filter((d) => weightAt(s, j, d) > 0);
      t.postings = { doc: Uint32Array.from(doc), w: Uint16Array.from(doc, (d) => weightAt(s, j, d)) };
    }
  });
  return top.map((r) => ({ ...r, reasons: reasons(terms, r.doc, l.papers) }));
}
