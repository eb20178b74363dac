/**
 * Everything Paper Lens knows about Hugging Face's paper pages: their URL
 * patterns, DOM selectors, the JSON the server embeds in them, the readers and
 * where the overlay goes. The hosts are `lib/core/hosts.ts`.
 *
 * Each selector names the saved page in `tests/fixtures/pages/` it was checked
 * on; `tests/unit/selectors.test.ts` runs every selector over its page and
 * `tests/unit/page.test.ts` runs the readers over all of them.
 */
import { isNewStyleId } from '../core/arxiv-id';
import { HF_HOSTS } from '../core/hosts';
import { arxivIdFromLink } from './arxiv';
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
  pickId,
  yearOf,
} from './read';
import type { AnchorRule, CheckedSelector, ListingEntry, PageKind, PagePaper, PageRef } from './types';

function validDate(year: string, month: string, day?: string): boolean {
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const d = Number(day);
  return d >= 1 && d <= new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
}

/**
 * What a Hugging Face URL alone tells: a paper page (`/papers/ID`; Hugging Face
 * indexes only new-style ids, without a version) or a list of papers; null for
 * every other page (home, models, datasets).
 *
 * Test URLs: https://huggingface.co/papers/2308.08414#community, https://huggingface.co/papers,
 * https://huggingface.co/papers/date/2026-06-03, https://huggingface.co/papers/week/2026-W23,
 * https://huggingface.co/papers/month/2026-06, https://huggingface.co/papers/trending
 */
export function recogniseHuggingFaceUrl(url: URL): PageRef | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!HF_HOSTS.includes(url.hostname)) return null;
  const path = url.pathname;
  if (/^\/papers(?:\/trending)?\/?$/.test(path)) return { kind: 'hf-list' };
  let m = /^\/papers\/date\/(\d{4})-(\d{2})-(\d{2})\/?$/.exec(path);
  if (m) return validDate(m[1], m[2], m[3]) ? { kind: 'hf-list' } : null;
  m = /^\/papers\/week\/\d{4}-W(\d{2})\/?$/.exec(path);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 53 ? { kind: 'hf-list' } : null;
  m = /^\/papers\/month\/(\d{4})-(\d{2})\/?$/.exec(path);
  if (m) return validDate(m[1], m[2]) ? { kind: 'hf-list' } : null;
  m = /^\/papers\/([^/]+)\/?$/.exec(path);
  if (m && isNewStyleId(m[1])) return { kind: 'hf-paper', arxivId: m[1] };
  return null;
}

/** Synthetic, its shape taken from the live page (SOURCES.md). */
const PAPER = 'hf-paper-2308.08414.html';
/** 42 cards, with the server's JSON. */
const DAILY = 'hf-daily-2026-06-03.html';
/** 10 cards, captured from the live DOM. */
const DAILY_LIVE = 'hf-daily-2026-09-28-live-dom.html';

/** DOM selectors for Hugging Face pages, each with the saved page it was checked on. */
export const HF_SELECTORS = {
  /** The paper as HTML-escaped JSON. */
  paperProps: { selector: 'div.SVELTE_HYDRATER[data-target="PaperContent"][data-props]', page: PAPER },
  /** "View arXiv page" link, a fallback for the id. */
  arxivLink: { selector: 'a[href*="arxiv.org/abs/"]', page: PAPER },
  /** `dailyPapers[i].paper` as JSON. */
  dailyProps: { selector: '[data-target="DailyPapers"][data-props]', page: DAILY, alsoOn: [DAILY_LIVE] },
  /** One card per paper. */
  card: { selector: 'article', page: DAILY, alsoOn: [DAILY_LIVE] },
  /** The card's title, `h3 > a[href="/papers/ID"]`. */
  cardTitleLink: { selector: 'h3 > a[href^="/papers/"]', page: DAILY, alsoOn: [DAILY_LIVE] },
} as const satisfies Record<string, CheckedSelector>;

const HF = HF_SELECTORS;

/** The overlay goes after the paper's heading. */
export const HF_ANCHORS = {
  'hf-paper': [
    { selector: 'main h1', append: 'after', page: PAPER },
    { selector: 'h1', append: 'after', page: PAPER },
  ],
} as const satisfies Partial<Record<PageKind, readonly AnchorRule[]>>;

/** Drops the "Paper page - " prefix of a paper page's `<title>`. */
function stripPaperPagePrefix(text: string): string {
  return text.replace(/^\s*Paper page\s*-\s*/, '');
}

/** A paper as Hugging Face's embedded JSON describes it, fields checked. */
interface HfPaperJson {
  id?: string;
  title?: string;
  summary?: string;
  authors: string[];
  publishedAt?: string;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the `paper` object of Hugging Face's embedded JSON, keeping only fields of
 * the expected type: the JSON is the page's, so nothing about it is trusted.
 */
function readHfPaperJson(value: unknown): HfPaperJson | null {
  if (!value || typeof value !== 'object') return null;
  const paper = value as Record<string, unknown>;
  const authors = Array.isArray(paper.authors)
    ? paper.authors
        .map((a) => (a && typeof a === 'object' ? str((a as Record<string, unknown>).name) : undefined))
        .filter((name): name is string => !!name)
    : [];
  const id = str(paper.id);
  return {
    id: id && isNewStyleId(id) ? id : undefined,
    title: str(paper.title),
    summary: str(paper.summary),
    authors,
    publishedAt: str(paper.publishedAt),
  };
}

/** Parses a `data-props` attribute; null when it is not JSON (a cut or garbled page). */
function parseProps(text: string | null | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The papers of a `DailyPapers` props object (`dailyPapers[i].paper`). */
function readDailyPapersJson(props: Record<string, unknown>): HfPaperJson[] {
  const list = props.dailyPapers;
  if (!Array.isArray(list)) return [];
  const papers: HfPaperJson[] = [];
  for (const item of list) {
    const paper = item && typeof item === 'object' ? readHfPaperJson((item as Record<string, unknown>).paper) : null;
    if (paper) papers.push(paper);
  }
  return papers;
}

/** A paper page (`/papers/ID`): the embedded JSON first, then the arXiv link and `<title>`. */
export function readHfPaperPage(ref: PageRef, doc: Document): PagePaper {
  const props = parseProps(first(doc, HF.paperProps)?.getAttribute('data-props'));
  const json = props ? readHfPaperJson(props.paper) : null;
  const id = pickId(ref, [json?.id ? { id: json.id } : null, arxivIdFromLink(first(doc, HF.arxivLink)?.getAttribute('href'))]);
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

/** A list of papers (daily, weekly, monthly, trending). */
export function readHfList(url: URL, doc: Document): ListingEntry[] {
  // The JSON has the exact titles; the cards are where badges go. A capture of the
  // live DOM may lack the JSON or hold fewer cards than it lists
  // (hf-daily-2026-09-28-live-dom.html): the cards decide what is listed.
  const props = parseProps(first(doc, HF.dailyProps)?.getAttribute('data-props'));
  const titles = new Map<string, string>();
  for (const paper of props ? readDailyPapersJson(props) : []) {
    if (paper.id && paper.title) titles.set(paper.id, paper.title);
  }
  const entries: ListingEntry[] = [];
  for (const card of all(doc, HF.card)) {
    if (entries.length >= MAX_ENTRIES) break;
    const link = first(card, HF.cardTitleLink);
    if (!link) continue;
    const id = idFromUrl(link.getAttribute('href'), url, recogniseHuggingFaceUrl);
    const title = clean((id && titles.get(id.id)) ?? link.textContent, MAX_TITLE);
    // The badge goes inside the card's heading, after the link, not inside the link.
    if (id || title) entries.push(entry(id ? { id: id.id } : null, title, link.parentElement ?? link));
  }
  return entries;
}
