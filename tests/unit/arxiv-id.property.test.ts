/**
 * One arXiv-ID grammar everywhere: generated valid and invalid ids, and every
 * entry point that reads an id (URL recogniser, page reader, arXiv-metadata
 * JSONL reader, corpus TSV parser, importers) must accept exactly what
 * `checkArxivId` accepts and make the same bare id of it.
 */
import fc from 'fast-check';
// @ts-expect-error -- jsdom ships no types and @types/jsdom is not installed; only `new JSDOM(html)` is used.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { checkArxivId, isArxivId } from '../../lib/core/arxiv-id';
import { readArxivMetadataJsonl } from '../../lib/formats/corpus-sources';
import { importFile } from '../../lib/formats/import/index';
import { readPaperPage, recognisePage } from '../../lib/pages';
import { parseIdTable } from '../../tools/corpus/parser';

const RUNS = { numRuns: 400 };

/** A candidate id as it would appear in a URL path or a file, and whether arXiv could have issued it. */
interface Candidate {
  text: string;
  valid: boolean;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const version = fc.option(fc.integer({ min: 1, max: 9999 }), { nil: undefined, freq: 2 });
const withVersion = (id: string, v: number | undefined) => (v === undefined ? id : `${id}v${v}`);

// New style: 4 digits from 0704 to 1412, 5 digits from 1501 on.
const yymm = (from: number, to: number) => fc.integer({ min: from, max: to }).filter((n) => n % 100 >= 1 && n % 100 <= 12);
const newEra1 = fc.tuple(yymm(704, 1412), fc.integer({ min: 1, max: 9999 })).map(([ym, n]) => `${pad(ym, 4)}.${pad(n, 4)}`);
const newEra2 = fc.tuple(yymm(1501, 9912), fc.integer({ min: 1, max: 99999 })).map(([ym, n]) => `${pad(ym, 4)}.${pad(n, 5)}`);

// Old style: July 1991 to March 2007, from a closed list of archives, optional subject class.
const ARCHIVES = ['hep-th', 'hep-ph', 'math', 'cs', 'astro-ph', 'cond-mat', 'quant-ph', 'gr-qc', 'q-bio', 'physics', 'nlin'];
const oldMonth = fc.oneof(yymm(9107, 9912), yymm(1, 703)).map((ym) => pad(ym, 4));
const subjectClass = fc.option(fc.constantFrom('.GT', '.CO', '.AI', '.stat-mech', '.NC'), { nil: '' });
const oldId = fc
  .tuple(fc.constantFrom(...ARCHIVES), subjectClass, oldMonth, fc.integer({ min: 1, max: 999 }))
  .map(([archive, sc, ym, n]) => ({ bare: `${archive}/${ym}${pad(n, 3)}`, text: `${archive}${sc}/${ym}${pad(n, 3)}` }));

const validId: fc.Arbitrary<Candidate> = fc.oneof(
  fc.tuple(fc.oneof(newEra1, newEra2), version).map(([id, v]) => ({ text: withVersion(id, v), valid: true })),
  fc.tuple(oldId, version).map(([id, v]) => ({ text: withVersion(id.text, v), valid: true })),
);

const badMonth = fc.constantFrom(0, 13, 14, 20, 99);
const invalidId: fc.Arbitrary<Candidate> = fc
  .oneof(
    fc.constantFrom('2313.00001', '0701.0001', 'foo/0101001', '2310.00000', '1412.00001', '1501.0001', 'hep-th/9901000'),
    // month 00 or above 12, either style
    fc
      .tuple(fc.integer({ min: 7, max: 99 }), badMonth, fc.integer({ min: 1, max: 9999 }))
      .map(([yy, mm, n]) => `${pad(yy, 2)}${pad(mm, 2)}.${pad(n, 5)}`),
    fc
      .tuple(fc.constantFrom(...ARCHIVES), fc.constantFrom(95, 3), badMonth)
      .map(([a, yy, mm]) => `${a}/${pad(yy, 2)}${pad(mm, 2)}001`),
    // wrong digit count for the era
    fc.tuple(yymm(704, 1412), fc.integer({ min: 1, max: 99999 })).map(([ym, n]) => `${pad(ym, 4)}.${pad(n, 5)}`),
    fc.tuple(yymm(1501, 9912), fc.integer({ min: 1, max: 9999 })).map(([ym, n]) => `${pad(ym, 4)}.${pad(n, 4)}`),
    // new style before April 2007
    fc.tuple(yymm(1, 703), fc.integer({ min: 1, max: 9999 })).map(([ym, n]) => `${pad(ym, 4)}.${pad(n, 4)}`),
    // number 0
    fc.oneof(
      yymm(704, 1412).map((ym) => `${pad(ym, 4)}.0000`),
      yymm(1501, 9912).map((ym) => `${pad(ym, 4)}.00000`),
    ),
    // unknown archives
    fc
      .tuple(fc.constantFrom('foo', 'hepth', 'hep-xx', 'arxiv', 'bio', 'stat'), oldMonth, fc.integer({ min: 1, max: 999 }))
      .map(([a, ym, n]) => `${a}/${ym}${pad(n, 3)}`),
    // old style outside 1991-07..2007-03
    fc
      .tuple(fc.constantFrom(...ARCHIVES), fc.oneof(yymm(9101, 9106), yymm(704, 1412)), fc.integer({ min: 1, max: 999 }))
      .map(([a, ym, n]) => `${a}/${pad(ym, 4)}${pad(n, 3)}`),
    // version 0 or with a leading zero
    fc.oneof(newEra1, newEra2).map((id) => `${id}v0`),
    fc.oneof(newEra1, newEra2).map((id) => `${id}v01`),
  )
  .map((text) => ({ text, valid: false }));

const candidate = fc.oneof(validId, invalidId);

/** What `checkArxivId` makes of a candidate: the bare id and version, or null. */
function expected(text: string): { id: string; version?: number } | null {
  const c = checkArxivId(text);
  return 'error' in c ? null : c;
}

// One document, its meta rewritten per run: building a JSDOM per run would dominate the test.
const absDoc = new JSDOM('<!doctype html><html><head><meta name="citation_arxiv_id" content=""></head><body></body></html>')
  .window.document as Document;
/** The abs page's URL names another paper, so only the meta can supply the candidate. */
const OTHER = 'https://arxiv.org/abs/2106.09608';

function readerId(text: string): { id?: string; version?: number } {
  absDoc.querySelector('meta[name="citation_arxiv_id"]')!.setAttribute('content', text);
  const paper = readPaperPage(new URL(OTHER), absDoc);
  return { id: paper?.arxivId, version: paper?.version };
}

function jsonlId(text: string): string | null {
  const read = readArxivMetadataJsonl(`${JSON.stringify({ id: text, title: 'A paper', abstract: 'About it.' })}\n`, 'm.jsonl');
  return read.papers[0]?.id ?? null;
}

function tsvId(text: string): string | null {
  try {
    return parseIdTable(`title\tarxiv_id\tfirst_author\tyear\nA paper\t${text}\tA. One\t2020\n`)[0].arxivId;
  } catch {
    return null;
  }
}

function bibtexId(text: string): string | null {
  const r = importFile(
    `@article{k,\n  title = {A paper},\n  eprint = {${text}},\n  archivePrefix = {arXiv}\n}\n`,
    'x.bib',
    undefined,
    0,
  );
  if (!r.ok) throw new Error(r.error);
  const p = r.papers[0];
  return p && !p.id.startsWith('pl-') ? p.id : null;
}

/** What our own JSON export of a paper with this id imports as (null: refused); ids are stored bare. */
function jsonId(text: string): string | null {
  const paper = {
    id: text,
    title: 'A paper',
    authors: [],
    links: {},
    savedAt: 0,
    tags: [],
    note: '',
    read: false,
    source: 'import',
  };
  const r = importFile(JSON.stringify({ format: 'paper-lens', schemaVersion: 3, papers: [paper] }), 'x.json', undefined, 0);
  return r.ok ? (r.papers[0]?.id ?? null) : null;
}

/** Every entry point's verdict on a candidate, as the bare id it makes of it (null: refused). */
function verdicts(text: string) {
  const ref = (href: string) => {
    const r = recognisePage(new URL(href));
    return r?.arxivId ? { id: r.arxivId, version: r.version } : null;
  };
  const reader = readerId(text);
  return {
    abs: ref(`https://arxiv.org/abs/${text}`),
    pdf: ref(`https://arxiv.org/pdf/${text}`),
    pdfFile: ref(`https://arxiv.org/pdf/${text}.pdf`),
    html: ref(`https://arxiv.org/html/${text}`),
    ar5iv: ref(`https://ar5iv.labs.arxiv.org/html/${text}`),
    reader: reader.id === '2106.09608' && !text.startsWith('2106.09608') ? null : reader,
    jsonl: jsonlId(text),
    tsv: tsvId(text),
    bibtex: bibtexId(text),
    json: jsonId(text),
  };
}

describe('one arXiv-ID grammar for every entry point', () => {
  it('checkArxivId accepts the generated valid ids and refuses the generated invalid ones', () => {
    fc.assert(
      fc.property(candidate, ({ text, valid }) => {
        expect('error' in checkArxivId(text), text).toBe(!valid);
      }),
      RUNS,
    );
  });

  it('URL recognisers, page reader, corpus readers and the BibTeX and JSON importers agree with checkArxivId', () => {
    fc.assert(
      fc.property(candidate, ({ text }) => {
        const want = expected(text);
        const withV = want ? { id: want.id, version: want.version } : null;
        const got = verdicts(text);
        expect(got.abs, `abs ${text}`).toEqual(withV);
        expect(got.pdf, `pdf ${text}`).toEqual(withV);
        expect(got.pdfFile, `pdf file ${text}`).toEqual(withV);
        expect(got.html, `html ${text}`).toEqual(withV);
        expect(got.ar5iv, `ar5iv ${text}`).toEqual(withV);
        expect(got.reader, `reader ${text}`).toEqual(withV);
        expect(got.jsonl, `jsonl ${text}`).toBe(want?.id ?? null);
        expect(got.tsv, `tsv ${text}`).toBe(want?.id ?? null);
        expect(got.bibtex, `bibtex ${text}`).toBe(want?.id ?? null);
        // Our JSON stores bare ids, so it takes exactly those.
        expect(got.json, `json ${text}`).toBe(want && want.id === text && want.version === undefined ? text : null);
      }),
      RUNS,
    );
  });

  it('Hugging Face paper URLs take exactly the bare new-style ids', () => {
    fc.assert(
      fc.property(candidate, ({ text }) => {
        const want = expected(text);
        const hf = want !== null && want.version === undefined && want.id === text && !text.includes('/');
        expect(recognisePage(new URL(`https://huggingface.co/papers/${text}`)), text).toEqual(
          hf ? { kind: 'hf-paper', arxivId: text } : null,
        );
      }),
      RUNS,
    );
  });
});

describe('the ids the review found disagreeing', () => {
  it.each(['2313.00001', '0701.0001', 'foo/0101001', '2310.00000'])('%s is refused by every entry point', (text) => {
    expect(checkArxivId(text)).toHaveProperty('error');
    expect(isArxivId(text)).toBe(false);
    const got = verdicts(text);
    for (const [where, verdict] of Object.entries(got)) expect(verdict, where).toBeNull();
    expect(recognisePage(new URL(`https://huggingface.co/papers/${text}`))).toBeNull();
  });
});
