import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localPaperId } from '../../lib/core/paper';
import { toSavedPaper, type ReadingList, type SavedPaper } from '../../lib/reading-list/list';
import { parseSavedPaper } from '../../lib/reading-list/read';
import { exportList } from '../../lib/formats/export/index';
import { importFile } from '../../lib/formats/import/index';

const T0 = 1_700_000_000_000;

/** Pieces that have broken BibTeX and JSON writers before. */
const AWKWARD = [
  '{',
  '}',
  '{}',
  '\\',
  '\\\\',
  '$',
  '$\\alpha$',
  '$x_1^2$',
  '$k$',
  '%',
  '&',
  '#',
  '_',
  '~',
  '^',
  '"',
  "'",
  "''",
  '`',
  '``',
  '-',
  '--',
  '---',
  ',',
  ' and ',
  'and',
  'others',
  '@misc{',
  '@',
  '=',
  '\\"u',
  '{\\"u}',
  '\\emph{x}',
  'é',
  'ü',
  'ß',
  'Ø',
  'ł',
  'İ',
  '中文',
  'Ωmega',
  '😀',
  '👩‍🔬',
  'e\u0301',
  '\u00a0',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  'Müller, J.',
  'de la Cruz',
];

const awkwardText = (maxPieces: number) =>
  fc
    .array(fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ maxLength: 6 })), {
      maxLength: maxPieces,
    })
    .map((parts) => parts.join(''));

/** Ids arXiv could have issued (`lib/core/arxiv-id.ts`): 4 digits April 2007–2014, 5 from 2015; old style 1991–2007. */
const arxivId = fc.oneof(
  fc
    .tuple(fc.integer({ min: 7, max: 26 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9999 }))
    .filter(([y, m]) => y * 100 + m >= 704)
    .map(([y, m, n]) => {
      const yymm = `${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}`;
      return `${yymm}.${String(n).padStart(y >= 15 ? 5 : 4, '0')}`;
    }),
  fc
    .tuple(
      fc.constantFrom('hep-th', 'math', 'cond-mat'),
      fc.integer({ min: 92, max: 106 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 999 }),
    )
    .map(([a, y, m, n]) => `${a}/${String(y % 100).padStart(2, '0')}${String(m).padStart(2, '0')}${String(n).padStart(3, '0')}`),
);

/** A saved paper as the list holds it (all invariants applied by toSavedPaper). */
const savedPaper: fc.Arbitrary<SavedPaper> = fc
  .record({
    arxiv: fc.option(arxivId, { nil: undefined }),
    title: awkwardText(8).filter((t) => t.trim().length > 0),
    authors: fc.array(awkwardText(4), { maxLength: 5 }),
    abstract: fc.option(awkwardText(10), { nil: undefined }),
    year: fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: undefined }),
    primaryClass: fc.option(fc.constantFrom('cs.CV', 'cs.CL', 'hep-th'), { nil: undefined }),
    doi: fc.option(fc.constantFrom('10.1000/xyz', '10.1145/3292500.3330701', '10.1000/a_b%c{d}'), { nil: undefined }),
    url: fc.option(fc.webUrl(), { nil: undefined }),
    savedAt: fc.integer({ min: 0, max: 4_000_000_000_000 }),
    tags: fc.array(awkwardText(3), { maxLength: 4 }),
    note: awkwardText(10),
    read: fc.boolean(),
    source: fc.constantFrom('corpus' as const, 'page' as const, 'import' as const),
    bib: fc.option(
      fc.record(
        {
          type: fc.constantFrom(
            'article-journal',
            'paper-conference',
            'book',
            'chapter',
            'report',
            'thesis',
            'article',
            'entry',
            'webpage',
          ),
          editors: fc.array(awkwardText(3), { maxLength: 3 }),
          month: fc.option(
            fc.tuple(fc.integer({ min: 1, max: 12 }), fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined })),
            {
              nil: undefined,
            },
          ),
          container: awkwardText(5),
          volume: fc.constantFrom('', '12', 'abs/1903.07926', 'IV'),
          issue: fc.constantFrom('', '3', '7553', 'S1'),
          pages: fc.constantFrom('', '1–59', '77–86', '061102', 'A110', 'i–xxii, 469–1089'),
          publisher: awkwardText(4),
        },
        { requiredKeys: ['type'] },
      ),
      { nil: undefined },
    ),
  })
  .map(({ bib: b, ...r }) => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const date =
      b?.month && r.year !== undefined ? `${r.year}-${pad(b.month[0])}${b.month[1] ? `-${pad(b.month[1])}` : ''}` : undefined;
    return { ...r, bib: b && { ...b, month: undefined, date } };
  })
  .map((r) => {
    const draft = toSavedPaper({ ...r, id: r.arxiv ?? 'pending', links: r.arxiv ? {} : r.url ? { abs: r.url } : {} }, r.savedAt);
    // Without an arXiv ID, the id is the title's hash, as the importer computes it.
    return toSavedPaper({ ...draft, id: r.arxiv ?? localPaperId(draft.title) }, r.savedAt);
  })
  .filter((p) => p.title.length > 0);

const readingList = (maxLength: number): fc.Arbitrary<ReadingList> =>
  fc.uniqueArray(savedPaper, { maxLength, size: 'max', selector: (p) => p.id }).map((papers) => ({ papers }));

/** The fields BibTeX carries. */
const bibtexFields = (p: SavedPaper) => ({
  id: p.id,
  title: p.title,
  authors: p.authors,
  year: p.year,
  tags: p.tags,
  note: p.note,
});

/** The fields CSL-JSON carries: everything a reference manager keeps, exactly. */
const cslFields = (p: SavedPaper) => ({ ...bibtexFields(p), abstract: p.abstract, doi: p.doi, bib: p.bib });

/**
 * The fields RIS carries. RIS has no escapes: each value is one line (an
 * abstract's line breaks become spaces, a note's lines are trimmed), and a
 * page range that is not "first–last" is kept whole in SP.
 */
const risFields = (p: SavedPaper) => ({
  ...bibtexFields(p),
  note: p.note
    .split('\n')
    .map((l) => l.trim())
    .join('\n'),
  abstract: p.abstract?.replace(/\s+/g, ' '),
  doi: p.doi,
  bib: p.bib,
});

/** RIS and CSL-JSON read "a, b" as "Last, First": names with commas are BibTeX's business (it braces them). */
const noCommaNames = (list: ReadingList): ReadingList => ({
  papers: list.papers.map((p) =>
    toSavedPaper(
      {
        ...p,
        authors: p.authors.filter((a) => !a.includes(',')),
        bib: p.bib && { ...p.bib, editors: p.bib.editors?.filter((a) => !a.includes(',')) },
      },
      p.savedAt,
    ),
  ),
});

function roundTrip(list: ReadingList, format: 'json' | 'bibtex' | 'csl-json' | 'ris'): SavedPaper[] {
  const file = exportList(list, format);
  const back = importFile(file.text, file.filename, undefined, T0);
  if (!back.ok) throw new Error(`${back.error}\n--- file ---\n${file.text}`);
  return back.papers;
}

// Hundreds of generated lists: seconds of work on a machine other test files share.
describe('export → import round trip', { timeout: 60_000 }, () => {
  it('JSON gives back the very same list (200 lists of up to 30 papers)', () => {
    fc.assert(
      fc.property(readingList(30), (list) => {
        expect(roundTrip(list, 'json')).toEqual(list.papers);
      }),
      { numRuns: 200 },
    );
  });

  it('BibTeX gives back id, title, authors, year, tags and note (200 lists of up to 30 papers)', () => {
    fc.assert(
      fc.property(readingList(30), (list) => {
        expect(roundTrip(list, 'bibtex').map(bibtexFields)).toEqual(list.papers.map(bibtexFields));
      }),
      { numRuns: 200 },
    );
  });

  it('CSL-JSON gives back every field reference managers keep (200 lists of up to 30 papers)', () => {
    fc.assert(
      fc.property(readingList(30).map(noCommaNames), (list) => {
        expect(roundTrip(list, 'csl-json').map(cslFields)).toEqual(list.papers.map(cslFields));
      }),
      { numRuns: 200 },
    );
  });

  it('RIS gives back every field reference managers keep, one line each (200 lists of up to 30 papers)', () => {
    fc.assert(
      fc.property(readingList(30).map(noCommaNames), (list) => {
        expect(roundTrip(list, 'ris').map(risFields)).toEqual(list.papers.map(risFields));
      }),
      { numRuns: 200 },
    );
  });

  it('one list of 3,000 papers, both formats', () => {
    const [papers] = fc.sample(fc.uniqueArray(savedPaper, { minLength: 3200, maxLength: 3200, selector: (p) => p.id }), {
      numRuns: 1,
      seed: 42,
    });
    const list = { papers: papers.slice(0, 3000) };
    expect(list.papers).toHaveLength(3000);
    expect(roundTrip(list, 'json')).toEqual(list.papers);
    expect(roundTrip(list, 'bibtex').map(bibtexFields)).toEqual(list.papers.map(bibtexFields));
  });
});

describe('fuzz: damaged files', { timeout: 60_000 }, () => {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      ch: fc.constantFrom('{', '}', '"', ',', '=', '@', '#', '\\', '$', '%', 'x', ' ', '\n', '[', ']', ':', '(', ')'),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      ch: fc.constantFrom('{', '}', '{{', '}}', '@misc{', '"', '\\'),
    }),
  );

  function mutate(text: string, muts: { kind: string; at: number; ch?: string }[]): string {
    let t = text;
    for (const m of muts) {
      const i = Math.floor(m.at * t.length);
      if (m.kind === 'truncate') t = t.slice(0, i);
      else if (m.kind === 'flip') t = t.slice(0, i) + m.ch + t.slice(i + 1);
      else t = t.slice(0, i) + m.ch + t.slice(i);
    }
    return t;
  }

  for (const format of ['bibtex', 'json', 'csl-json', 'ris'] as const) {
    it(`${format}: always ok with valid papers or a clear error, never a throw`, () => {
      fc.assert(
        fc.property(readingList(6), fc.array(mutation, { minLength: 1, maxLength: 3 }), (list, muts) => {
          const file = exportList(list, format);
          const text = mutate(file.text, muts);
          let result!: ReturnType<typeof importFile>;
          expect(() => (result = importFile(text, file.filename, undefined, T0))).not.toThrow();
          if (result.ok) {
            for (const p of result.papers) expect(parseSavedPaper(p)).toMatchObject({ ok: true });
            // A damaged entry is reported with its line, never silently dropped or thrown.
            for (const p of result.problems) expect(p.text).toMatch(/^line \d+/);
          } else {
            expect(result.error).not.toMatch(/could not read the file/); // our bug, not the file's
            if (format === 'bibtex') expect(result.error).toMatch(/BibTeX line \d+|no BibTeX entries found/);
            else if (format === 'ris') expect(result.error).toMatch(/no RIS records found/);
            else expect(result.error).toMatch(/line \d+/);
          }
        }),
        { numRuns: 500 },
      );
    });
  }
});
