/**
 * What Paper Lens reads from the page the user is on: which kind of page it is,
 * which paper a paper page shows, which papers a list shows. Pure functions of a
 * `URL` and a `Document`, using standard DOM APIs only (they run in content
 * scripts); site knowledge lives in `lib/pages/`.
 *
 * The page is not ours: every reader tolerates missing or garbled markup and
 * returns null or partial data rather than throwing.
 */

import {
  ARXIV_SELECTORS as AX,
  arxivIdYear,
  citationAuthorName,
  idFromWatermark,
  parseArxivId,
  recogniseArxivUrl,
  stripDescriptor,
  stripIdPrefix,
  type ArxivId,
} from './arxiv';
import {
  HF_SELECTORS as HF,
  parseProps,
  readDailyPapersJson,
  readHfPaperJson,
  recogniseHuggingFaceUrl,
  stripPaperPagePrefix,
} from './huggingface';

/** The kinds of page Paper Lens knows. */
export type PageKind = 'arxiv-abs' | 'arxiv-pdf' | 'arxiv-html' | 'arxiv-listing' | 'arxiv-search' | 'hf-paper' | 'hf-list';

/** What the URL alone tells. null for pages that are not paper pages (arXiv home, help pages, HF home...). */
export interface PageRef {
  kind: PageKind;
  /** Bare arXiv id (no version, no old-style subject class), on paper pages. */
  arxivId?: string;
  /** The version the URL asks for, when it names one. */
  version?: number;
}

/** What a paper page tells about its paper (abs, pdf, html, hf-paper). */
export interface PagePaper {
  arxivId?: string;
  version?: number;
  title?: string;
  abstract?: string;
  authors: string[];
  year?: number;
}

/** Entries of a listing/search/HF list page; `anchor` is the entry's title element, whose last child the badge becomes (the id link when an entry shows no title). */
export interface ListingEntry {
  arxivId?: string;
  title?: string;
  anchor: Element;
}

// Caps: a page can hold anything, and these strings end up in the UI and the matcher.
const MAX_TITLE = 1000;
const MAX_ABSTRACT = 20_000;
const MAX_NAME = 300;
const MAX_AUTHORS = 2000;
const MAX_ENTRIES = 5000;

/**
 * Recognises a paper page or a list of papers from its URL alone. Never throws;
 * returns null for every other page and for ids arXiv could not have issued.
 */
export function recognisePage(url: URL): PageRef | null {
  try {
    return recogniseArxivUrl(url) ?? recogniseHuggingFaceUrl(url);
  } catch {
    return null;
  }
}

/**
 * What a paper page tells about its paper. Prefers structured data (`citation_*`
 * meta, `og:url`, the JSON in `data-props`) over CSS classes, and the page over
 * the URL. null for pages that are not paper pages.
 */
export function readPaperPage(url: URL, doc: Document): PagePaper | null {
  const ref = recognisePage(url);
  if (!ref) return null;
  try {
    switch (ref.kind) {
      case 'arxiv-abs':
        return readAbsPage(ref, doc);
      case 'arxiv-html':
        return readHtmlPage(ref, doc);
      case 'arxiv-pdf':
        // A PDF has no DOM of ours to read: its viewer's title is a file name.
        return finish({ id: ref.arxivId, version: ref.version }, { authors: [] });
      case 'hf-paper':
        return readHfPaperPage(ref, doc);
      default:
        return null;
    }
  } catch {
    // Only the URL is trustworthy when the page defeats the readers.
    return finish({ id: ref.arxivId, version: ref.version }, { authors: [] });
  }
}

/**
 * The papers a listing, search-results or Hugging Face list page shows, in page
 * order, each with the element a badge goes after. [] for other pages.
 */
export function readListing(url: URL, doc: Document): ListingEntry[] {
  const ref = recognisePage(url);
  if (!ref) return [];
  try {
    switch (ref.kind) {
      case 'arxiv-listing':
        return readArxivListing(url, doc);
      case 'arxiv-search':
        return readArxivSearch(url, doc);
      case 'hf-list':
        return readHfList(url, doc);
      default:
        return [];
    }
  } catch {
    return [];
  }
}

/** Folds whitespace and caps the length, without splitting a surrogate pair; undefined when empty. */
function clean(text: string | null | undefined, max: number): string | undefined {
  if (text == null) return undefined;
  // Cut before folding so that a page with a megabyte of title costs nothing.
  let t = text
    .slice(0, max * 4)
    // A lone surrogate (a page's broken text, or our cut above) is not text: it becomes U+FFFD.
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\s+/g, ' ')
    .trim();
  if (t.length > max) {
    t = t.slice(0, max);
    if (/[\uD800-\uDBFF]$/.test(t)) t = t.slice(0, -1);
    t = t.trimEnd();
  }
  return t || undefined;
}

function metaContent(doc: Document, selector: string): string | undefined {
  return doc.querySelector(selector)?.getAttribute('content') ?? undefined;
}

function yearOf(date: string | undefined): number | undefined {
  const m = date ? /^\s*((?:19|20)\d{2})/.exec(date) : null;
  return m ? Number(m[1]) : undefined;
}

/** The id and version an abs-page URL (from `og:url` or a link) names. */
function idFromUrl(href: string | null | undefined, base: URL): ArxivId | null {
  if (!href) return null;
  try {
    const ref = recognisePage(new URL(href, base));
    if (!ref?.arxivId) return null;
    return ref.version ? { id: ref.arxivId, version: ref.version } : { id: ref.arxivId };
  } catch {
    return null;
  }
}

/** The first id the page offers, else the URL's; the version only from a source naming the same id. */
function pickId(ref: PageRef, candidates: (ArxivId | null)[]): ArxivId | null {
  const found = candidates.filter((c): c is ArxivId => !!c);
  const id = found[0]?.id ?? ref.arxivId;
  if (!id) return null;
  const versioned =
    found.find((c) => c.id === id && c.version) ?? (ref.arxivId === id && ref.version ? { id, version: ref.version } : undefined);
  return versioned?.version ? { id, version: versioned.version } : { id };
}

function finish(
  id: { id?: string; version?: number } | null,
  fields: { title?: string; abstract?: string; authors: string[]; year?: number },
): PagePaper {
  const paper: PagePaper = { authors: fields.authors };
  if (id?.id) paper.arxivId = id.id;
  if (id?.version) paper.version = id.version;
  if (fields.title) paper.title = fields.title;
  if (fields.abstract) paper.abstract = fields.abstract;
  const year = fields.year ?? (id?.id ? arxivIdYear(id.id) : undefined);
  if (year) paper.year = year;
  return paper;
}

function cleanAuthors(names: Iterable<string | null | undefined>): string[] {
  const authors: string[] = [];
  for (const name of names) {
    const n = clean(name, MAX_NAME);
    if (n) authors.push(n);
    if (authors.length >= MAX_AUTHORS) break;
  }
  return authors;
}

/** Text of an element without the descendants matching `drop` (footnote marks in a title). */
function textWithout(el: Element | null, drop?: string): string | undefined {
  if (!el) return undefined;
  if (!drop || !el.querySelector(drop)) return el.textContent ?? undefined;
  const copy = el.cloneNode(true) as Element;
  copy.querySelectorAll(drop).forEach((n) => n.remove());
  return copy.textContent ?? undefined;
}

function readAbsPage(ref: PageRef, doc: Document): PagePaper {
  const citationId = metaContent(doc, AX.citationArxivId);
  const id = pickId(ref, [
    citationId ? parseArxivId(citationId.trim()) : null,
    idFromUrl(metaContent(doc, AX.ogUrl), new URL('https://arxiv.org/')),
  ]);
  const title =
    clean(metaContent(doc, AX.citationTitle), MAX_TITLE) ??
    clean(metaContent(doc, AX.ogTitle), MAX_TITLE) ??
    clean(stripDescriptor(doc.querySelector(AX.absTitle)?.textContent ?? ''), MAX_TITLE) ??
    clean(stripIdPrefix(doc.title), MAX_TITLE);
  const abstract =
    clean(metaContent(doc, AX.citationAbstract), MAX_ABSTRACT) ??
    clean(metaContent(doc, AX.ogDescription), MAX_ABSTRACT) ??
    clean(stripDescriptor(doc.querySelector(AX.absAbstract)?.textContent ?? ''), MAX_ABSTRACT);
  let authors = cleanAuthors(
    Array.from(doc.querySelectorAll(AX.citationAuthor), (m) => citationAuthorName(m.getAttribute('content') ?? '')),
  );
  if (!authors.length) authors = cleanAuthors(Array.from(doc.querySelectorAll(AX.absAuthors), (a) => a.textContent));
  return finish(id, { title, abstract, authors, year: yearOf(metaContent(doc, AX.citationDate)) });
}

function readHtmlPage(ref: PageRef, doc: Document): PagePaper {
  const base = new URL('https://arxiv.org/');
  const watermark = doc.querySelector(AX.htmlWatermark)?.textContent;
  const id = pickId(ref, [
    watermark ? idFromWatermark(watermark) : null,
    idFromUrl(doc.querySelector(AX.htmlBackToAbstract)?.getAttribute('href'), base),
    idFromUrl(doc.querySelector(AX.ar5ivOriginal)?.getAttribute('href'), base),
  ]);
  // `<title>` is plain text; the h1 may hold footnote marks and rendered math.
  const title =
    clean(stripIdPrefix(doc.title), MAX_TITLE) ??
    clean(textWithout(doc.querySelector(AX.htmlTitle), AX.htmlTitleNotes), MAX_TITLE);
  const abstract = clean(Array.from(doc.querySelectorAll(AX.htmlAbstract), (p) => p.textContent ?? '').join(' '), MAX_ABSTRACT);
  // LaTeXML mixes names, affiliations and e-mails in one element: no reliable author list.
  return finish(id, { title, abstract, authors: [] });
}

function readHfPaperPage(ref: PageRef, doc: Document): PagePaper {
  const props = parseProps(doc.querySelector(HF.paperProps)?.getAttribute('data-props'));
  const json = props ? readHfPaperJson(props.paper) : null;
  const id = pickId(ref, [
    json?.id ? { id: json.id } : null,
    idFromUrl(doc.querySelector(HF.arxivLink)?.getAttribute('href'), new URL('https://arxiv.org/')),
  ]);
  // Hugging Face shows no versions: a version read from the arXiv link would be a guess.
  const bare = id ? { id: id.id } : null;
  const title = clean(json?.title, MAX_TITLE) ?? clean(stripPaperPagePrefix(doc.title), MAX_TITLE);
  return finish(bare, {
    title,
    abstract: clean(json?.summary, MAX_ABSTRACT),
    authors: cleanAuthors(json?.authors ?? []),
    year: yearOf(json?.publishedAt),
  });
}

function entry(id: ArxivId | null, title: string | undefined, anchor: Element): ListingEntry {
  const e: ListingEntry = { anchor };
  if (id) e.arxivId = id.id;
  if (title) e.title = title;
  return e;
}

function readArxivListing(url: URL, doc: Document): ListingEntry[] {
  const entries: ListingEntry[] = [];
  for (const dt of Array.from(doc.querySelectorAll(AX.listingEntry))) {
    if (entries.length >= MAX_ENTRIES) break;
    const link = dt.querySelector(AX.listingIdLink);
    const id =
      idFromUrl(link?.getAttribute('href'), url) ??
      parseArxivId(link?.getAttribute('id') ?? '') ??
      parseArxivId((link?.textContent ?? '').trim().replace(/^arXiv:/, ''));
    const dd = dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : null;
    const titleEl = dd?.querySelector(AX.listingTitle);
    const title = clean(stripDescriptor(titleEl?.textContent ?? ''), MAX_TITLE);
    if (id || title) entries.push(entry(id, title, titleEl ?? link ?? dt));
  }
  return entries;
}

function readArxivSearch(url: URL, doc: Document): ListingEntry[] {
  const entries: ListingEntry[] = [];
  for (const li of Array.from(doc.querySelectorAll(AX.searchResult))) {
    if (entries.length >= MAX_ENTRIES) break;
    const link = li.querySelector(AX.searchIdLink);
    const titleEl = li.querySelector(AX.searchTitle);
    const id = idFromUrl(link?.getAttribute('href'), url);
    const title = clean(titleEl?.textContent, MAX_TITLE);
    const anchor = titleEl ?? link;
    if (anchor && (id || title)) entries.push(entry(id, title, anchor));
  }
  return entries;
}

function readHfList(url: URL, doc: Document): ListingEntry[] {
  // The JSON has the exact titles; the cards are where badges go. A capture of the
  // live DOM may lack the JSON or hold fewer cards than it lists
  // (hf-daily-2026-09-28-live-dom.html): the cards decide what is listed.
  const props = parseProps(doc.querySelector(HF.dailyProps)?.getAttribute('data-props'));
  const titles = new Map<string, string>();
  for (const paper of props ? readDailyPapersJson(props) : []) {
    if (paper.id && paper.title) titles.set(paper.id, paper.title);
  }
  const entries: ListingEntry[] = [];
  for (const card of Array.from(doc.querySelectorAll(HF.card))) {
    if (entries.length >= MAX_ENTRIES) break;
    const link = card.querySelector(HF.cardTitleLink);
    if (!link) continue;
    const id = idFromUrl(link.getAttribute('href'), url);
    const title = clean((id && titles.get(id.id)) ?? link.textContent, MAX_TITLE);
    // The badge goes inside the card's heading, after the link, not inside the link.
    if (id || title) entries.push(entry(id ? { id: id.id } : null, title, link.parentElement ?? link));
  }
  return entries;
}
