import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { parseQuery } from '../../lib/search/query';
import {
  createSearchIndex,
  loadSearchIndex,
  searchPapers,
  serialiseSearchIndex,
  suggestQuery,
  upsertPaper,
} from '../../lib/search';
import { tokenize } from '../../lib/search/options';
import { makeSnippet } from '../../lib/search/snippet';

const corpus = papers as Paper[];
const queries = [
  'ctc',
  'pre-training',
  'pretraining data',
  'retreival',
  'korbak',
  'tokeniz',
  'optimal transport',
  'bert maltese',
  'müller',
];

describe('search index', () => {
  it('gives the same results after serialisation (MiniSearch round trip)', () => {
    const index = createSearchIndex(corpus);
    const loaded = loadSearchIndex(serialiseSearchIndex(index));
    // Same papers, same order, same scores (to float precision) and same matched terms.
    const canon = (hits: ReturnType<typeof searchPapers>) => hits.map((h) => [h.id, h.score.toFixed(9), [...h.terms].sort()]);
    for (const q of queries) expect(canon(searchPapers(loaded, q))).toEqual(canon(searchPapers(index, q)));
  });

  it('weights titles, finds authors, tolerates typos and completes the last word', () => {
    const index = createSearchIndex(corpus);
    expect(
      searchPapers(index, 'ctc')
        .slice(0, 2)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['2210.15226', '2307.01715']);
    expect(searchPapers(index, 'korbak').map((h) => h.id)).toEqual(['2302.08582']);
    expect(searchPapers(index, 'retreival').map((h) => h.id)).toContain('2010.10137');
    expect(searchPapers(index, 'maltes').map((h) => h.id)).toContain('2205.10517');
  });

  it('falls back to any word when all words find nothing', () => {
    const index = createSearchIndex(corpus);
    const hits = searchPapers(index, 'maltese zzzzqqq');
    expect(hits.map((h) => h.id)).toContain('2205.10517');
  });

  it('folds accents and finds saved papers added later', () => {
    const index = createSearchIndex(corpus);
    upsertPaper(index, { id: 'pl-x', title: 'Über Müller’s Zeta', abstract: '', authors: ['José Núñez'] });
    expect(searchPapers(index, 'muller').map((h) => h.id)).toEqual(['pl-x']);
    expect(searchPapers(index, 'nunez').map((h) => h.id)).toEqual(['pl-x']);
  });

  it('offers a suggestion for a misspelt word', () => {
    const index = createSearchIndex(corpus);
    expect(suggestQuery(index, 'tokenizaton')).toMatch(/tokeniz/);
  });

  it('tokenises compounds whole and in parts', () => {
    expect(tokenize('Pre-training (BERT) e.g. x')).toEqual(['Pre', 'training', 'Pretraining', 'BERT', 'e', 'g', 'x']);
  });
});

describe('query syntax', () => {
  it('parses tags, year ranges and states, leaving the text', () => {
    expect(parseQuery('tag:reading year:2023..2024 transformers')).toEqual({
      text: 'transformers',
      tags: ['reading'],
      yearFrom: 2023,
      yearTo: 2024,
      savedOnly: true,
    });
    expect(parseQuery('year:2021 is:unread ctc')).toMatchObject({
      text: 'ctc',
      yearFrom: 2021,
      yearTo: 2021,
      read: false,
      savedOnly: true,
    });
    const upTo = parseQuery('year:..2019');
    expect([upTo.yearFrom, upTo.yearTo]).toEqual([undefined, 2019]);
    expect(parseQuery('tag:"to read" x')).toMatchObject({ tags: ['to read'], text: 'x' });
    expect(parseQuery('year:2024..2020')).toMatchObject({ yearFrom: 2020, yearTo: 2024 });
  });

  it('keeps unknown or malformed filters as text', () => {
    expect(parseQuery('is:banana year:soon foo:bar')).toMatchObject({ text: 'is:banana year:soon foo:bar', savedOnly: false });
  });
});

describe('snippets', () => {
  it('marks matched words and cuts a window around the first one', () => {
    const text = 'a '.repeat(200) + 'the CTC loss aligns audio';
    const parts = makeSnippet(text, ['ctc'], 80);
    expect(parts[0].text.startsWith('…')).toBe(true);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['CTC']);
    expect(parts.map((p) => p.text).join('').length).toBeLessThan(100);
  });

  it('keeps markup in abstracts as plain text', () => {
    const parts = makeSnippet('<b>bold</b> claim', ['bold']);
    expect(parts.map((p) => p.text).join('')).toBe('<b>bold</b> claim');
  });
});
