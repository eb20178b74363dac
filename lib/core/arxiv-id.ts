/**
 * The arXiv identifier grammar: the one place that decides what an arXiv id is.
 * Every entry point (URL recogniser, page readers, corpus readers, importers,
 * exporters) asks this module, so an importer can never trust an id that the
 * page reader would refuse (`tests/unit/arxiv-id.property.test.ts` checks that
 * they agree).
 *
 * Grammar (arXiv's "Understanding the arXiv identifier"):
 * - new style `YYMM.NNNN` (April 2007 – December 2014) or `YYMM.NNNNN` (from January 2015),
 *   optional version `vN` (from 1, no leading zero);
 * - old style `archive[.SC]/YYMMNNN` (July 1991 – March 2007) from a closed list of
 *   archives; the subject class `.SC` is part of some URLs but not of the id.
 */

/** A parsed arXiv identifier: the bare id plus the version, when one was given. */
export interface ArxivId {
  /** Bare id, no version, old-style subject class dropped (`math/0309136`). */
  id: string;
  version?: number;
}

/** The bare id or the reason the text is not one, in words a user can act on. */
export type ArxivIdCheck = { id: string; version?: number } | { error: string };

/**
 * Archives that issued old-style ids, from arXiv's own list. A closed list, so
 * that a path such as `/abs/foo/0101001` is never taken for a paper.
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
const OLD_ID = new RegExp(`^([a-z]+(?:-[a-z]+)?)(?:\\.[A-Za-z][A-Za-z-]{0,15})?/(\\d{2})(\\d{2})(\\d{3})${VERSION}$`);

/**
 * Checks `2310.00161`, `2310.00161v2`, `hep-th/9901001v1`, `math.GT/0309136`,
 * also with an `arXiv:` prefix and surrounding space, and says why anything
 * else is not an id arXiv could have issued: month 00 or above 12, a 5-digit
 * number before 1501 or a 4-digit one from 1501 on, number 0, a new-style id
 * before 0704, an old-style id outside 1991-07..2007-03 or from an unknown archive.
 */
export function checkArxivId(raw: string): ArxivIdCheck {
  const text = raw.trim().replace(/^arxiv:\s*/i, '');
  const m = NEW_ID.exec(text);
  if (m) {
    const [, yy, mm, seq, version] = m;
    const yymm = Number(yy) * 100 + Number(mm);
    if (Number(mm) < 1 || Number(mm) > 12) return { error: `"${raw}" has no month ${mm}` };
    if (yymm < 704) return { error: `"${raw}" predates new-style arXiv IDs (April 2007)` };
    // arXiv went from 4 to 5 digits with January 2015.
    if ((seq.length === 5) !== yymm >= 1501) {
      return { error: `"${raw}" has ${seq.length} digits, arXiv used ${yymm >= 1501 ? 5 : 4} then` };
    }
    if (Number(seq) === 0) return { error: `"${raw}" has the number 0, which arXiv never issued` };
    return withVersion(`${yy}${mm}.${seq}`, version);
  }
  const o = OLD_ID.exec(text);
  if (o) {
    const [, archive, yy, mm, seq, version] = o;
    if (!OLD_ARCHIVES.has(archive)) return { error: `"${raw}" names no arXiv archive ("${archive}")` };
    if (Number(mm) < 1 || Number(mm) > 12) return { error: `"${raw}" has no month ${mm}` };
    if (Number(seq) === 0) return { error: `"${raw}" has the number 0, which arXiv never issued` };
    const ym = oldStyleYear(yy) * 100 + Number(mm);
    if (ym < 199107 || ym > 200703) return { error: `"${raw}" is not from 1991–2007, when old-style IDs were issued` };
    return withVersion(`${archive}/${yy}${mm}${seq}`, version);
  }
  return { error: `"${raw}" is not an arXiv ID` };
}

/**
 * Parses an id as it appears in a URL path or a page (`2310.00161v2`,
 * `math.GT/0309136`); null for anything arXiv could not have issued.
 * Unlike `checkArxivId` it takes no `arXiv:` prefix or surrounding space.
 */
export function parseArxivId(text: string): ArxivId | null {
  if (text !== text.trim() || /^arxiv:/i.test(text)) return null;
  const checked = checkArxivId(text);
  return 'error' in checked ? null : checked;
}

/**
 * The bare id of `raw` (prefix, version and subject class removed) or why it is
 * not one: the form readers of files (corpus sources, importers) need.
 */
export function normaliseArxivId(raw: string): { id: string } | { error: string } {
  const checked = checkArxivId(raw);
  return 'error' in checked ? checked : { id: checked.id };
}

/** True for a bare arXiv id of either style: no prefix, version or subject class. */
export function isArxivId(id: string): boolean {
  const parsed = parseArxivId(id);
  return parsed !== null && parsed.id === id && parsed.version === undefined;
}

/** True for a bare new-style id (`YYMM.NNNNN`), the only kind Hugging Face indexes. */
export function isNewStyleId(id: string): boolean {
  return isArxivId(id) && !id.includes('/');
}

/**
 * The year of a paper's first version, which the id itself encodes. Used when a
 * page or a file gives no date (HTML renderings, PDFs, BibTeX without a year).
 */
export function arxivIdYear(id: string): number | undefined {
  const parsed = parseArxivId(id);
  if (!parsed) return undefined;
  const slash = parsed.id.indexOf('/');
  return oldStyleYear(parsed.id.slice(slash + 1, slash + 3));
}

/** Two-digit years of old-style ids: 91–99 are 1991–1999, the rest 2000–2007. */
function oldStyleYear(yy: string): number {
  const n = Number(yy);
  return n >= 91 ? 1900 + n : 2000 + n;
}

function withVersion(id: string, version: string | undefined): ArxivId {
  return version ? { id, version: Number(version) } : { id };
}
