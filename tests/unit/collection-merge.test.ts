/** One collection from several sources: arXiv id, then DOI, then normalised title; removal keeps what others hold. */
import { describe, expect, it } from 'vitest';
import {
  addEntry,
  chooseRow,
  mergeKeys,
  newRow,
  normaliseDoi,
  removeEntry,
  shownPaper,
  toCollected,
  type CollectedPaper,
  type CollectionSource,
} from '../../lib/collection/records';

const paper = (over: Partial<CollectedPaper> & { title: string }): CollectedPaper => ({
  authors: [],
  abstract: '',
  links: {},
  ...over,
});
const source = (id: string, addedAt: number, status: CollectionSource['status'] = 'active'): CollectionSource => ({
  id,
  name: `Source ${id}`,
  format: 'bibtex',
  count: 0,
  addedAt,
  status,
});

describe('merge keys', () => {
  it('normalise DOIs and refuse what is not one', () => {
    expect(normaliseDoi('https://doi.org/10.1103/PhysRevD.76.013009')).toBe('10.1103/physrevd.76.013009');
    expect(normaliseDoi('doi:10.1000/XYZ')).toBe('10.1000/xyz');
    expect(normaliseDoi('not a doi')).toBeUndefined();
  });

  it('take the bare arXiv id from any reader paper and its links from it', () => {
    const c = toCollected({ id: '2310.00161', title: 'T', authors: [], abstract: 'a', links: {} });
    expect(c.arxivId).toBe('2310.00161');
    expect(c.links.abs).toBe('https://arxiv.org/abs/2310.00161');
    expect(toCollected({ id: 'pl-abc', title: 'T', authors: [], links: {}, doi: '10.1/x' }).arxivId).toBeUndefined();
  });
});

describe('choosing the row an entry joins', () => {
  const arxivRow = newRow('a', paper({ title: 'Attention Is All You Need', arxivId: '1706.03762' }));
  const doiRow = newRow('a', paper({ title: 'Some Journal Paper', doi: '10.1/jp' }));
  const titleRow = newRow('a', paper({ title: 'A paper known by its title only' }));

  it('by arXiv id first, whatever the title says', () => {
    const k = mergeKeys(paper({ title: 'Attention is all you need (v7)', arxivId: '1706.03762' }));
    expect(chooseRow(k, [arxivRow], [], [])).toBe(arxivRow);
  });

  it('then by DOI, then by normalised title', () => {
    expect(chooseRow(mergeKeys(paper({ title: 'Renamed', doi: '10.1/jp' })), [], [doiRow], [])).toBe(doiRow);
    const k = mergeKeys(paper({ title: 'A Paper Known by its {T}itle Only.' }));
    expect(k.titleKey).toBe(titleRow.titleKey);
    expect(chooseRow(k, [], [], [titleRow])).toBe(titleRow);
  });

  it('never across different arXiv ids or different DOIs, even with the same title', () => {
    const other = mergeKeys(paper({ title: 'Attention Is All You Need', arxivId: '2501.00001' }));
    expect(chooseRow(other, [], [], [arxivRow])).toBeUndefined();
    const otherDoi = mergeKeys(paper({ title: 'Some Journal Paper', doi: '10.1/other' }));
    expect(chooseRow(otherDoi, [], [], [doiRow])).toBeUndefined();
  });

  it('a BibTeX entry without eprint joins the arXiv paper of its title', () => {
    const k = mergeKeys(paper({ title: 'Attention is all you need', doi: '10.5555/3295222' }));
    expect(chooseRow(k, [], [], [arxivRow])).toBe(arxivRow);
  });
});

describe('a paper held by several sources', () => {
  const fromArxiv = paper({
    title: 'Attention Is All You Need',
    arxivId: '1706.03762',
    abstract: 'The dominant sequence models…',
    year: 2017,
  });
  const fromZotero = paper({ title: 'Attention is all you need', doi: '10.5555/3295222', authors: ['Ashish Vaswani'] });
  const row = addEntry(newRow('arxiv', fromArxiv), 'zotero', fromZotero);
  const sources = new Map([
    ['arxiv', source('arxiv', 1)],
    ['zotero', { ...source('zotero', 2), name: 'My Zotero library' }],
  ]);

  it('is one paper that remembers its sources, each filling what the others lack', () => {
    expect(row.sources).toEqual(['arxiv', 'zotero']);
    expect(row.doi).toBe('10.5555/3295222');
    const shown = shownPaper(row, sources)!;
    expect(shown.id).toBe('1706.03762');
    expect(shown.title).toBe('Attention Is All You Need');
    expect(shown.authors).toEqual(['Ashish Vaswani']);
    expect(shown.abstract).toMatch(/dominant/);
    expect(shown.doi).toBe('10.5555/3295222');
    expect(shown.sourceNames).toEqual(['Source arxiv', 'My Zotero library']);
  });

  it('removing one source keeps the paper for the other; removing both removes it', () => {
    const left = removeEntry(row, 'arxiv')!;
    expect(left.sources).toEqual(['zotero']);
    expect(left.arxivId).toBeUndefined();
    expect(left.doi).toBe('10.5555/3295222');
    expect(shownPaper(left, sources)!.title).toBe('Attention is all you need');
    expect(removeEntry(left, 'zotero')).toBeNull();
  });

  it('entries of sources not active (pending import, being removed) are not shown', () => {
    const pending = new Map([
      ['arxiv', source('arxiv', 1, 'pending')],
      ['zotero', { ...source('zotero', 2), name: 'My Zotero library' }],
    ]);
    expect(shownPaper(row, pending)!.sourceNames).toEqual(['My Zotero library']);
    expect(shownPaper(newRow('arxiv', fromArxiv), pending)).toBeNull();
  });
});
