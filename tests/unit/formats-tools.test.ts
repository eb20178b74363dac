/**
 * Our exports read by the tools reference managers use: pandoc (its BibTeX,
 * BibLaTeX and CSL-JSON readers and writers, and citeproc rendering a
 * bibliography from our CSL-JSON) and citation-js (its BibTeX, RIS and CSL
 * plugins). Every entry of every real file must come back with the same title,
 * authors, year and DOI (ours → theirs → ours); what happens to the other
 * fields is printed per field (docs/formats.md has the table).
 */
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportList, type ExportFormat } from '../../lib/formats/export/index';
import type { SavedPaper } from '../../lib/reading-list/list';
import { compareFields, FIELDS, fixture, read, REAL_FILES } from './formats-compare';

/** pandoc 3 takes 16 s on the 1,000-author Zotero entries; 250 papers a file keep the suite fast. */
const PER_FILE = 250;

function pandoc(args: string[], input: string): string {
  return execFileSync('pandoc', args, { input, maxBuffer: 1 << 28 }).toString();
}

/**
 * A title as two tools may write it without changing it: case (pandoc's BibTeX
 * writer title-cases), quotes (pandoc makes them curly), and math, which pandoc
 * writes as TeX without dollars and citation-js as Unicode (`$\tau^2$`, `\tau^2`,
 * `τ²`): commands and Greek letters are dropped, then all but letters and digits.
 */
const GREEK_COMMANDS =
  /\\\s*(?:var)?(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|omicron|pi|rho|sigma|tau|upsilon|phi|chi|psi|omega)/gi;

function titleKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(GREEK_COMMANDS, '')
    .replace(/\p{Script=Greek}/gu, '')
    .replace(/\\(?:mathrm|mathbf|mbox|rm|text)\b/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A name with spacing, dots, quotes and case set aside ("J.B. Rosser", "J. B. Rosser"). */
const nameKey = (s: string) => titleKey(s);

/** The four things every tool must give back. */
const core = (p: SavedPaper, doi = true) => ({
  title: titleKey(p.title),
  authors: p.authors.map(nameKey),
  year: p.year,
  doi: doi ? p.doi?.toLowerCase() : undefined,
});

/**
 * Every paper of `before` is in `after` (by id, else by title) with the same
 * title, authors, year and DOI. `doi: false` for pandoc's BibTeX writer, which
 * writes no `doi` field (classic BibTeX has none).
 */
function expectSameCore(
  before: readonly SavedPaper[],
  after: readonly SavedPaper[],
  route: string,
  opts = { doi: true, mergedByTitle: false },
) {
  const byId = new Map(after.map((p) => [p.id, p]));
  const byTitle = new Map(after.map((p) => [titleKey(p.title), p]));
  const match = (p: SavedPaper) => byId.get(p.id) ?? byTitle.get(titleKey(p.title));
  const lostEntries = before.filter((p) => !match(p)).map((p) => p.title);
  expect(lostEntries, `${route}: entries not read back`).toEqual([]);
  const differ = before
    .map((p) => {
      const q = match(p)!;
      // A paper whose arXiv URL the tool dropped is merged by title with another version of it: it may gain authors.
      const authors = opts.mergedByTitle ? q.authors.slice(0, p.authors.length) : q.authors;
      return { before: core(p, opts.doi), after: core({ ...q, authors }, opts.doi) };
    })
    .filter((d) => JSON.stringify(d.before) !== JSON.stringify(d.after));
  expect(differ.slice(0, 3), `${route}: title, authors, year or DOI changed`).toEqual([]);
  const c = compareFields(before, after);
  const n = before.length - c.missing.length;
  console.log(
    `${route}: ${after.length}/${before.length} read; fields kept exactly: ${FIELDS.map((f) => `${f} ${c.kept[f]}/${n}`).join(', ')}`,
  );
}

function ours(path: string, format: ExportFormat): { papers: SavedPaper[]; text: string } {
  const papers = read(fixture(path), path.split('/')[1]).papers.slice(0, PER_FILE);
  return { papers, text: exportList({ papers }, format).text };
}

function citationJs(text: string, forceType?: string): string {
  return JSON.stringify(new Cite(text, forceType ? { forceType } : {}).data);
}

/**
 * citation-js 0.8 throws on a whole file when one value holds math it cannot
 * parse (`$\rm H_{2}$`, an old-style font switch, in a Zotero abstract), so
 * entries are given to it one by one and the ones it refuses are returned.
 */
function citationJsEntries(bibtex: string): { json: string; refused: string[] } {
  const items: unknown[] = [];
  const refused: string[] = [];
  for (const entry of bibtex.split(/\n(?=@)/)) {
    try {
      items.push(...(new Cite(entry).data as unknown[]));
    } catch {
      refused.push(entry);
    }
  }
  return { json: JSON.stringify(items), refused };
}

// pandoc takes seconds on the large files, more on a busy machine.
describe.each(REAL_FILES)('%s', { timeout: 120_000 }, (path) => {
  it('our BibTeX → pandoc CSL-JSON → ours', () => {
    const { papers, text } = ours(path, 'bibtex');
    expectSameCore(
      papers,
      read(pandoc(['-f', 'bibtex', '-t', 'csljson'], text), 'x.json').papers,
      `${path} bibtex→pandoc csljson`,
    );
  });

  it.each(['biblatex', 'bibtex'])('our CSL-JSON → pandoc %s → ours', (to) => {
    const { papers, text } = ours(path, 'csl-json');
    const back = read(pandoc(['-f', 'csljson', '-t', to], text), 'x.bib').papers;
    // pandoc's BibTeX writer (not BibLaTeX's) writes neither doi nor url: ids from arXiv URLs are lost there.
    expectSameCore(papers, back, `${path} csljson→pandoc ${to}`, { doi: to === 'biblatex', mergedByTitle: to === 'bibtex' });
  });

  it('citeproc renders a bibliography entry for every paper of our CSL-JSON', () => {
    const { papers, text } = ours(path, 'csl-json');
    const file = join(mkdtempSync(join(tmpdir(), 'paper-lens-csl-')), 'refs.json');
    writeFileSync(file, text);
    const out = pandoc(
      ['-f', 'markdown', '-t', 'plain', '--citeproc', '--wrap=none', `--bibliography=${file}`],
      "---\nnocite: '@*'\n---\n",
    );
    const entries = out.split(/\n\n+/).filter((e) => e.trim());
    expect(entries).toHaveLength(papers.length);
    const rendered = titleKey(out);
    expect(papers.filter((p) => !rendered.includes(titleKey(p.title).slice(0, 40))).map((p) => p.title)).toEqual([]);
  });

  it('our BibTeX → citation-js → CSL-JSON → ours', () => {
    const { papers, text } = ours(path, 'bibtex');
    const { json, refused } = citationJsEntries(text);
    // The only entries citation-js refuses are those with `\rm` inside math (valid LaTeX; pandoc reads them).
    for (const entry of refused) expect(entry).toMatch(/\$[^$]*\\rm\b/);
    const readable = papers.filter((p) => !refused.some((e) => e.includes(p.title.slice(0, 30))));
    if (refused.length)
      console.log(`${path} bibtex→citation-js: ${refused.length} entries refused by citation-js (\\rm in math)`);
    expectSameCore(readable, read(json, 'x.json').papers, `${path} bibtex→citation-js`);
  });

  it('our RIS → citation-js → CSL-JSON → ours', () => {
    const { papers, text } = ours(path, 'ris');
    expectSameCore(papers, read(citationJs(text, '@ris/file'), 'x.json').papers, `${path} ris→citation-js`);
  });
});
