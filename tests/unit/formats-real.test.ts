/**
 * The real bibliographies in tests/fixtures/bib and tests/fixtures/csl (origins
 * in their SOURCES.md): what each import finds, that LaTeX became Unicode, what
 * the preview says about bad entries, and that our own exports give back every
 * field reference managers keep.
 */
import { describe, expect, it } from 'vitest';
import { exportList, type ExportFormat } from '../../lib/formats/export/index';
import { importSummary } from '../../lib/formats/import/index';
import { leftoverCommands } from '../../lib/formats/import/latex';
import { compareFields, FIELDS, fixture, read, REAL_FILES, type Field } from './formats-compare';

/** Entries in the file, papers after merging entries that cite the same paper. */
const EXPECTED: Record<(typeof REAL_FILES)[number], { found: number; papers: number }> = {
  'bib/acl-anthology-style.bib': { found: 233, papers: 220 },
  'bib/arxiv-generated-mixed.bib': { found: 30, papers: 30 },
  'bib/b-vitamins-neco-2009.bib': { found: 135, papers: 135 },
  'bib/b-vitamins-oscillation.bib': { found: 76, papers: 76 },
  'bib/dblp-export.bib': { found: 296, papers: 294 },
  'bib/mathscinet-export.bib': { found: 56, papers: 54 },
  'bib/pl-strings-macros.bib': { found: 562, papers: 556 },
  'bib/zotero-bbt-astro-library.bib': { found: 1051, papers: 1047 },
  'bib/zotero-bbt-my-library.bib': { found: 42, papers: 41 },
  'csl/manubot-references.csl.json': { found: 258, papers: 252 },
};

/**
 * The only LaTeX left: text that holds LaTeX in Zotero itself (typed or pasted
 * into the title field), which Better BibTeX escaped as `\textbackslash` and
 * we therefore give back as written.
 */
const LITERAL_IN_SOURCE = [
  'Nguy\\~ên',
  "AI Poincar\\'e: Machine Learning Conservation Laws from Trajectories",
  "AI Poincar\\'{e} 2.0: Machine Learning Conservation Laws from Differential Equations",
  'Deep Learning of DESI Mock Spectra to Find Damped Ly{\\alpha} Systems',
];

// The 2.7 MB Zotero file takes a second or more when the machine is shared.
describe.each(REAL_FILES)('%s', { timeout: 60_000 }, (path) => {
  const name = path.split('/')[1];
  const text = fixture(path);
  const r = read(text, name);

  it('finds every entry and reads every one', () => {
    expect({ found: r.found, papers: r.papers.length, problems: r.problems }).toEqual({ ...EXPECTED[path], problems: [] });
  });

  it('leaves no LaTeX command in titles and names outside math', () => {
    const left = r.papers
      .flatMap((p) => [p.title, ...p.authors, ...(p.bib?.editors ?? [])])
      .filter((s) => leftoverCommands(s).length > 0);
    expect(left.filter((s) => !LITERAL_IN_SOURCE.includes(s))).toEqual([]);
    if (left.length) expect(text).toContain('\\textbackslash');
  });

  it.each(['bibtex', 'csl-json', 'ris'] as ExportFormat[])('exported as %s and read back, keeps every field', (format) => {
    const file = exportList({ papers: r.papers }, format);
    const back = read(file.text, file.filename);
    const c = compareFields(r.papers, back.papers);
    expect(back.problems).toEqual([]);
    expect(c.missing).toEqual([]);
    const lost = Object.fromEntries(FIELDS.map((f) => [f, c.lost[f].slice(0, 3)])) as Record<Field, unknown[]>;
    expect(lost).toEqual(Object.fromEntries(FIELDS.map((f) => [f, []])));
  });
});

describe('the reference-manager fields of real entries', () => {
  it('Zotero (Better BibTeX): type, date, container, volume, pages, publisher, keywords', () => {
    const r = read(fixture('bib/zotero-bbt-astro-library.bib'), 'z.bib');
    const p = r.papers.find((q) => q.doi === '10.1103/PhysRevLett.116.061102')!;
    expect(p).toMatchObject({ title: 'Observation of Gravitational Waves from a Binary Black Hole Merger', year: 2016 });
    expect(p.bib).toEqual({
      type: 'article-journal',
      date: '2016-02',
      container: 'Physical Review Letters',
      volume: '116',
      pages: '061102',
    });
  });

  it('DBLP: crossref-free proceedings with editors; @preamble commands and \\hyphen decoded', () => {
    const r = read(fixture('bib/dblp-export.bib'), 'd.bib');
    expect(r.papers.find((p) => p.title.startsWith('Reduction-Free Normalisation'))?.bib?.type).toBe('paper-conference');
    expect(r.papers.some((p) => (p.bib?.editors?.length ?? 0) > 0)).toBe(true);
  });

  it('Manubot CSL-JSON: arXiv items get their id, journal items their fields', () => {
    const r = read(fixture('csl/manubot-references.csl.json'), 'm.json');
    expect(r.papers.find((p) => p.id === '1210.7665')).toMatchObject({ title: 'Graph Estimation From Multi-attribute Data' });
    expect(r.papers.find((p) => p.title === 'Early Drift Detection Method')?.bib).toEqual({
      type: 'paper-conference',
      container: 'Fourth International Workshop on Knowledge Discovery from Data Streams',
      volume: '6',
      pages: '77–86',
    });
  });
});

describe('bad entries in a real file: the preview names them, the rest is ready', () => {
  it('an entry without title, id or DOI (Zotero @manual) and a missing comma (Google Scholar)', () => {
    // Damage two real entries the way the kept-aside files are damaged.
    const damaged = fixture('bib/zotero-bbt-my-library.bib')
      .replace('  pages = {1--4},\n  publisher = {{IEEE}}', '  pages = {1--4}\n  publisher = {{IEEE}}')
      .replace(/(@article\{armatasEVALUATIONGOALSSCORED2009,\n) {2}title = .*\n/, '$1');
    const r = read(damaged, 'My Library.bib');
    expect(r.found).toBe(42);
    expect(r.problems).toEqual([
      {
        line: 9,
        key: 'apostolouSportsAnalyticsAlgorithms2019',
        reason: 'expected "," or "}" to end the entry but found "p" (a missing comma or brace?)',
        text: 'line 9, entry "apostolouSportsAnalyticsAlgorithms2019" (#1): expected "," or "}" to end the entry but found "p" (a missing comma or brace?)',
      },
      {
        line: 17,
        key: 'armatasEVALUATIONGOALSSCORED2009',
        reason: 'has no title, arXiv id or DOI, so there is nothing to save',
        text: 'line 17, entry "armatasEVALUATIONGOALSSCORED2009" (#2): has no title, arXiv id or DOI, so there is nothing to save',
      },
    ]);
    // 40 entries left, none citing the same paper twice (the damaged one was the duplicate).
    expect(r.papers).toHaveLength(40);
    expect(importSummary(r)).toBe(
      '40 papers ready; 2 cannot be read: line 9, entry "apostolouSportsAnalyticsAlgorithms2019" (#1): expected "," or "}" to end the entry but found "p" (a missing comma or brace?); line 17, entry "armatasEVALUATIONGOALSSCORED2009" (#2): has no title, arXiv id or DOI, so there is nothing to save',
    );
  });
});
