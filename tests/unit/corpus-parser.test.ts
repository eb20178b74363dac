import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCorpus, CorpusParseError, parsePageText } from '../../tools/corpus/parser';
import { codeUrls } from '../../lib/core/paper';
import papers from '../../data/papers.json';

const root = new URL('../../data/source/', import.meta.url);
const pageText = readFileSync(new URL('hf-papers-pretraining-alignment.txt', root), 'utf8');
const idTable = readFileSync(new URL('arxiv-ids.tsv', root), 'utf8');

describe('bundled corpus', () => {
  it('brings all 65 papers through with the IDs of the table', () => {
    const corpus = buildCorpus(pageText, idTable);
    expect(corpus).toHaveLength(65);
    const rows = idTable
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    for (const [title, id, author, year] of rows) {
      const p = corpus.find((c) => c.title === title.trim());
      expect(p, title).toBeDefined();
      expect(p!.id).toBe(id);
      expect(p!.authors).toEqual([author]);
      expect(p!.year).toBe(Number(year));
      expect(p!.links.abs).toBe(`https://arxiv.org/abs/${id}`);
      expect(p!.links.pdf).toBe(`https://arxiv.org/pdf/${id}`);
      expect(p!.links.hf).toBe(`https://huggingface.co/papers/${id}`);
      expect(p!.abstract.length).toBeGreaterThan(100);
    }
    expect(new Set(corpus.map((p) => p.id)).size).toBe(65);
  });

  it('is what data/papers.json holds (regenerate with npm run corpus)', () => {
    expect(papers).toEqual(buildCorpus(pageText, idTable));
  });

  it('reads code URLs without trailing punctuation', () => {
    expect(codeUrls('Code is available at https://github.com/ChenRocks/UNITER. More')).toEqual([
      'https://github.com/ChenRocks/UNITER',
    ]);
    expect(codeUrls('see https://github.com/PriNing/ODM}. and https://huggingface.co/x')).toEqual([
      'https://github.com/PriNing/ODM',
    ]);
    const uniter = buildCorpus(pageText, idTable).find((p) => p.id === '1909.11740')!;
    expect(uniter.links.code).toEqual(['https://github.com/ChenRocks/UNITER']);
  });
});

describe('page text structure', () => {
  it('skips the chrome, folds stray whitespace and keeps titles with trailing spaces', () => {
    const text =
      'new\n\nSubscribe\n\nMar 11\n\n  A Title   \n\n' +
      'x'.repeat(120) +
      '.  \n\nOther\u00a0Title \n\n' +
      'y'.repeat(90) +
      '.\n';
    expect(parsePageText(text)).toEqual([
      { title: 'A Title', abstract: 'x'.repeat(120) + '.', line: 7 },
      { title: 'Other Title', abstract: 'y'.repeat(90) + '.', line: 11 },
    ]);
  });

  it('names the line of a title without an abstract', () => {
    const text = 'A Title\n\n' + 'x'.repeat(120) + '.\n\nLonely title\n';
    expect(() => parsePageText(text, 'f.txt')).toThrowError(/f\.txt:5: title "Lonely title" has no abstract/);
  });

  it('names the line where an abstract is missing between two titles', () => {
    const text = 'First title\n\nSecond title\n\n' + 'x'.repeat(500) + '.\n';
    expect(() => parsePageText(text, 'f.txt')).toThrowError(CorpusParseError);
    expect(() => parsePageText(text, 'f.txt')).toThrowError(/f\.txt:3:/);
  });

  it('keeps a paper without an arXiv ID under a stable id of its own', () => {
    const text = 'Known\n\n' + 'a'.repeat(100) + '.\n\nUnknown paper\n\n' + 'b'.repeat(100) + '.\n';
    const ids = 'title\tarxiv_id\tfirst_author\tyear\nKnown\t2101.00001\tA B\t2021\n';
    const a = buildCorpus(text, ids);
    const b = buildCorpus(text, ids);
    expect(a).toHaveLength(2);
    expect(a[1].id).toMatch(/^pl-[0-9a-z]+$/);
    expect(a[1].id).toBe(b[1].id);
    expect(a[1].links).toEqual({});
  });

  it('fails on a table row whose title is not on the page', () => {
    const text = 'Known\n\n' + 'a'.repeat(100) + '.\n';
    const ids = 'title\tarxiv_id\tfirst_author\tyear\nKnown\t2101.00001\tA\t2021\nGhost\t2101.00002\tB\t2021\n';
    expect(() => buildCorpus(text, ids)).toThrowError(/arxiv-ids\.tsv:3: title "Ghost" is not on the page/);
  });
});
