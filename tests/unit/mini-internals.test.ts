/**
 * lib/search/mini-internals.ts `scoreWord` scores a word as MiniSearch's own
 * `executeQuery` does: on the bundled corpus and 5,000 real arXiv papers, for
 * whole words and prefixes, in each part and field, the same documents with the
 * very same scores and matched terms; and it removes discarded documents'
 * postings on the way as MiniSearch does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { readSourceFile } from '../../lib/formats/corpus-sources';
import { createSearchIndex, removePaperFromIndex, type SearchIndex } from '../../lib/search';
import { addScores, internals, scoreWord, termsAt, type RawMatch, type WordScores } from '../../lib/search/mini-internals';
import { SEARCH_OPTIONS } from '../../lib/search/options';

const slice = readSourceFile(
  gunzipSync(readFileSync(join(import.meta.dirname, '../fixtures/collection/arxiv-slice-5k.jsonl.gz'))).toString('utf8'),
  'arxiv-slice-5k.jsonl',
).papers as Paper[];

/** MiniSearch's own answer for one processed word. */
function reference(mini: object, word: string, prefix: boolean, fields?: string[]): Map<number, RawMatch> {
  const opts = { ...SEARCH_OPTIONS, tokenize: (t: string) => [t], processTerm: (t: string) => t, prefix, fuzzy: false, fields };
  return internals(mini).executeQuery(word, opts);
}

function asMap(w: WordScores): Map<number, { score: number; terms: string[] }> {
  return new Map([...w.docs].map((doc, at) => [doc, { score: w.scores[at], terms: termsAt(w, at).sort() }]));
}

function same(mini: object, word: string, prefix: boolean, fields?: string[]) {
  const want = reference(mini, word, prefix, fields);
  const got = scoreWord(mini, word, { ...SEARCH_OPTIONS, prefix, fuzzy: false, fields });
  expect([...got.docs]).toEqual([...want.keys()]);
  const m = asMap(got);
  for (const [doc, r] of want) {
    expect(m.get(doc)!.score).toBe(r.score);
    expect(m.get(doc)!.terms).toEqual(Object.keys(r.match).sort());
  }
  return want.size;
}

/** Words of the corpus's titles and abstracts, common and rare, whole and cut to prefixes. */
function words(corpus: Paper[], n: number): string[] {
  const all = corpus.flatMap((p) => `${p.title} ${p.abstract} ${p.authors.join(' ')}`.toLowerCase().match(/\p{L}+/gu) ?? []);
  const out = new Set<string>();
  for (let i = 0; out.size < n && i < all.length; i += 97) {
    const w = all[i];
    out.add(w);
    if (w.length > 4) out.add(w.slice(0, 4));
  }
  return [...out, 'model', 'mode', 'lang', 'learn', 'trans', 'müller', 'zzzz'];
}

function check(index: SearchIndex, corpus: Paper[]) {
  let matched = 0;
  for (const w of words(corpus, 120)) {
    for (const prefix of [false, true]) {
      matched += same(index.titles, w, prefix);
      matched += same(index.abstracts!, w, prefix);
      matched += same(index.abstracts!, w, prefix, ['authors']);
      matched += same(index.abstracts!, w, prefix, ['terms']);
    }
  }
  return matched;
}

describe('scoreWord scores as MiniSearch does', () => {
  it('on the bundled corpus', () => {
    expect(check(createSearchIndex(papers as Paper[]), papers as Paper[])).toBeGreaterThan(1000);
  });

  it('on 5,000 real arXiv papers', () => {
    expect(check(createSearchIndex(slice), slice)).toBeGreaterThan(50_000);
  }, 60_000);

  it('after papers are discarded (their postings removed on the way, as MiniSearch does)', () => {
    const a = createSearchIndex(slice.slice(0, 1500));
    const b = createSearchIndex(slice.slice(0, 1500));
    for (const p of slice.slice(0, 1500).filter((_, i) => i % 7 === 0)) {
      removePaperFromIndex(a, p.id);
      removePaperFromIndex(b, p.id);
    }
    for (const w of ['model', 'mode', 'lang', 'learn', 'network']) {
      const want = reference(a.titles, w, true);
      const got = asMap(scoreWord(b.titles, w, { ...SEARCH_OPTIONS, prefix: true, fuzzy: false }));
      expect([...got.keys()]).toEqual([...want.keys()]);
      for (const [doc, r] of want) expect(got.get(doc)!.score).toBe(r.score);
    }
  });

  it('adds two words up as MiniSearch adds result maps (score after score, terms joined)', () => {
    const index = createSearchIndex(slice);
    const mini = index.abstracts!;
    const terms = reference(mini, 'learn', false, ['terms']);
    for (const [doc, r] of reference(mini, 'lee', true, ['authors'])) {
      const m = terms.get(doc);
      if (!m) terms.set(doc, r);
      else {
        m.score += r.score;
        Object.assign(m.match, r.match);
      }
    }
    const run = (word: string, prefix: boolean, f: string) =>
      scoreWord(mini, word, { ...SEARCH_OPTIONS, prefix, fuzzy: false, fields: [f] });
    const got = asMap(addScores(mini, run('learn', false, 'terms'), run('lee', true, 'authors')));
    expect([...got.keys()]).toEqual([...terms.keys()]);
    for (const [doc, r] of terms) {
      expect(got.get(doc)!.score).toBe(r.score);
      expect(got.get(doc)!.terms).toEqual(Object.keys(r.match).sort());
    }
  }, 30_000);
});
