/**
 * Helpers every site's page readers share: text cleaning with caps, picking the
 * id a page offers, and building the plain results. The page is not ours, so
 * each helper tolerates missing or garbled markup.
 */
import { arxivIdYear, type ArxivId } from '../core/arxiv-id';
import type { Anchor, AnchorRule, CheckedSelector, ListingEntry, PagePaper, PageRef } from './types';

// Caps: a page can hold anything, and these strings end up in the UI and the matcher.
export const MAX_TITLE = 1000;
export const MAX_ABSTRACT = 20_000;
const MAX_NAME = 300;
const MAX_AUTHORS = 2000;
export const MAX_ENTRIES = 5000;

/** Folds whitespace and caps the length, without splitting a surrogate pair; undefined when empty. */
export function clean(text: string | null | undefined, max: number): string | undefined {
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

/** The first element matching a checked selector. */
export function first(root: ParentNode, s: CheckedSelector): Element | null {
  return root.querySelector(s.selector);
}

/** Every element matching a checked selector, in document order. */
export function all(root: ParentNode, s: CheckedSelector): Element[] {
  return Array.from(root.querySelectorAll(s.selector));
}

/** The `content` of the first `<meta>` matching `s`. */
export function metaContent(doc: Document, s: CheckedSelector): string | undefined {
  return first(doc, s)?.getAttribute('content') ?? undefined;
}

/** The year a date string starts with (`2023-10-02`, `2023/10/02`). */
export function yearOf(date: string | undefined): number | undefined {
  const m = date ? /^\s*((?:19|20)\d{2})/.exec(date) : null;
  return m ? Number(m[1]) : undefined;
}

/** The id and version a paper URL (from `og:url` or a link) names, read by the site's recogniser. */
export function idFromUrl(href: string | null | undefined, base: URL, recognise: (url: URL) => PageRef | null): ArxivId | null {
  if (!href) return null;
  try {
    const ref = recognise(new URL(href, base));
    if (!ref?.arxivId) return null;
    return ref.version ? { id: ref.arxivId, version: ref.version } : { id: ref.arxivId };
  } catch {
    return null;
  }
}

/** The first id the page offers, else the URL's; the version only from a source naming the same id. */
export function pickId(ref: PageRef, candidates: (ArxivId | null)[]): ArxivId | null {
  const found = candidates.filter((c): c is ArxivId => !!c);
  const id = found[0]?.id ?? ref.arxivId;
  if (!id) return null;
  const versioned =
    found.find((c) => c.id === id && c.version) ?? (ref.arxivId === id && ref.version ? { id, version: ref.version } : undefined);
  return versioned?.version ? { id, version: versioned.version } : { id };
}

/** The paper a page tells, with the year the id encodes when the page gives none. */
export function finish(
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

/** Author names cleaned and capped, empty ones dropped. */
export function cleanAuthors(names: Iterable<string | null | undefined>): string[] {
  const authors: string[] = [];
  for (const name of names) {
    const n = clean(name, MAX_NAME);
    if (n) authors.push(n);
    if (authors.length >= MAX_AUTHORS) break;
  }
  return authors;
}

/** Text of an element without the descendants matching `drop` (footnote marks in a title). */
export function textWithout(el: Element | null, drop?: CheckedSelector): string | undefined {
  if (!el) return undefined;
  if (!drop || !first(el, drop)) return el.textContent ?? undefined;
  const copy = el.cloneNode(true) as Element;
  all(copy, drop).forEach((n) => n.remove());
  return copy.textContent ?? undefined;
}

/** A listing entry; fields only when known. */
export function entry(id: ArxivId | null, title: string | undefined, anchor: Element): ListingEntry {
  const e: ListingEntry = { anchor };
  if (id) e.arxivId = id.id;
  if (title) e.title = title;
  return e;
}

/** The first rule whose selector matches, as an anchor; null when none does. */
export function firstAnchor(rules: readonly AnchorRule[], doc: Document): Anchor | null {
  for (const rule of rules) {
    const element = first(doc, rule);
    if (element) return { element, append: rule.append };
  }
  return null;
}
