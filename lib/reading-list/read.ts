/**
 * Reading saved papers back from storage and from files: strictly (the exact
 * shape this version writes, with the first bad field named) or, for damaged
 * data only, salvaging what has a usable type. Split from `list.ts`, which
 * holds the list's operations.
 */
import { isObject } from '../core/values';
import { bibProblem, cleanBib } from '../formats/fields';
import { parseAnnotation, parseAnnotations } from '../annotations/records';
import { toSavedPaper, type SavedPaper } from './list';

/**
 * Reads one stored or imported paper strictly: the exact shape this version
 * writes. Returns an error message naming the first bad field instead of
 * guessing, so imports can be all or nothing.
 */
export function parseSavedPaper(raw: unknown): { ok: true; paper: SavedPaper } | { ok: false; error: string } {
  if (!isObject(raw)) return { ok: false, error: 'is not an object' };
  const bad = (field: string, want: string) => ({ ok: false as const, error: `field "${field}" must be ${want}` });
  if (typeof raw.id !== 'string' || !raw.id.trim()) return bad('id', 'a non-empty string');
  if (typeof raw.title !== 'string' || !raw.title.trim()) return bad('title', 'a non-empty string');
  if (!Array.isArray(raw.authors) || !raw.authors.every((a) => typeof a === 'string'))
    return bad('authors', 'an array of strings');
  for (const f of ['abstract', 'primaryClass', 'doi'] as const)
    if (raw[f] !== undefined && typeof raw[f] !== 'string') return bad(f, 'a string');
  if (raw.year !== undefined && !(typeof raw.year === 'number' && Number.isInteger(raw.year)))
    return bad('year', 'a whole number');
  if (!isObject(raw.links)) return bad('links', 'an object');
  for (const f of ['abs', 'pdf', 'hf'] as const)
    if (raw.links[f] !== undefined && typeof raw.links[f] !== 'string') return bad(`links.${f}`, 'a string');
  const code = raw.links.code;
  if (code !== undefined && !(Array.isArray(code) && code.every((c) => typeof c === 'string')))
    return bad('links.code', 'an array of strings');
  if (typeof raw.savedAt !== 'number' || !Number.isFinite(raw.savedAt)) return bad('savedAt', 'a number');
  if (!Array.isArray(raw.tags) || !raw.tags.every((t) => typeof t === 'string')) return bad('tags', 'an array of strings');
  if (typeof raw.note !== 'string') return bad('note', 'a string');
  if (typeof raw.read !== 'boolean') return bad('read', 'true or false');
  if (raw.source !== 'corpus' && raw.source !== 'page' && raw.source !== 'import')
    return bad('source', '"corpus", "page" or "import"');
  if (bibProblem(raw.bib)) return bad('bib', `an object of strings (${bibProblem(raw.bib)})`);
  if (raw.annotations !== undefined && !(Array.isArray(raw.annotations) && raw.annotations.every((a) => parseAnnotation(a))))
    return bad('annotations', 'a list of highlights, each with an id and a quote');
  return { ok: true, paper: toSavedPaper(raw as unknown as SavedPaper, raw.savedAt) };
}

/**
 * Best-effort reading of a damaged record: anything with a string id and title
 * becomes a paper, other fields are taken when they have a usable type. Used
 * only to recover data, never for normal loads or imports.
 */
export function salvagePaper(raw: Record<string, unknown>, now: number): SavedPaper | null {
  const { id, title } = raw;
  if (typeof id !== 'string' || !id.trim() || typeof title !== 'string' || !title.trim()) return null;
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const links = isObject(raw.links)
    ? { abs: str(raw.links.abs), pdf: str(raw.links.pdf), hf: str(raw.links.hf), code: strings(raw.links.code) }
    : undefined;
  const source = raw.source === 'corpus' || raw.source === 'page' || raw.source === 'import' ? raw.source : 'import';
  return toSavedPaper(
    {
      id,
      title,
      authors: strings(raw.authors),
      abstract: str(raw.abstract),
      year: typeof raw.year === 'number' && Number.isInteger(raw.year) ? raw.year : undefined,
      links,
      primaryClass: str(raw.primaryClass),
      doi: str(raw.doi),
      savedAt: typeof raw.savedAt === 'number' && Number.isFinite(raw.savedAt) ? raw.savedAt : now,
      tags: strings(raw.tags),
      note: str(raw.note) ?? '',
      read: raw.read === true,
      source,
      bib: cleanBib(raw.bib),
      annotations: parseAnnotations(raw.annotations).annotations,
    },
    now,
  );
}
