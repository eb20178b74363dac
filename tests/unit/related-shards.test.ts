import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { tableAt, tableSize, type RelatedItem } from '../../lib/related/model';
import { relatedToPaper, relatedToSet, relatedToText } from '../../lib/related/score';
import {
  ShardKeys,
  findKey,
  decodeNumbers,
  decodeSurface,
  decodeTermShard,
  encodeNumbers,
  encodeSurface,
  OFFSET_EVERY,
  postingsAt,
  RELATED_LAYOUT,
  surfaceAt,
  termShardPath,
  type RelatedLayout,
} from '../../lib/related/shards';
import { createRelatedSource } from '../../lib/worker/corpus-related';
import { memoryAssets, type AssetFiles } from '../../tools/corpus/assets';
import { buildRelatedModel } from '../../tools/related/build';
import { buildRelatedShards } from '../../tools/related/shards';
import type { AssetReader } from '../../lib/collection/assets';

const corpus = papers as Paper[];
const model = buildRelatedModel(corpus);
const FILES: AssetFiles = buildRelatedShards(model, (id) => id);
/** The same model in about 600 tiny shards: more than the worker keeps, so that a long list is streamed. */
const MANY: AssetFiles = buildRelatedShards(model, (id) => id, 10);

/** A reader that records which files were read. */
function recording(files: AssetFiles): { reader: AssetReader; read: string[] } {
  const inner = memoryAssets(files);
  const read: string[] = [];
  return {
    read,
    reader: { text: (p) => (read.push(p), inner.text(p)), bytes: (p) => (read.push(p), inner.bytes(p)) },
  };
}

/** Same papers in the same order, the same reasons, scores equal to their 4 digits (up to one unit of rounding). */
function expectSame(got: RelatedItem[] | undefined, want: RelatedItem[]) {
  expect(got?.map((r) => r.id)).toEqual(want.map((r) => r.id));
  got!.forEach((r, i) => {
    expect(Math.abs(r.score - want[i].score)).toBeLessThanOrEqual(1e-4);
    expect(r.reasons).toEqual(want[i].reasons);
  });
}

describe('related papers from the term shards', () => {
  it('gives every corpus paper the list relatedToPaper gives from the model in memory', async () => {
    const source = createRelatedSource(memoryAssets(FILES));
    for (const p of corpus) expect(await source.toPaper(p.id, 5)).toEqual(relatedToPaper(model, p.id, 5));
    expect(await source.toPaper('2401.99999', 5)).toBeUndefined();
    // An id with a version is the paper's.
    expect(await source.toPaper(`${corpus[4].id}v3`, 5)).toEqual(relatedToPaper(model, corpus[4].id, 5));
  });

  it('scores a page outside the corpus as relatedToText does', async () => {
    const source = createRelatedSource(memoryAssets(MANY));
    const texts = [
      ...corpus.slice(0, 30).map((p) => ({ title: `${p.title} revisited`, abstract: p.abstract.slice(0, 400) })),
      { title: 'Optimal transport for cross-lingual word embedding alignment' },
      { title: 'Nothing here matches', abstract: 'Zzyzx quux.' },
    ];
    for (const t of texts) expect(await source.toText(t, 5)).toEqual(relatedToText(model, t, 5));
    const p = corpus[7];
    expect(await source.toText(p, 5, [p.id])).toEqual(relatedToText(model, p, 5, [p.id]));
  });

  it('reads only the shards of the query terms, never all of them', async () => {
    const { reader, read } = recording(MANY);
    const layout = JSON.parse(MANY[RELATED_LAYOUT] as string) as RelatedLayout;
    await createRelatedSource(reader).toPaper(corpus[3].id, 5);
    const shards = read.filter((p) => p.startsWith('corpus/related/terms/'));
    expect(shards.length).toBeGreaterThan(0);
    expect(shards.length).toBeLessThan(layout.termHeads.length / 3);
    expect(new Set(shards).size).toBe(shards.length);
  });

  it('ranks a reading list as relatedToSet does, held whole or streamed in batches', async () => {
    const sets = [
      corpus.slice(0, 3).map((p) => p.id),
      corpus.filter((_, i) => i % 4 === 0).map((p) => p.id),
      corpus.map((p) => p.id).slice(5),
    ];
    for (const files of [FILES, MANY]) {
      const source = createRelatedSource(memoryAssets(files));
      for (const ids of sets) {
        const exclude = [corpus[4].id, 'not-in-corpus'];
        expectSame(await source.toSet([...ids, 'not-in-corpus'], 5, exclude), relatedToSet(model, ids, 5, exclude));
      }
    }
  });

  it('writes numbers compactly and reads them back; damaged files are refused', () => {
    const xs = [0, 1, 31, 32, 1000, 2 ** 31 + 5, 7];
    expect(decodeNumbers(encodeNumbers(xs))).toEqual(xs);
    expect(encodeNumbers([3, 20, 31]).length).toBe(3);
    expect(() => decodeNumbers('a"')).toThrow(/damaged/);
    expect(() => decodeNumbers(encodeNumbers([1000]).slice(0, 1))).toThrow(/damaged/);
    const shard = FILES[termShardPath(0)] as Uint8Array;
    expect(decodeTermShard(shard).keys.length).toBeGreaterThan(0);
    expect(() => decodeTermShard(shard.subarray(0, shard.length - 1))).toThrow(/damaged/);
    expect(() => decodeTermShard(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/not a Paper Lens term shard/);
  });

  it('finds any term of a shard from the offsets it writes every 16 terms, in any order, as the model has it', () => {
    const shard = FILES[termShardPath(0)] as Uint8Array;
    const read = () => decodeTermShard(shard);
    const s = read();
    expect(s.keys.length).toBeGreaterThan(3 * OFFSET_EVERY);
    const inOrder = Array.from({ length: s.keys.length }, (_, j) => postingsAt(read(), j));
    // Backwards, in a fresh copy each time, then every other term: the same postings and surfaces.
    const fresh = read();
    for (let j = s.keys.length - 1; j >= 0; j -= 1) expect(postingsAt(fresh, j)).toEqual(inOrder[j]);
    const alt = read();
    for (let j = 1; j < s.keys.length; j += 2) expect(surfaceAt(alt, j)).toBe(surfaceAt(s, j));
    // Each term's postings are the model's: the term's papers (by number, in id order) and weights.
    const order = model.ids.map((id, i) => [id, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const number = new Map(order.map(([, i], at) => [i, at]));
    for (const j of [0, 17, s.keys.length - 1]) {
      const t = Array.from({ length: tableSize(model.terms) }, (_, i) => tableAt(model.terms, i)).indexOf(s.keys.at(j));
      const want = Array.from({ length: model.postStart[t + 1] - model.postStart[t] }, (_, k) => model.postStart[t] + k)
        .map((k) => [number.get(model.postDoc[k])!, model.postW[k]])
        .sort((a, b) => a[0] - b[0]);
      expect([...inOrder[j].doc]).toEqual(want.map((x) => x[0]));
      expect([...inOrder[j].w]).toEqual(want.map((x) => x[1]));
    }
  });
});

describe('surface forms in a shard', () => {
  it('keep only the endings the key does not have, and read back exactly', () => {
    const cases: [string, string][] = [
      ['optim transport', 'optimal transport'],
      ['ctc', 'CTC'],
      ['languag model', 'language models'],
      ['ad-hoc', 'ad-hoc'],
      ['studi', 'studies'],
      ['multi word', 'multi'],
    ];
    for (const [key, surface] of cases) expect(decodeSurface(key, encodeSurface(key, surface))).toBe(surface);
    expect(encodeSurface('optim transport', 'optimal transport')).toBe('al ');
    expect(encodeSurface('ctc', 'CTC')).toBe('\tCTC');
  });
});

describe("a shard's keys read from its text", () => {
  it('finds every key and no other, in the order `<` sorts strings (code units), non-ASCII keys included', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((k) => !k.includes('\n'))),
        fc.string(),
        (raw, probe) => {
          const sorted = [...raw].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          const keys = new ShardKeys(sorted.map((k) => `${k}\n`).join('') + 'surface\ntext', sorted.length);
          sorted.forEach((k, j) => {
            expect(keys.at(j)).toBe(k);
            expect(keys.find(k)).toBe(j);
          });
          expect(keys.find(probe)).toBe(findKey(sorted, probe));
        },
      ),
    );
  });
});
