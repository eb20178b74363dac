import { readdirSync, readFileSync } from 'node:fs';
// @ts-expect-error -- jsdom ships no types and @types/jsdom is not installed; only `new JSDOM(html, { url })` is used.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildLookup, matchPaper } from '../../lib/collection/match';
import { readListing, readPaperPage, recognisePage, type PageKind, type PagePaper } from '../../lib/pages';
import type { Paper } from '../../lib/core/paper';
import papers from '../../data/papers.json';

const pagesDir = new URL('../fixtures/pages/', import.meta.url);
const lookup = buildLookup(papers as Paper[]);

function load(file: string, url: string): Document {
  return new JSDOM(readFileSync(new URL(file, pagesDir), 'utf8'), { url }).window.document as Document;
}

function dom(html: string, url: string): Document {
  return new JSDOM(html, { url }).window.document as Document;
}

interface ListingExpectation {
  count: number;
  /** The first ids, in page order. */
  first: string[];
  /** Ids that must be among the entries. */
  includes?: string[];
  /** Corpus papers the entries match, by id. */
  inCorpus?: string[];
}

interface FixtureRow {
  url: string;
  kind: PageKind;
  /** Expected readPaperPage result (abstract checked by its start), or null for list pages. */
  paper: (Omit<PagePaper, 'abstract'> & { abstractStart?: string }) | null;
  listing: ListingExpectation | null;
  /** Corpus id the page matches, null when it shows a paper outside the corpus. */
  match?: { id: string; by: 'id' | 'title' } | null;
}

/** Every saved page with what each reader must make of it; a new page without a row fails the suite. */
const fixtures: Record<string, FixtureRow> = {
  'arxiv-abs-2609.22268v1.html': {
    url: 'https://arxiv.org/abs/2609.22268',
    kind: 'arxiv-abs',
    paper: {
      arxivId: '2609.22268',
      version: 1,
      title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
      abstractStart: 'Accurately modelling the temporal evolution',
      authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
      year: 2026,
    },
    listing: null,
    match: null,
  },
  'arxiv-abs-2106.09608v2.html': {
    url: 'https://arxiv.org/abs/2106.09608',
    kind: 'arxiv-abs',
    paper: {
      arxivId: '2106.09608',
      version: 2,
      title: 'Learning Knowledge Graph-based World Models of Textual Environments',
      abstractStart: "World models improve a learning agent's ability",
      authors: ['Prithviraj Ammanabrolu', 'Mark O. Riedl'],
      year: 2021,
    },
    listing: null,
    match: null,
  },
  'arxiv-abs-1902.02534v2-headonly.html': {
    url: 'https://arxiv.org/abs/1902.02534v2',
    kind: 'arxiv-abs',
    paper: {
      arxivId: '1902.02534',
      version: 2,
      title: 'Crowdsourcing open citations with CROCI -- An analysis of the current status of open citations, and a proposal',
      abstractStart: 'In this paper, we analyse the current availability',
      authors: ['Ivan Heibi', 'Silvio Peroni', 'David Shotton'],
      // citation_date (first version), not citation_online_date (2019/06/21, this version).
      year: 2019,
    },
    listing: null,
    match: null,
  },
  'arxiv-abs-hep-th-9901001v1.html': {
    url: 'https://arxiv.org/abs/hep-th/9901001v1',
    kind: 'arxiv-abs',
    paper: {
      arxivId: 'hep-th/9901001',
      version: 1,
      title: 'A Synthetic Old-Style Abstract Page for Testing $\\mathcal{N}=4$ Readers',
      abstractStart: 'Synthetic abstract for a test page',
      authors: ['Ada Example', 'Émile Placeholder'],
      year: 1999,
    },
    listing: null,
    match: null,
  },
  'arxiv-abs-2310.00161v1-renamed.html': {
    url: 'https://arxiv.org/abs/2310.00161v1',
    kind: 'arxiv-abs',
    paper: {
      arxivId: '2310.00161',
      version: 1,
      title: 'Region-centric Image-Language Pretraining for Open-Vocabulary Detection',
      abstractStart: 'We present a new open-vocabulary detection approach',
      authors: ['Dahun Kim', 'Second Author'],
      year: 2023,
    },
    listing: null,
    match: { id: '2310.00161', by: 'id' },
  },
  'arxiv-abs-2501.99999v1-lookalike.html': {
    url: 'https://arxiv.org/abs/2501.99999v1',
    kind: 'arxiv-abs',
    paper: {
      arxivId: '2501.99999',
      version: 1,
      title: 'UNITER: UNiversal Image-TExt Representation Learning for Video',
      abstractStart: 'Synthetic abstract of a paper outside the corpus',
      authors: ['Synthetic Author'],
      year: 2025,
    },
    listing: null,
    match: null,
  },
  'arxiv-html-2604.15597v1.html': {
    url: 'https://arxiv.org/html/2604.15597v1',
    kind: 'arxiv-html',
    paper: {
      arxivId: '2604.15597',
      version: 1,
      title: 'LLMs Corrupt Your Documents When You Delegate',
      abstractStart: 'Large Language Models (LLMs) are poised to disrupt knowledge work',
      authors: [],
      year: 2026,
    },
    listing: null,
    match: null,
  },
  // Made from the v1 capture for the annotation tests (a paragraph moved, one deleted; SOURCES.md).
  'arxiv-html-2604.15597v2-revised.html': {
    url: 'https://arxiv.org/html/2604.15597v2',
    kind: 'arxiv-html',
    paper: {
      arxivId: '2604.15597',
      version: 2,
      title: 'LLMs Corrupt Your Documents When You Delegate',
      abstractStart: 'Large Language Models (LLMs) are poised to disrupt knowledge work',
      authors: [],
      year: 2026,
    },
    listing: null,
    match: null,
  },
  'ar5iv-html-2201.00020.html': {
    url: 'https://ar5iv.labs.arxiv.org/html/2201.00020',
    kind: 'arxiv-html',
    paper: {
      arxivId: '2201.00020',
      title: 'Geometric Fluctuation of Conformal Hilbert Spaces and Multiple Graviton Modes in Fractional Quantum Hall Effect',
      abstractStart: 'We develop the microscopic theory',
      authors: [],
      year: 2022,
    },
    listing: null,
    match: null,
  },
  'hf-paper-2308.08414.html': {
    url: 'https://huggingface.co/papers/2308.08414',
    kind: 'hf-paper',
    paper: {
      arxivId: '2308.08414',
      title: 'Tem-adapter: Adapting Image-Text Pretraining for Video Question Answer',
      abstractStart: 'Video-language pre-trained models have shown remarkable success',
      authors: ['Guangyi Chen', 'Second Author', 'Third Author'],
      year: 2023,
    },
    listing: null,
    match: { id: '2308.08414', by: 'id' },
  },
  'arxiv-list-cs.CL-new.html': {
    url: 'https://arxiv.org/list/cs.CL/new',
    kind: 'arxiv-listing',
    paper: null,
    listing: {
      count: 7,
      first: ['2506.01234', '2506.01240', '2506.01251', '1909.11740', '2308.08414', '2310.00161', '2405.00007'],
      inCorpus: ['1909.11740', '2308.08414', '2310.00161'],
    },
  },
  'arxiv-search-abstract-distributed-systems.html': {
    url: 'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems',
    kind: 'arxiv-search',
    paper: null,
    listing: { count: 200, first: ['2512.03003', '2512.02934', '2512.02843'], includes: ['2512.08261'], inCorpus: [] },
  },
  'hf-daily-2026-06-03.html': {
    url: 'https://huggingface.co/papers/date/2026-06-03',
    kind: 'hf-list',
    paper: null,
    listing: { count: 42, first: ['2606.00683', '2605.23895', '2606.01249'], includes: ['2606.01955'], inCorpus: [] },
  },
  'hf-daily-2026-09-28-live-dom.html': {
    url: 'https://huggingface.co/papers',
    kind: 'hf-list',
    paper: null,
    // The capture was cut after the 10th card; its JSON still lists 28 papers.
    listing: { count: 10, first: ['2609.31620', '2609.18703', '2609.31093'], includes: ['2609.31590'], inCorpus: [] },
  },
};

const docs = new Map<string, Document>();
function fixtureDoc(file: string): Document {
  let doc = docs.get(file);
  if (!doc) {
    doc = load(file, fixtures[file].url);
    docs.set(file, doc);
  }
  return doc;
}

describe('every parser over every saved page', () => {
  it('has a row for every saved page', () => {
    const saved = readdirSync(pagesDir)
      .filter((f) => f.endsWith('.html'))
      .sort();
    expect(Object.keys(fixtures).sort()).toEqual(saved);
  });

  describe.each(Object.entries(fixtures))('%s', (file, row) => {
    const url = new URL(row.url);

    it('recognisePage', () => {
      expect(recognisePage(url)?.kind).toBe(row.kind);
    });

    it('readPaperPage', () => {
      const got = readPaperPage(url, fixtureDoc(file));
      if (!row.paper) {
        expect(got).toBeNull();
        return;
      }
      const { abstractStart, ...expected } = row.paper;
      expect(got).not.toBeNull();
      const { abstract, ...rest } = got!;
      expect(rest).toEqual(expected);
      expect(abstract?.startsWith(abstractStart!), abstract?.slice(0, 80)).toBe(true);
    });

    it('readListing', () => {
      const entries = readListing(url, fixtureDoc(file));
      if (!row.listing) {
        expect(entries).toEqual([]);
        return;
      }
      expect(entries).toHaveLength(row.listing.count);
      const ids = entries.map((e) => e.arxivId);
      expect(ids.slice(0, row.listing.first.length)).toEqual(row.listing.first);
      for (const id of row.listing.includes ?? []) expect(ids).toContain(id);
      expect(new Set(ids).size).toBe(entries.length);
      for (const e of entries) {
        expect(e.title, e.arxivId).toBeTruthy();
        expect(e.title!.length).toBeLessThanOrEqual(1000);
        expect(e.anchor.ownerDocument).toBe(fixtureDoc(file));
        // The badge becomes the last child of the entry's title element.
        expect(e.anchor.textContent).toContain(e.title!.slice(0, 20).split(' ')[0]);
      }
    });

    it('matchPaper on what the readers found', () => {
      if (row.paper) {
        const m = matchPaper(readPaperPage(url, fixtureDoc(file))!, lookup);
        expect(m ? { id: m.paper.id, by: m.by } : null).toEqual(row.match ?? null);
      } else {
        const matched = readListing(url, fixtureDoc(file))
          .map((e) => matchPaper(e, lookup))
          .filter((m) => m !== null)
          .map((m) => m.paper.id);
        expect(matched).toEqual(row.listing!.inCorpus ?? []);
      }
    });
  });
});

describe('readListing details', () => {
  it('arXiv listing: reads dt/dd pairs across the repeated dl#articles, anchored on the title', () => {
    const url = new URL(fixtures['arxiv-list-cs.CL-new.html'].url);
    const entries = readListing(url, fixtureDoc('arxiv-list-cs.CL-new.html'));
    expect(entries[0].anchor.classList.contains('list-title')).toBe(true);
    expect(entries[2].title).toBe('Scaling $\\mathcal{O}(n)$ Retrieval with \\emph{Tiny} Indices');
    expect(entries[5].title).toBe('Region-centric Image-Language Pretraining for Open-Vocabulary Detection');
  });

  it('search results: every entry has an id and a title', () => {
    const file = 'arxiv-search-abstract-distributed-systems.html';
    const entries = readListing(new URL(fixtures[file].url), fixtureDoc(file));
    expect(entries[0].title).toBe('The role of the top Yukawa coupling in triple Higgs production at the LHC');
    expect(entries.every((e) => /^\d{4}\.\d{5}$/.test(e.arxivId ?? ''))).toBe(true);
  });

  it('Hugging Face daily list: titles from the JSON, anchors on the card headings', () => {
    const file = 'hf-daily-2026-06-03.html';
    const doc = fixtureDoc(file);
    const entries = readListing(new URL(fixtures[file].url), doc);
    const json = JSON.parse(doc.querySelector('[data-target="DailyPapers"]')!.getAttribute('data-props')!);
    expect(entries.map((e) => e.arxivId)).toEqual(json.dailyPapers.map((d: { paper: { id: string } }) => d.paper.id));
    expect(entries.map((e) => e.title)).toEqual(
      json.dailyPapers.map((d: { paper: { title: string } }) => d.paper.title.replace(/\s+/g, ' ').trim()),
    );
    expect(entries[0].anchor.tagName).toBe('H3');
  });

  it('Hugging Face list without its JSON falls back to the cards', () => {
    const file = 'hf-daily-2026-09-28-live-dom.html';
    const html = readFileSync(new URL(file, pagesDir), 'utf8');
    const doc = dom(html, fixtures[file].url);
    doc.querySelector('[data-target="DailyPapers"]')!.removeAttribute('data-props');
    const entries = readListing(new URL(fixtures[file].url), doc);
    expect(entries).toHaveLength(10);
    expect(entries[2]).toMatchObject({ arxivId: '2609.31093', title: 'Block Sparse Attention with Log-Linear Complexity' });
  });
});

describe('pages that are not papers', () => {
  it.each([
    'https://arxiv.org/',
    'https://arxiv.org/help/api/index',
    'https://info.arxiv.org/help/license/index.html',
    'https://arxiv.org/search/',
    'https://huggingface.co/',
    'https://huggingface.co/models',
    'https://huggingface.co/datasets/microsoft/DELEGATE52',
    'https://example.org/abs/2310.00161',
  ])('%s', (href) => {
    const url = new URL(href);
    const doc = dom(
      '<html><head><title>[2310.00161] x</title></head><body><article><h3><a href="/papers/2310.00161">x</a></h3></article></body></html>',
      href,
    );
    expect(recognisePage(url)).toBeNull();
    expect(readPaperPage(url, doc)).toBeNull();
    expect(readListing(url, doc)).toEqual([]);
  });
});

describe('bad input never throws', () => {
  it('a PDF tells only what its URL does', () => {
    const url = new URL('https://arxiv.org/pdf/2310.00161v2.pdf');
    expect(readPaperPage(url, dom('<html><title>2310.00161v2.pdf</title></html>', url.href))).toEqual({
      arxivId: '2310.00161',
      version: 2,
      authors: [],
      year: 2023,
    });
  });

  it('an abs page without any meta falls back to the markup, then the URL', () => {
    const url = new URL('https://arxiv.org/abs/2310.00161');
    const doc = dom(
      '<html><head><title>[2310.00161] Fallback Title</title></head><body><h1 class="title mathjax"><span class="descriptor">Title:</span>From the <em>heading</em></h1><div class="authors"><a>A. One</a>, <a>B. Two</a></div><blockquote class="abstract"><span class="descriptor">Abstract:</span> Text.</blockquote></body></html>',
      url.href,
    );
    expect(readPaperPage(url, doc)).toEqual({
      arxivId: '2310.00161',
      title: 'From the heading',
      abstract: 'Text.',
      authors: ['A. One', 'B. Two'],
      year: 2023,
    });
    expect(readPaperPage(url, dom('', url.href))).toEqual({ arxivId: '2310.00161', authors: [], year: 2023 });
  });

  it('an arXiv error page at an abs URL still gives the id', () => {
    const url = new URL('https://arxiv.org/abs/2310.00161v9');
    const doc = dom('<html><head><title>Error</title></head><body><h1>Article not found</h1></body></html>', url.href);
    expect(readPaperPage(url, doc)).toMatchObject({ arxivId: '2310.00161', version: 9 });
  });

  it('ignores an impossible id in the meta and keeps the URL id', () => {
    const url = new URL('https://arxiv.org/abs/2310.00161');
    const doc = dom(
      '<meta name="citation_arxiv_id" content="2313.00161"><meta property="og:url" content="javascript:alert(1)">',
      url.href,
    );
    expect(readPaperPage(url, doc)?.arxivId).toBe('2310.00161');
  });

  it('caps an enormous title at 1000 characters', () => {
    const url = new URL('https://arxiv.org/abs/2310.00161');
    const huge = 'Word '.repeat(200_000);
    const doc = dom(`<meta name="citation_title" content="${huge}">`, url.href);
    const t0 = Date.now();
    const title = readPaperPage(url, doc)!.title!;
    expect(title.length).toBeLessThanOrEqual(1000);
    expect(title.startsWith('Word Word')).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('reads markup in titles as text', () => {
    const url = new URL('https://arxiv.org/abs/2310.00161');
    const doc = dom(
      '<meta name="citation_title" content="&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;Bold&lt;/b&gt;">',
      url.href,
    );
    expect(readPaperPage(url, doc)?.title).toBe('<img src=x onerror=alert(1)> <b>Bold</b>');
    expect(doc.querySelector('img, b')).toBeNull();
  });

  it('replaces lone surrogates in page text (found by the page fuzz, seed 352944623)', () => {
    const url = new URL('https://arxiv.org/abs/2310.00161');
    const doc = dom('<title>x</title>', url.href);
    const meta = doc.createElement('meta');
    meta.setAttribute('name', 'citation_title');
    meta.setAttribute('content', 'Broken \ud800 text \udc00 end \ud800');
    doc.head.append(meta);
    expect(readPaperPage(url, doc)?.title).toBe('Broken \ufffd text \ufffd end \ufffd');
  });

  it('Hugging Face paper page with garbled JSON falls back to the URL and <title>', () => {
    const url = new URL('https://huggingface.co/papers/2308.08414');
    const doc = dom(
      '<title>Paper page - A Title</title><div class="SVELTE_HYDRATER" data-target="PaperContent" data-props="{&quot;paper&quot;:{&quot;id&quot;:"></div>',
      url.href,
    );
    expect(readPaperPage(url, doc)).toEqual({ arxivId: '2308.08414', title: 'A Title', authors: [], year: 2023 });
  });

  it('Hugging Face JSON of the wrong shapes is ignored field by field', () => {
    const url = new URL('https://huggingface.co/papers/2308.08414');
    const props = JSON.stringify({
      paper: {
        id: '../../etc',
        title: 42,
        summary: ['x'],
        authors: [null, 7, { name: 'Real Name' }, { name: {} }],
        publishedAt: 'soon',
      },
    });
    const doc = dom(
      '<title>Paper page - From Title</title><div class="SVELTE_HYDRATER" data-target="PaperContent"></div>',
      url.href,
    );
    doc.querySelector('div')!.setAttribute('data-props', props);
    expect(readPaperPage(url, doc)).toEqual({ arxivId: '2308.08414', title: 'From Title', authors: ['Real Name'], year: 2023 });
  });

  it('Hugging Face list with garbled JSON and odd cards', () => {
    const url = new URL('https://huggingface.co/papers/trending');
    const doc = dom(
      '<div data-target="DailyPapers" data-props="[1,2"></div><article><h3><a href="/papers/2606.00683">Card <i>One</i></a></h3></article><article><h3>no link</h3></article><article><h3><a href="/papers/9999.99999">Bad id</a></h3></article>',
      url.href,
    );
    expect(readListing(url, doc).map(({ arxivId, title }) => ({ arxivId, title }))).toEqual([
      { arxivId: '2606.00683', title: 'Card One' },
      { arxivId: undefined, title: 'Bad id' },
    ]);
  });

  it('a document that is not a document', () => {
    const fake = {} as Document;
    expect(readPaperPage(new URL('https://arxiv.org/abs/2310.00161v2'), fake)).toEqual({
      arxivId: '2310.00161',
      version: 2,
      authors: [],
      year: 2023,
    });
    expect(readListing(new URL('https://arxiv.org/list/cs.CL/new'), fake)).toEqual([]);
  });
});

describe('recognisePage', () => {
  const abs = (arxivId: string, version?: number) =>
    version ? { kind: 'arxiv-abs', arxivId, version } : { kind: 'arxiv-abs', arxivId };
  it.each<[string, object | null]>([
    ['https://arxiv.org/abs/2310.00161', abs('2310.00161')],
    ['http://www.arxiv.org/abs/2310.00161v2/', abs('2310.00161', 2)],
    ['https://export.arxiv.org/abs/2310.00161?context=cs#top', abs('2310.00161')],
    ['https://browse.arxiv.org/abs/0704.0001', abs('0704.0001')],
    ['https://arxiv.org/abs/1412.9999v12', abs('1412.9999', 12)],
    ['https://arxiv.org/abs/1501.00001', abs('1501.00001')],
    ['https://arxiv.org/abs/hep-th/9901001', abs('hep-th/9901001')],
    ['https://arxiv.org/abs/math.GT/0309136v2', abs('math/0309136', 2)],
    ['https://arxiv.org/abs/cond-mat/0703999', abs('cond-mat/0703999')],
    ['https://arxiv.org/pdf/2310.00161', { kind: 'arxiv-pdf', arxivId: '2310.00161' }],
    ['https://arxiv.org/pdf/2310.00161v1', { kind: 'arxiv-pdf', arxivId: '2310.00161', version: 1 }],
    ['https://arxiv.org/pdf/2310.00161.pdf', { kind: 'arxiv-pdf', arxivId: '2310.00161' }],
    ['https://arxiv.org/pdf/2310.00161v3.pdf', { kind: 'arxiv-pdf', arxivId: '2310.00161', version: 3 }],
    ['https://arxiv.org/pdf/hep-th/9901001v1.pdf', { kind: 'arxiv-pdf', arxivId: 'hep-th/9901001', version: 1 }],
    ['https://arxiv.org/html/2604.15597', { kind: 'arxiv-html', arxivId: '2604.15597' }],
    ['https://arxiv.org/html/2604.15597v1/', { kind: 'arxiv-html', arxivId: '2604.15597', version: 1 }],
    ['https://arxiv.org/html/2604.15597v1#S2', { kind: 'arxiv-html', arxivId: '2604.15597', version: 1 }],
    ['https://ar5iv.labs.arxiv.org/html/2201.00020', { kind: 'arxiv-html', arxivId: '2201.00020' }],
    ['https://ar5iv.org/html/math.GT/0309136', { kind: 'arxiv-html', arxivId: 'math/0309136' }],
    ['https://ar5iv.org/abs/1909.11740', { kind: 'arxiv-html', arxivId: '1909.11740' }],
    ['https://arxiv.org/list/cs.CL/new', { kind: 'arxiv-listing' }],
    ['https://arxiv.org/list/cs.CL/recent?skip=25&show=25', { kind: 'arxiv-listing' }],
    ['https://arxiv.org/list/hep-th/pastweek?show=500', { kind: 'arxiv-listing' }],
    ['https://arxiv.org/list/astro-ph.CO/2024-01/', { kind: 'arxiv-listing' }],
    ['https://arxiv.org/list/math/2401', { kind: 'arxiv-listing' }],
    ['https://arxiv.org/search/?query=distributed+systems&searchtype=all', { kind: 'arxiv-search' }],
    ['https://arxiv.org/search/advanced?advanced=&terms-0-term=llm', { kind: 'arxiv-search' }],
    ['https://huggingface.co/papers/2308.08414', { kind: 'hf-paper', arxivId: '2308.08414' }],
    ['https://huggingface.co/papers/2308.08414/?utm=x#community', { kind: 'hf-paper', arxivId: '2308.08414' }],
    ['https://huggingface.co/papers', { kind: 'hf-list' }],
    ['https://huggingface.co/papers/', { kind: 'hf-list' }],
    ['https://huggingface.co/papers/date/2026-06-03', { kind: 'hf-list' }],
    ['https://huggingface.co/papers/week/2026-W23', { kind: 'hf-list' }],
    ['https://huggingface.co/papers/month/2026-06', { kind: 'hf-list' }],
    ['https://huggingface.co/papers/trending', { kind: 'hf-list' }],
    // Impossible ids: never a paper.
    ['https://arxiv.org/abs/2300.00161', null],
    ['https://arxiv.org/abs/2313.00161', null],
    ['https://arxiv.org/abs/1412.00001', null],
    ['https://arxiv.org/abs/1501.0001', null],
    ['https://arxiv.org/abs/0703.0001', null],
    ['https://arxiv.org/abs/2310.00000', null],
    ['https://arxiv.org/abs/2310.00161v0', null],
    ['https://arxiv.org/abs/2310.001612', null],
    ['https://arxiv.org/abs/hep-th/9913001', null],
    ['https://arxiv.org/abs/hep-th/0704001', null],
    ['https://arxiv.org/abs/hep-th/9901000', null],
    ['https://arxiv.org/abs/foo-bar/9901001', null],
    ['https://arxiv.org/abs/HEP-TH/9901001', null],
    ['https://arxiv.org/abs/2310.00161/extra', null],
    ['https://arxiv.org/list/cs.CL/2413', null],
    ['https://arxiv.org/list/cs.CL/whatever', null],
    ['https://huggingface.co/papers/hep-th/9901001', null],
    ['https://huggingface.co/papers/2308.08414v2', null],
    ['https://huggingface.co/papers/date/2026-02-30', null],
    ['https://huggingface.co/papers/week/2026-W54', null],
    ['https://huggingface.co/papers/month/2026-13', null],
    ['ftp://arxiv.org/abs/2310.00161', null],
    ['https://arxiv.org.evil.example/abs/2310.00161', null],
    ['https://notarxiv.org/abs/2310.00161', null],
  ])('%s', (href, expected) => {
    expect(recognisePage(new URL(href))).toEqual(expected);
  });
});
