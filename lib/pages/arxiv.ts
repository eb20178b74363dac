/**
 * Everything Paper Lens knows about arXiv's pages (and ar5iv's): their URL
 * patterns, the DOM selectors, the readers that use them and where the overlay
 * goes. The id grammar is `lib/core/arxiv-id.ts`, the hosts `lib/core/hosts.ts`.
 *
 * Each selector names the saved page in `tests/fixtures/pages/` it was checked
 * on; `tests/unit/selectors.test.ts` runs every selector over its page and
 * `tests/unit/page.test.ts` runs the readers over all of them.
 */
import { parseArxivId, type ArxivId } from '../core/arxiv-id';
import { AR5IV_HOSTS, ARXIV_HOSTS } from '../core/hosts';
import {
  all,
  clean,
  cleanAuthors,
  entry,
  finish,
  first,
  idFromUrl,
  MAX_ABSTRACT,
  MAX_ENTRIES,
  MAX_TITLE,
  metaContent,
  pickId,
  textWithout,
  yearOf,
} from './read';
import type { AnchorRule, CheckedSelector, ListingEntry, PageKind, PagePaper, PageRef } from './types';

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
  if (AR5IV_HOSTS.includes(url.hostname)) {
    // ar5iv serves /html/ID and redirects /abs/ID to it.
    const m = /^\/(?:html|abs)\/(.+?)\/?$/.exec(path);
    return m ? paperRef('arxiv-html', m[1]) : null;
  }
  if (!ARXIV_HOSTS.includes(url.hostname)) return null;
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

const ABS = 'arxiv-abs-2609.22268v1.html';
const ABS_OLD_LAYOUT = 'arxiv-abs-2106.09608v2.html';
const ABS_HEAD_ONLY = 'arxiv-abs-1902.02534v2-headonly.html';
const HTML = 'arxiv-html-2604.15597v1.html';
const AR5IV = 'ar5iv-html-2201.00020.html';
/** Synthetic, its shape taken from the live page (SOURCES.md). */
const LISTING = 'arxiv-list-cs.CL-new.html';
const SEARCH = 'arxiv-search-abstract-distributed-systems.html';

/** DOM selectors for arXiv pages, each with the saved page it was checked on. */
export const ARXIV_SELECTORS = {
  /** `<meta name=…>` of abs pages, also in a page cut after its head. */
  citationArxivId: { selector: 'meta[name="citation_arxiv_id"]', page: ABS, alsoOn: [ABS_OLD_LAYOUT, ABS_HEAD_ONLY] },
  citationTitle: { selector: 'meta[name="citation_title"]', page: ABS, alsoOn: [ABS_OLD_LAYOUT, ABS_HEAD_ONLY] },
  citationAuthor: { selector: 'meta[name="citation_author"]', page: ABS, alsoOn: [ABS_OLD_LAYOUT, ABS_HEAD_ONLY] },
  citationDate: { selector: 'meta[name="citation_date"]', page: ABS, alsoOn: [ABS_OLD_LAYOUT, ABS_HEAD_ONLY] },
  citationAbstract: { selector: 'meta[name="citation_abstract"]', page: ABS, alsoOn: [ABS_OLD_LAYOUT, ABS_HEAD_ONLY] },
  /** Names the version shown (`…/abs/IDvN`); ar5iv's names its /html URL. */
  ogUrl: { selector: 'meta[property="og:url"]', page: ABS_HEAD_ONLY, alsoOn: [ABS, AR5IV] },
  ogTitle: { selector: 'meta[property="og:title"]', page: ABS, alsoOn: [AR5IV] },
  ogDescription: { selector: 'meta[property="og:description"]', page: ABS, alsoOn: [AR5IV] },
  /** `h1.title`, starting with a "Title:" descriptor, in both abs layouts. */
  absTitle: { selector: 'h1.title', page: ABS, alsoOn: [ABS_OLD_LAYOUT] },
  absAuthors: { selector: 'div.authors a', page: ABS, alsoOn: [ABS_OLD_LAYOUT] },
  absAbstract: { selector: 'blockquote.abstract', page: ABS, alsoOn: [ABS_OLD_LAYOUT] },
  /** "arXiv:2604.15597v1 [cs.CL] 17 Apr 2026". */
  htmlWatermark: { selector: '#watermark-tr', page: HTML },
  /** href="/abs/2604.15597v1". */
  htmlBackToAbstract: { selector: 'a[title="Back to abstract page"]', page: HTML },
  /** "View original on arXiv", href="https://arxiv.org/abs/2201.00020". */
  ar5ivOriginal: { selector: 'a.ar5iv-text-button[href*="arxiv.org/abs/"]', page: AR5IV },
  /** LaTeXML's document title (may hold footnote marks, `.ltx_note`). */
  htmlTitle: { selector: 'h1.ltx_title_document', page: HTML, alsoOn: [AR5IV] },
  htmlTitleNotes: { selector: '.ltx_note', page: HTML },
  htmlAbstract: { selector: '.ltx_abstract p', page: HTML, alsoOn: [AR5IV] },
  /** Listing entries, one `dl#articles` per section (the id repeats). */
  listingEntry: { selector: 'dl#articles > dt', page: LISTING },
  /** `<a href="/abs/ID" title="Abstract" id="ID">arXiv:ID</a>`. */
  listingIdLink: { selector: 'a[title="Abstract"]', page: LISTING },
  /** `div.list-title` inside `dd > div.meta`, starting with "Title:". */
  listingTitle: { selector: 'div.meta .list-title', page: LISTING },
  /** 200 per page. */
  searchResult: { selector: 'li.arxiv-result', page: SEARCH },
  /** `p.list-title > a` to https://arxiv.org/abs/ID. */
  searchIdLink: { selector: 'p.list-title > a[href*="/abs/"]', page: SEARCH },
  searchTitle: { selector: 'p.title', page: SEARCH },
} as const satisfies Record<string, CheckedSelector>;

const AX = ARXIV_SELECTORS;

/**
 * Where the overlay goes, in order of preference: on an abs page after the
 * author line, after the title, first in `#abs`; on an HTML rendering after
 * LaTeXML's author block, after its title, first in the page.
 */
export const ARXIV_ANCHORS = {
  'arxiv-abs': [
    { selector: '#abs .authors', append: 'after', page: ABS, alsoOn: [ABS_OLD_LAYOUT] },
    { selector: 'h1.title', append: 'after', page: ABS, alsoOn: [ABS_OLD_LAYOUT] },
    { selector: '#abs', append: 'first', page: ABS, alsoOn: [ABS_OLD_LAYOUT] },
  ],
  'arxiv-html': [
    { selector: '.ltx_page_main .ltx_authors', append: 'after', page: HTML, alsoOn: [AR5IV] },
    { selector: 'h1.ltx_title_document', append: 'after', page: HTML, alsoOn: [AR5IV] },
    { selector: '.ltx_page_main', append: 'first', page: HTML, alsoOn: [AR5IV] },
  ],
} as const satisfies Partial<Record<PageKind, readonly AnchorRule[]>>;

/** Drops the "Title:" / "Abstract:" descriptor arXiv puts before a field's text. */
function stripDescriptor(text: string): string {
  return text.replace(/^\s*(?:Title|Abstract)\s*:\s*/i, '');
}

/** Drops the `[ID] ` / `[IDvN] ` prefix of an abs or ar5iv `<title>`. */
function stripIdPrefix(text: string): string {
  return text.replace(/^\s*\[[^\]\s]{1,60}\]\s*/, '');
}

/** The id (and version) in a watermark such as "arXiv:2604.15597v1 [cs.CL] 17 Apr 2026". */
function idFromWatermark(text: string): ArxivId | null {
  const m = /arXiv:(\S+)/.exec(text);
  return m ? parseArxivId(m[1]) : null;
}

/** Turns a `citation_author` "Last, First" into "First Last"; other shapes stay as they are. */
function citationAuthorName(name: string): string {
  const parts = name.split(',');
  if (parts.length !== 2) return name.trim();
  const last = parts[0].trim();
  const first = parts[1].trim();
  return first && last ? `${first} ${last}` : first || last;
}

/** The id an arXiv link names (abs, pdf, html, ar5iv), relative to `base`. */
export function arxivIdFromLink(href: string | null | undefined, base: URL = new URL('https://arxiv.org/')): ArxivId | null {
  return idFromUrl(href, base, recogniseArxivUrl);
}

/** An abs page: `citation_*` meta first, then Open Graph, then the visible text. */
export function readAbsPage(ref: PageRef, doc: Document): PagePaper {
  const citationId = metaContent(doc, AX.citationArxivId);
  const id = pickId(ref, [citationId ? parseArxivId(citationId.trim()) : null, arxivIdFromLink(metaContent(doc, AX.ogUrl))]);
  const title =
    clean(metaContent(doc, AX.citationTitle), MAX_TITLE) ??
    clean(metaContent(doc, AX.ogTitle), MAX_TITLE) ??
    clean(stripDescriptor(first(doc, AX.absTitle)?.textContent ?? ''), MAX_TITLE) ??
    clean(stripIdPrefix(doc.title), MAX_TITLE);
  const abstract =
    clean(metaContent(doc, AX.citationAbstract), MAX_ABSTRACT) ??
    clean(metaContent(doc, AX.ogDescription), MAX_ABSTRACT) ??
    clean(stripDescriptor(first(doc, AX.absAbstract)?.textContent ?? ''), MAX_ABSTRACT);
  let authors = cleanAuthors(all(doc, AX.citationAuthor).map((m) => citationAuthorName(m.getAttribute('content') ?? '')));
  if (!authors.length) authors = cleanAuthors(all(doc, AX.absAuthors).map((a) => a.textContent));
  return finish(id, { title, abstract, authors, year: yearOf(metaContent(doc, AX.citationDate)) });
}

/** An HTML rendering (arXiv's or ar5iv's LaTeXML output). */
export function readHtmlPage(ref: PageRef, doc: Document): PagePaper {
  const watermark = first(doc, AX.htmlWatermark)?.textContent;
  const id = pickId(ref, [
    watermark ? idFromWatermark(watermark) : null,
    arxivIdFromLink(first(doc, AX.htmlBackToAbstract)?.getAttribute('href')),
    arxivIdFromLink(first(doc, AX.ar5ivOriginal)?.getAttribute('href')),
  ]);
  // `<title>` is plain text; the h1 may hold footnote marks and rendered math.
  const title =
    clean(stripIdPrefix(doc.title), MAX_TITLE) ?? clean(textWithout(first(doc, AX.htmlTitle), AX.htmlTitleNotes), MAX_TITLE);
  const abstract = clean(
    all(doc, AX.htmlAbstract)
      .map((p) => p.textContent ?? '')
      .join(' '),
    MAX_ABSTRACT,
  );
  // LaTeXML mixes names, affiliations and e-mails in one element: no reliable author list.
  return finish(id, { title, abstract, authors: [] });
}

/** A category listing (`/list/cs.CL/new`). */
export function readArxivListing(url: URL, doc: Document): ListingEntry[] {
  const entries: ListingEntry[] = [];
  for (const dt of all(doc, AX.listingEntry)) {
    if (entries.length >= MAX_ENTRIES) break;
    const link = first(dt, AX.listingIdLink);
    const id =
      arxivIdFromLink(link?.getAttribute('href'), url) ??
      parseArxivId(link?.getAttribute('id') ?? '') ??
      parseArxivId((link?.textContent ?? '').trim().replace(/^arXiv:/, ''));
    const dd = dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : null;
    const titleEl = dd ? first(dd, AX.listingTitle) : null;
    const title = clean(stripDescriptor(titleEl?.textContent ?? ''), MAX_TITLE);
    if (id || title) entries.push(entry(id, title, titleEl ?? link ?? dt));
  }
  return entries;
}

/** A search-results page. */
export function readArxivSearch(url: URL, doc: Document): ListingEntry[] {
  const entries: ListingEntry[] = [];
  for (const li of all(doc, AX.searchResult)) {
    if (entries.length >= MAX_ENTRIES) break;
    const link = first(li, AX.searchIdLink);
    const titleEl = first(li, AX.searchTitle);
    const id = arxivIdFromLink(link?.getAttribute('href'), url);
    const title = clean(titleEl?.textContent, MAX_TITLE);
    const anchor = titleEl ?? link;
    if (anchor && (id || title)) entries.push(entry(id, title, anchor));
  }
  return entries;
}
