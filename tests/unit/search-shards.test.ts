import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { shardOf } from '../../lib/collection/assets';
import { createSearchIndex, holdWords, removePaperFromIndex, searchPapers, upsertPaper, type SearchHit } from '../../lib/search';
import { internals } from '../../lib/search/mini-internals';
import { termKey } from '../../lib/search/options';
import { eachPosting, openShardedIndex, SEARCH_FILES, type SearchPart, type ShardEntry } from '../../lib/search/shards';
import { decodeSearchDocs } from '../../lib/search/docs-table';
import { encodePostings, encodeSearchDocs, searchShardFiles } from '../../tools/corpus/search-shards';
import fc from 'fast-check';
import { buildVocabulary, syntheticCorpus } from '../../tools/corpus/synthetic';

const bundled = papers as Paper[];
const synthetic = syntheticCorpus(3_000, buildVocabulary(bundled.map((p) => `${p.title} ${p.abstract}`)), 11);

const QUERIES = [
  'ctc',
  'pre-training',
  'pretraining data',
  'retreival',
  'korbak',
  'tokeniz',
  'optimal transport',
  'bert maltese',
  'müller',
  'language model',
  'l',
  'la',
  'lan',
  'langu',
];

/** Results as compared: ids in order, scores to float precision, matched terms. */
const canon = (hits: SearchHit[]) => hits.map((h) => [h.id, h.score.toFixed(9), [...h.terms].sort()]);

/** The sharded index over a corpus's files, recording which shards it reads. */
const built = new Map<Paper[], Record<string, string | Uint8Array>>();
function sharded(corpus: Paper[], budget?: number) {
  let files = built.get(corpus);
  if (!files) built.set(corpus, (files = searchShardFiles(corpus, createSearchIndex(corpus))));
  const reads: string[] = [];
  const read = async (part: SearchPart, n: number) => {
    reads.push(SEARCH_FILES.shard(part, n));
    return files[SEARCH_FILES.shard(part, n)] as string;
  };
  const s = openShardedIndex(decodeSearchDocs(files[SEARCH_FILES.docs] as Uint8Array), read, shardOf, budget);
  return { s, reads, files };
}

/** Searches the sharded index as the worker does: its shards first, held while searching. */
async function search(s: ReturnType<typeof sharded>['s'], q: string, limit = 20) {
  const release = await s.prepare(q);
  try {
    return searchPapers(s.index, q, limit);
  } finally {
    release();
  }
}

describe("the documents' table in binary", () => {
  it('reads back what was written: ids, years and every field length, whatever buffer it comes in', () => {
    const files = searchShardFiles(bundled, createSearchIndex(bundled));
    const bytes = files[SEARCH_FILES.docs] as Uint8Array;
    const docs = decodeSearchDocs(bytes);
    expect(docs.ids).toEqual(bundled.map((p) => p.id));
    expect([...docs.years]).toEqual(bundled.map((p) => p.year ?? 0));
    // At an odd offset in a larger buffer (Node's Buffer pool), and re-encoded: the same.
    const odd = new Uint8Array(bytes.length + 3);
    odd.set(bytes, 3);
    expect(decodeSearchDocs(odd.subarray(3))).toEqual(docs);
    expect(encodeSearchDocs(docs)).toEqual(bytes);
    for (const part of [docs.titles, docs.abstracts])
      expect(part.fieldLength.map((l) => l.length)).toEqual(Object.keys(part.fieldIds).map(() => bundled.length));
    expect(docs.titles.fieldLength[0].some((n) => n > 0)).toBe(true);
  });

  it("keeps each field's lengths in the narrowest array they fit, and reads back every value", () => {
    const files = searchShardFiles(bundled, createSearchIndex(bundled));
    const docs = decodeSearchDocs(files[SEARCH_FILES.docs] as Uint8Array);
    expect(docs.titles.fieldLength[0]).toBeInstanceOf(Uint8Array);
    const wide = {
      ...docs,
      titles: { ...docs.titles, fieldLength: [Uint32Array.from(docs.titles.fieldLength[0], (n, i) => (i === 3 ? 70_000 : n))] },
      abstracts: {
        ...docs.abstracts,
        fieldLength: docs.abstracts.fieldLength.map((l) => Uint32Array.from(l, (n, i) => (i === 5 ? 300 : n))),
      },
    };
    const back = decodeSearchDocs(encodeSearchDocs(wide));
    expect(back.titles.fieldLength[0]).toBeInstanceOf(Uint32Array);
    expect(back.abstracts.fieldLength.map((l) => l.constructor)).toEqual(docs.abstracts.fieldLength.map(() => Uint16Array));
    for (const part of ['titles', 'abstracts'] as const)
      expect(back[part].fieldLength.map((l) => [...l])).toEqual(wide[part].fieldLength.map((l) => [...l]));
    expect(back.ids).toEqual(docs.ids);
  });

  it('refuses a damaged table', () => {
    const bytes = searchShardFiles(bundled, createSearchIndex(bundled))[SEARCH_FILES.docs] as Uint8Array;
    expect(() => decodeSearchDocs(bytes.subarray(0, bytes.length - 8))).toThrow(/damaged/);
    expect(() => decodeSearchDocs(new Uint8Array(16))).toThrow(/not a Paper Lens search table/);
  });
});

describe('postings as gaps', () => {
  it('decode to the short ids and term frequencies encoded, short id 0 and tf > 1 included', () => {
    expect(
      encodePostings([
        ['0', 2],
        ['3', 1],
        ['5', 4],
        ['15', 1],
      ]),
    ).toEqual([-1, 2, 3, -2, 4, 10]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(100_000)), fc.array(fc.integer({ min: 1, max: 9 })), (ids, tfs) => {
        const freqs = [...ids].sort((a, b) => a - b).map((id, i): [string, number] => [String(id), tfs[i % tfs.length] ?? 1]);
        const got: [string, number][] = [];
        const n = eachPosting(encodePostings(freqs), (id, tf) => got.push([String(id), tf]));
        expect(got).toEqual(freqs);
        expect(n).toBe(freqs.length);
      }),
    );
  });

  it('refuses short ids out of order', () => {
    expect(() =>
      encodePostings([
        ['4', 1],
        ['2', 1],
      ]),
    ).toThrow(/ascend/);
  });
});

describe('the shipped search index in shards by term', () => {
  for (const [name, corpus] of [
    ['bundled', bundled],
    ['synthetic 3,000', synthetic],
  ] as const) {
    it(`answers as the whole index does (${name}), whatever it had to drop`, async () => {
      const whole = createSearchIndex(corpus);
      // A budget of one byte: every shard is dropped once no search holds it.
      for (const budget of [undefined, 1]) {
        const { s } = sharded(corpus, budget);
        s.openAbstracts();
        const words = [...QUERIES, ...corpus.slice(0, 30).map((p) => p.title.split(' ').slice(0, 3).join(' '))];
        for (const q of words) expect(canon(await search(s, q))).toEqual(canon(searchPapers(whole, q)));
        if (budget === 1) expect(s.heldBytes()).toBe(0);
      }
    }, 60_000);
  }

  it('answers as the whole index does once a corpus paper is removed from both (its lengths no longer read by column)', async () => {
    const whole = createSearchIndex(bundled);
    const { s } = sharded(bundled);
    s.openAbstracts();
    const gone = bundled.find((p) => /transformer/i.test(p.title))!;
    const q = gone.title.split(' ').slice(0, 2).join(' ');
    expect((await search(s, q)).map((h) => h.id)).toContain(gone.id);
    removePaperFromIndex(whole, gone.id);
    removePaperFromIndex(s.index, gone.id);
    for (const query of [q, ...QUERIES]) expect(canon(await search(s, query))).toEqual(canon(searchPapers(whole, query)));
    expect((await search(s, q)).map((h) => h.id)).not.toContain(gone.id);
  });

  it('typed keystroke by keystroke, words held from earlier keystrokes, answers as the whole index does', async () => {
    const whole = createSearchIndex(bundled);
    // A budget of one byte: nothing is kept but what a search holds, so a held word is never re-read.
    const { s, reads } = sharded(bundled, 1);
    s.openAbstracts();
    for (const q of QUERIES) {
      for (let i = 1; i <= q.length; i++) {
        const typed = q.slice(0, i);
        const held = holdWords(s.index, typed);
        const release = await s.prepare(typed, held);
        try {
          expect(canon(searchPapers(s.index, typed, 20, undefined, held))).toEqual(canon(searchPapers(whole, typed)));
        } finally {
          release();
        }
      }
    }
    // Refining a query reads the shards of its new word only.
    reads.length = 0;
    const held = holdWords(s.index, 'optimal transport');
    (await s.prepare('optimal transport a', held))();
    expect(reads.length).toBeLessThanOrEqual(2);
  }, 60_000);

  it("adds only the terms of the searched words' keys from a shard, and holds a key the corpus lacks", async () => {
    const { s, reads, files } = sharded(synthetic);
    const docs = decodeSearchDocs(files[SEARCH_FILES.docs] as Uint8Array);
    const word = 'tokenizer';
    const n = shardOf(termKey(word), docs.shards);
    const inShard = (JSON.parse(files[SEARCH_FILES.shard('titles', n)] as string) as ShardEntry[]).map(([t]) => t);
    const others = inShard.filter((t) => termKey(t) !== termKey(word));
    expect(others.length).toBeGreaterThan(0);
    (await s.prepare(word))();
    const terms = internals(s.index.titles)._index;
    for (const t of others) expect(terms.get(t)).toBeUndefined();
    for (const t of inShard.filter((t) => termKey(t) === termKey(word))) expect(terms.get(t)).toBeDefined();
    // A key with no term: its shard read once, then held (empty).
    reads.length = 0;
    (await s.prepare('qqqxyz'))();
    (await s.prepare('qqqxyz'))();
    expect(reads.length).toBe(1);
  });

  it('reads only the shards of the words searched, titles first', async () => {
    const { s, reads, files } = sharded(synthetic);
    const shards = decodeSearchDocs(files[SEARCH_FILES.docs] as Uint8Array).shards;
    expect(shards).toBeGreaterThan(8);
    const hits = await search(s, synthetic[5].title);
    expect(hits.map((h) => h.id)).toContain(synthetic[5].id);
    expect(reads.every((r) => r.startsWith('corpus/search/titles/'))).toBe(true);
    expect(reads.length).toBeLessThan(shards / 2);
    s.openAbstracts();
    await search(s, synthetic[5].title);
    expect(reads.some((r) => r.startsWith('corpus/search/abstracts/'))).toBe(true);
  }, 30_000);

  it('keeps a saved paper added to the index when shards of its words load and drop', async () => {
    const { s } = sharded(bundled, 1);
    s.openAbstracts();
    upsertPaper(s.index, { id: 'pl-x', title: 'Tokenizer transfer in quasicrystals', abstract: '', authors: ['José Núñez'] });
    expect((await search(s, 'quasicrystals')).map((h) => h.id)).toEqual(['pl-x']);
    expect((await search(s, 'tokenizer')).map((h) => h.id)).toContain('pl-x');
    expect((await search(s, 'nunez')).map((h) => h.id)).toEqual(['pl-x']);
    expect(s.has('pl-x')).toBe(false);
    expect(s.has(bundled[0].id)).toBe(true);
    expect(s.yearOf(bundled[0].id)).toBe(bundled[0].year);
  });

  it('keeps the shards a search is using until it is done', async () => {
    const { s } = sharded(bundled, 1);
    const release = await s.prepare('tokenizer transfer');
    const held = s.heldBytes();
    expect(held).toBeGreaterThan(0);
    // Another search meanwhile drops only what nobody holds.
    (await s.prepare('optimal transport'))();
    expect(s.heldBytes()).toBe(held);
    expect(searchPapers(s.index, 'tokenizer transfer').length).toBeGreaterThan(0);
    release();
    expect(s.heldBytes()).toBe(0);
  });
});
