/**
 * Deciding whether the paper on a page is one of the user's corpus. A false
 * "in your collection" misleads more than a missed one, so the rules are strict:
 * the arXiv id decides whenever the page gives one, and a title alone matches
 * only when it is the same title up to formatting or a typo.
 */

import type { Paper } from '../core/paper';
import { parseArxivId } from '../core/arxiv-id';

// Commands that only style their argument: dropped, the argument kept.
const FORMATTING_COMMANDS = new Set([
  'emph',
  'textbf',
  'textit',
  'texttt',
  'textsc',
  'textsf',
  'textrm',
  'textsl',
  'textup',
  'textnormal',
  'text',
  'mathrm',
  'mathbf',
  'mathit',
  'mathcal',
  'mathsf',
  'mathtt',
  'mathbb',
  'mathfrak',
  'mathscr',
  'boldsymbol',
  'bm',
  'underline',
  'uline',
  'mbox',
  'hbox',
  'operatorname',
  'em',
  'bf',
  'it',
  'rm',
  'sc',
  'tt',
  'sf',
  'sl',
  'small',
  'large',
  'Large',
  'LARGE',
  'huge',
  'Huge',
  'tiny',
  'scriptsize',
  'footnotesize',
  'normalsize',
  'textsuperscript',
  'textsubscript',
  'ensuremath',
  'xspace',
]);

// Longest title worth normalising; longer input is cut (titles are capped at 1000 by the page readers).
const MAX_INPUT = 4000;

/**
 * The form two titles are compared in: lower case, accents, LaTeX markup
 * (`$…$`, `\emph{…}`, braces, backslash commands), punctuation and runs of
 * whitespace folded away. Apostrophes vanish (`Don't` = `Dont`); other
 * punctuation becomes a space. Commands that are not formatting keep their name,
 * so `$\alpha$-Net` and `$\beta$-Net` stay different.
 */
export function normaliseTitle(title: string): string {
  let t = title.slice(0, MAX_INPUT);
  // Accent commands: \'e, \"o, \^o, \~n and the lettered ones before a brace (\c{c}, \v{s}, \H{o}).
  t = t.replace(/\\[`'"^~=.]/g, '').replace(/\\[cvuHkrdbt]\s*(?=\{)/g, '');
  t = t.replace(/\\([a-zA-Z]+)\*?/g, (_m, name: string) => (FORMATTING_COMMANDS.has(name) ? ' ' : ` ${name} `));
  // What is left of LaTeX: math shifts, groups, escaped symbols and ~ (a non-breaking space).
  t = t.replace(/[${}\\]/g, '').replace(/~/g, ' ');
  t = t
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  t = t.replace(/['’‘`ʼ]/g, '');
  return t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The corpus indexed for matching. */
export interface CorpusLookup {
  /** By bare arXiv id (no version, no old-style subject class) or `pl-…` id. */
  byId: Map<string, Paper>;
  /** By `normaliseTitle(title)`; when two papers share one, the first keeps it. */
  byTitle: Map<string, Paper>;
}

/** Indexes the corpus by id and by normalised title. */
export function buildLookup(papers: Paper[]): CorpusLookup {
  const byId = new Map<string, Paper>();
  for (const paper of papers) {
    const id = parseArxivId(paper.id)?.id ?? paper.id;
    if (!byId.has(id)) byId.set(id, paper);
  }
  // Normalising 30,000 titles takes a good part of a second and most pages carry
  // an ID, so the title map is built on the first page that needs it.
  let byTitle: Map<string, Paper> | undefined;
  return {
    byId,
    get byTitle() {
      if (!byTitle) {
        byTitle = new Map();
        for (const paper of papers) {
          const key = normaliseTitle(paper.title);
          if (key && !byTitle.has(key)) byTitle.set(key, paper);
        }
      }
      return byTitle;
    },
  };
}

/** Which corpus paper a page shows, and how that was decided. */
export interface PaperMatch {
  paper: Paper;
  by: 'id' | 'title';
}

/**
 * By bare arXiv ID first (any version); by title only when the page gives no ID;
 * accept only a near-identical normalised title (exact after normalisation, or a
 * tiny edit distance relative to length: ≤ 2 edits and ≤ 3% of length) — never a
 * title that merely shares most words, nor one that only adds or drops whole
 * words. If the page has an ID that is not in the corpus, it is NOT matched by
 * title: papers get renamed between versions, and a different id is a different
 * paper whatever its title.
 */
export function matchPaper(page: { arxivId?: string; title?: string }, lookup: CorpusLookup): PaperMatch | null {
  const rawId = page.arxivId?.trim();
  if (rawId) {
    const paper = lookup.byId.get(parseArxivId(rawId)?.id ?? rawId);
    return paper ? { paper, by: 'id' } : null;
  }
  if (!page.title) return null;
  const key = normaliseTitle(page.title);
  if (!key) return null;
  const exact = lookup.byTitle.get(key);
  if (exact) return { paper: exact, by: 'title' };
  return closestTitle(key, lookup);
}

/**
 * The one corpus title within a typo of `key`, compared without spaces so that
 * `Pre-training`, `Pre training` and `Pretraining` are the same. Two candidates
 * equally close means the page cannot tell them apart: no match.
 */
function closestTitle(key: string, lookup: CorpusLookup): PaperMatch | null {
  const compact = key.replace(/ /g, '');
  let best: Paper | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (const [title, paper] of lookup.byTitle) {
    const other = title.replace(/ /g, '');
    const allowed = Math.min(2, Math.floor(0.03 * Math.max(compact.length, other.length)));
    if (Math.abs(other.length - compact.length) > allowed) continue;
    const d = boundedLevenshtein(compact, other, allowed);
    if (d > allowed || addsOrDropsWords(key, title)) continue;
    if (d < bestDistance) {
      best = paper;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && paper !== best) {
      tie = true;
    }
  }
  return best && !tie ? { paper: best, by: 'title' } : null;
}

/**
 * True when one title is the other with whole words added or removed (`B-PROP: …`
 * against `PROP: …`): a few characters apart, yet another paper. A typo or a
 * split word changes words on both sides instead.
 */
function addsOrDropsWords(a: string, b: string): boolean {
  const left = new Map<string, number>();
  for (const w of a.split(' ')) left.set(w, (left.get(w) ?? 0) + 1);
  let onlyRight = 0;
  for (const w of b.split(' ')) {
    const n = left.get(w) ?? 0;
    if (n > 0) left.set(w, n - 1);
    else onlyRight++;
  }
  let onlyLeft = 0;
  for (const n of left.values()) onlyLeft += n;
  return (onlyLeft === 0) !== (onlyRight === 0);
}

/** Levenshtein distance, or `max + 1` as soon as it is known to exceed `max`. */
function boundedLevenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}
