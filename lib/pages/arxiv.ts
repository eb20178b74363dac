/**
 * Everything Paper Lens knows about arXiv: the identifier grammar, the URL
 * patterns of its pages and the DOM selectors the page readers use.
 *
 * Each selector names the saved page in `tests/fixtures/pages/` it was checked
 * on; `tests/unit/page.test.ts` runs the readers over all of them.
 */

import type { PageKind, PageRef } from './';

/** A parsed arXiv identifier: the bare id plus the version, when one was given. */
export interface ArxivId {
  /** Bare id, no version, old-style subject class dropped (`math/0309136`). */
  id: string;
  version?: number;
}

/**
 * Archives that issued old-style ids (`archive/YYMMNNN`, 1991 to March 2007),
 * from arXiv's own list. A closed list, so that a path such as `/abs/foo/0101001`
 * is never taken for a paper.
 */
const OLD_ARCHIVES = new Set([
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
]);

// Versions: arXiv numbers them from 1, never with a leading zero; four digits
// is far beyond any real paper and keeps the number exact.
const VERSION = '(?:v([1-9]\\d{0,3}))?';
const NEW_ID = new RegExp(`^(\\d{2})(\\d{2})\\.(\\d{4,5})${VERSION}$`);
// The optional `.SC` subject class (`math.GT/0309136`) is part of some URLs but
// not of the id itself.
const OLD_ID = new RegExp(`^([a-z]+(?:-[a-z]+)?)(?:\\.[A-Za-z][A-Za-z-]{0,15})?/(\\d{2})(\\d{2})(\\d{3})${VERSION}$`);

/**
 * Parses `2310.00161`, `2310.00161v2`, `hep-th/9901001v1` or `math.GT/0309136`.
 * Returns null for anything arXiv could not have issued: month 00 or above 12,
 * a 5-digit number before 1501 or a 4-digit one from 1501 on, a new-style id
 * before 0704, an old-style id outside 1991-07..2007-03 or from an unknown archive.
 */
export function parseArxivId(text: string): ArxivId | null {
  const m = NEW_ID.exec(text);
  if (m) {
    const yy = Number(m[1]);
    const mm = Number(m[2]);
    const yymm = yy * 100 + mm;
    if (mm < 1 || mm > 12 || yymm < 704) return null;
    // arXiv went from 4 to 5 digits with January 2015.
    if ((m[3].length === 5) !== yymm >= 1501) return null;
    if (Number(m[3]) === 0) return null;
    return withVersion(`${m[1]}${m[2]}.${m[3]}`, m[4]);
  }
  const o = OLD_ID.exec(text);
  if (o) {
    if (!OLD_ARCHIVES.has(o[1])) return null;
    const yy = Number(o[2]);
    const mm = Number(o[3]);
    if (mm < 1 || mm > 12 || Number(o[4]) === 0) return null;
    const year = yy >= 91 ? 1900 + yy : 2000 + yy;
    const ym = year * 100 + mm;
    if (ym < 199107 || ym > 200703) return null;
    return withVersion(`${o[1]}/${o[2]}${o[3]}${o[4]}`, o[5]);
  }
  return null;
}

function withVersion(id: string, version: string | undefined): ArxivId {
  return version ? { id, version: Number(version) } : { id };
}

/** True for a possible new-style id without version (`YYMM.NNNNN`), the only kind Hugging Face indexes. */
export function isNewStyleId(id: string): boolean {
  const parsed = parseArxivId(id);
  return parsed !== null && parsed.id === id && !parsed.id.includes('/');
}

/**
 * The year of a paper's first version, which the id itself encodes. Used when a
 * page gives no date (HTML renderings, PDFs).
 */
export function arxivIdYear(id: string): number | undefined {
  const parsed = parseArxivId(id);
  if (!parsed) return undefined;
  const slash = parsed.id.indexOf('/');
  const yy = Number(parsed.id.slice(slash + 1, slash + 3));
  return yy >= 91 ? 1900 + yy : 2000 + yy;
}

/** Hosts that serve arXiv's own pages. */
export const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org', 'browse.arxiv.org']);

/** Hosts of ar5iv, arXiv's older HTML rendering (recognised even where the extension does not run). */
export const AR5IV_HOSTS = new Set(['ar5iv.labs.arxiv.org', 'ar5iv.org', 'www.ar5iv.org']);

// Categories: `cs.CL`, `hep-th`, `astro-ph.CO`, `q-bio.NC`, `physics.acc-ph`.
const CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?$/;

/** True for a listing period arXiv serves: `new`, `recent`, `pastweek`, `current`, `YYYY-MM`, `YYMM`, `YYYY`. */
function isListingPeriod(period: string): boolean {
  if (/^(?:new|recent|pastweek|current)$/.test(period)) return true;
  const ym = /^(?:\d{2}(\d{2})-|\d{2})(\d{2})$/.exec(period);
  if (ym) {
    const mm = Number(ym[2]);
    return mm >= 1 && mm <= 12;
  }
  return /^(?:19|20)\d{2}$/.test(period);
}

function paperRef(kind: PageKind, idText: string): PageRef | null {
  const parsed = parseArxivId(idText);
  if (!parsed) return null;
  return parsed.version ? { kind, arxivId: parsed.id, version: parsed.version } : { kind, arxivId: parsed.id };
}

/**
 * What an arXiv or ar5iv URL alone tells; null for any other page (home, help,
 * author pages) and for paths whose id arXiv could not have issued.
 *
 * Test URLs: https://arxiv.org/abs/2609.22268, https://export.arxiv.org/abs/hep-th/9901001v1,
 * https://arxiv.org/pdf/2310.00161v2.pdf, https://arxiv.org/html/2604.15597v1/,
 * https://ar5iv.labs.arxiv.org/html/2201.00020, https://arxiv.org/list/cs.CL/new?skip=0&show=25,
 * https://arxiv.org/search/?searchtype=abstract&query=distributed+systems
 */
export function recogniseArxivUrl(url: URL): PageRef | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const path = url.pathname;
  if (AR5IV_HOSTS.has(url.hostname)) {
    // ar5iv serves /html/ID and redirects /abs/ID to it.
    const m = /^\/(?:html|abs)\/(.+?)\/?$/.exec(path);
    return m ? paperRef('arxiv-html', m[1]) : null;
  }
  if (!ARXIV_HOSTS.has(url.hostname)) return null;
  let m = /^\/abs\/(.+?)\/?$/.exec(path);
  if (m) return paperRef('arxiv-abs', m[1]);
  m = /^\/pdf\/(.+?)(?:\.pdf)?\/?$/.exec(path);
  if (m) return paperRef('arxiv-pdf', m[1]);
  m = /^\/html\/(.+?)\/?$/.exec(path);
  if (m) return paperRef('arxiv-html', m[1]);
  m = /^\/list\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (m) return CATEGORY.test(m[1]) && isListingPeriod(m[2]) ? { kind: 'arxiv-listing' } : null;
  // The bare search form shows no results, so only a URL with a query is a results page.
  if (/^\/search(?:\/advanced|\/[a-z-]+)?\/?$/.test(path) && url.search.length > 1) {
    return { kind: 'arxiv-search' };
  }
  return null;
}

/** DOM selectors for arXiv pages, each with the saved page it was checked on. */
export const ARXIV_SELECTORS = {
  /** `<meta name=…>` of abs pages: arxiv-abs-2609.22268v1.html, arxiv-abs-2106.09608v2.html, arxiv-abs-1902.02534v2-headonly.html. */
  citationArxivId: 'meta[name="citation_arxiv_id"]',
  citationTitle: 'meta[name="citation_title"]',
  citationAuthor: 'meta[name="citation_author"]',
  citationDate: 'meta[name="citation_date"]',
  citationAbstract: 'meta[name="citation_abstract"]',
  /** Names the version shown (`…/abs/IDvN`): arxiv-abs-1902.02534v2-headonly.html, arxiv-abs-2609.22268v1.html; ar5iv's names its /html URL: ar5iv-html-2201.00020.html. */
  ogUrl: 'meta[property="og:url"]',
  ogTitle: 'meta[property="og:title"]',
  ogDescription: 'meta[property="og:description"]',
  /** `h1.title` starting with a "Title:" descriptor: arxiv-abs-2609.22268v1.html, arxiv-abs-2106.09608v2.html. */
  absTitle: 'h1.title',
  /** arxiv-abs-2609.22268v1.html, arxiv-abs-2106.09608v2.html. */
  absAuthors: 'div.authors a',
  absAbstract: 'blockquote.abstract',
  /** "arXiv:2604.15597v1 [cs.CL] 17 Apr 2026": arxiv-html-2604.15597v1.html. */
  htmlWatermark: '#watermark-tr',
  /** href="/abs/2604.15597v1": arxiv-html-2604.15597v1.html. */
  htmlBackToAbstract: 'a[title="Back to abstract page"]',
  /** "View original on arXiv", href="https://arxiv.org/abs/2201.00020": ar5iv-html-2201.00020.html. */
  ar5ivOriginal: 'a.ar5iv-text-button[href*="arxiv.org/abs/"]',
  /** LaTeXML's document title (may hold footnote marks in `.ltx_note`): arxiv-html-2604.15597v1.html, ar5iv-html-2201.00020.html. */
  htmlTitle: 'h1.ltx_title_document',
  htmlTitleNotes: '.ltx_note',
  /** arxiv-html-2604.15597v1.html, ar5iv-html-2201.00020.html. */
  htmlAbstract: '.ltx_abstract p',
  /** Listing entries, one `dl#articles` per section (the id repeats): arxiv-list-cs.CL-new.html (synthetic, shape from SOURCES.md). */
  listingEntry: 'dl#articles > dt',
  /** `<a href="/abs/ID" title="Abstract" id="ID">arXiv:ID</a>`: arxiv-list-cs.CL-new.html. */
  listingIdLink: 'a[title="Abstract"]',
  /** `div.list-title` inside `dd > div.meta`, starting with "Title:": arxiv-list-cs.CL-new.html. */
  listingTitle: 'div.meta .list-title',
  /** 200 per page: arxiv-search-abstract-distributed-systems.html. */
  searchResult: 'li.arxiv-result',
  /** `p.list-title > a` to https://arxiv.org/abs/ID: arxiv-search-abstract-distributed-systems.html. */
  searchIdLink: 'p.list-title > a[href*="/abs/"]',
  searchTitle: 'p.title',
  /** Where the overlay goes on an abs page, in order of preference: after the author line, after the title, first in `#abs`: arxiv-abs-2609.22268v1.html, arxiv-abs-2106.09608v2.html. */
  absOverlayAfter: ['#abs .authors', 'h1.title'],
  absOverlayFirstIn: '#abs',
  /** The same on an HTML rendering: after LaTeXML's author block, after its title, first in the page: arxiv-html-2604.15597v1.html. */
  htmlOverlayAfter: ['.ltx_page_main .ltx_authors', 'h1.ltx_title_document'],
  htmlOverlayFirstIn: '.ltx_page_main',
} as const;

/** Drops the "Title:" / "Abstract:" descriptor arXiv puts before a field's text. */
export function stripDescriptor(text: string): string {
  return text.replace(/^\s*(?:Title|Abstract)\s*:\s*/i, '');
}

/** Drops the `[ID] ` / `[IDvN] ` prefix of an abs or ar5iv `<title>`. */
export function stripIdPrefix(text: string): string {
  return text.replace(/^\s*\[[^\]\s]{1,60}\]\s*/, '');
}

/** The id (and version) in a watermark such as "arXiv:2604.15597v1 [cs.CL] 17 Apr 2026". */
export function idFromWatermark(text: string): ArxivId | null {
  const m = /arXiv:(\S+)/.exec(text);
  return m ? parseArxivId(m[1]) : null;
}

/** Turns a `citation_author` "Last, First" into "First Last"; other shapes stay as they are. */
export function citationAuthorName(name: string): string {
  const parts = name.split(',');
  if (parts.length !== 2) return name.trim();
  const last = parts[0].trim();
  const first = parts[1].trim();
  return first && last ? `${first} ${last}` : first || last;
}
