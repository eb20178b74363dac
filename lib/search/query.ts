/**
 * The popup's query syntax: free text plus filters a researcher expects.
 *
 *   tag:reading          saved papers with this tag (repeat for several: all must hold)
 *   year:2023            one year;  year:2021..2023, year:2021.., year:..2019 ranges
 *   is:saved             saved papers only;  is:read / is:unread  by read state
 *
 * Everything else is the text to search. Filters are case-insensitive; a tag with
 * spaces can be quoted: tag:"to read".
 */

/** A parsed query. */
export interface ParsedQuery {
  /** The free text, filters removed. */
  text: string;
  /** Tags that must all be on a saved paper (lower-cased). */
  tags: string[];
  yearFrom?: number;
  yearTo?: number;
  /** Only saved papers. True as soon as a tag or read-state filter is given. */
  savedOnly: boolean;
  /** Read state to keep, when filtered. */
  read?: boolean;
}

const FILTER = /(^|\s)(tag|year|is):("([^"]*)"|(\S*))/gi;

/** Splits a typed query into text and filters. Never throws; unknown filters stay text. */
export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = { text: '', tags: [], savedOnly: false };
  const text = input.replace(FILTER, (whole, lead: string, key: string, _v, quoted?: string, bare?: string) => {
    const value = (quoted ?? bare ?? '').trim();
    const k = key.toLowerCase();
    if (k === 'tag' && value) {
      q.tags.push(value);
      q.savedOnly = true;
      return lead;
    }
    if (k === 'year') {
      const m = /^(\d{4})?(?:(\.\.)(\d{4})?)?$/.exec(value);
      if (m && (m[1] || m[3])) {
        if (m[1]) q.yearFrom = Number(m[1]);
        if (m[3]) q.yearTo = Number(m[3]);
        if (m[1] && !m[2]) q.yearTo = Number(m[1]);
        if (q.yearFrom && q.yearTo && q.yearFrom > q.yearTo) [q.yearFrom, q.yearTo] = [q.yearTo, q.yearFrom];
        return lead;
      }
      return whole;
    }
    if (k === 'is') {
      const v = value.toLowerCase();
      if (v === 'saved') q.savedOnly = true;
      else if (v === 'read' || v === 'unread') {
        q.savedOnly = true;
        q.read = v === 'read';
      } else return whole;
      return lead;
    }
    return whole;
  });
  q.text = text.replace(/\s+/g, ' ').trim();
  return q;
}
