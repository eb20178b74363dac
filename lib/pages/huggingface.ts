/**
 * Everything Paper Lens knows about Hugging Face's paper pages: their URL
 * patterns, DOM selectors and the JSON the server embeds in them.
 *
 * Each selector names the saved page in `tests/fixtures/pages/` it was checked
 * on; `tests/unit/page.test.ts` runs the readers over all of them.
 */

import type { PageRef } from './';
import { isNewStyleId } from './arxiv';

/** Hosts that serve Hugging Face's paper pages. */
export const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co']);

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
  if (!HF_HOSTS.has(url.hostname)) return null;
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

/** DOM selectors for Hugging Face pages, each with the saved page it was checked on. */
export const HF_SELECTORS = {
  /** The paper as HTML-escaped JSON: hf-paper-2308.08414.html (synthetic, shape from SOURCES.md). */
  paperProps: 'div.SVELTE_HYDRATER[data-target="PaperContent"][data-props]',
  /** "View arXiv page" link, a fallback for the id: hf-paper-2308.08414.html. */
  arxivLink: 'a[href*="arxiv.org/abs/"]',
  /** `dailyPapers[i].paper` as JSON: hf-daily-2026-06-03.html, hf-daily-2026-09-28-live-dom.html. */
  dailyProps: '[data-target="DailyPapers"][data-props]',
  /** One card per paper: hf-daily-2026-06-03.html (42), hf-daily-2026-09-28-live-dom.html (10). */
  card: 'article',
  /** The card's title, `h3 > a[href="/papers/ID"]`: both hf-daily pages. */
  cardTitleLink: 'h3 > a[href^="/papers/"]',
  /** The overlay goes after the paper's heading: hf-paper-2308.08414.html (synthetic, shape of the live page). */
  paperOverlayAfter: ['main h1', 'h1'],
} as const;

/** Drops the "Paper page - " prefix of a paper page's `<title>`. */
export function stripPaperPagePrefix(text: string): string {
  return text.replace(/^\s*Paper page\s*-\s*/, '');
}

/** A paper as Hugging Face's embedded JSON describes it, fields checked. */
export interface HfPaperJson {
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
export function readHfPaperJson(value: unknown): HfPaperJson | null {
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
export function parseProps(text: string | null | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The papers of a `DailyPapers` props object (`dailyPapers[i].paper`). */
export function readDailyPapersJson(props: Record<string, unknown>): HfPaperJson[] {
  const list = props.dailyPapers;
  if (!Array.isArray(list)) return [];
  const papers: HfPaperJson[] = [];
  for (const item of list) {
    const paper = item && typeof item === 'object' ? readHfPaperJson((item as Record<string, unknown>).paper) : null;
    if (paper) papers.push(paper);
  }
  return papers;
}
