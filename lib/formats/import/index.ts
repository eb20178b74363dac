/**
 * Imports a file into saved papers: BibTeX/BibLaTeX, CSL-JSON, RIS or Paper
 * Lens JSON (any version). An entry that cannot be read is reported with its
 * line, key and reason, and the others are still read, so the popup can show
 * what was found and let the user import the good ones (the list itself then
 * changes in one write). Paper Lens JSON stays all or nothing: it is our own
 * backup, and a bad record in it means the file was damaged. Merging into the
 * list is `mergeLists`' job.
 */
import { emptyReadingList, mergeLists, type SavedPaper } from '../../reading-list/list';
import { describeProblem, entriesToPapers, parseBibtex, type BibtexProblem } from './bibtex';
import { cslJsonToPapers, isCslJson } from './csl-json';
import { JsonImportError, parseJsonExport, readJson } from './json';
import { preambleMacros } from './latex';
import { isRis, risToPapers } from './ris';
import { isWebAnnotationData, webAnnotationPapers } from '../../annotations/formats';

/** The formats `importFile` reads. */
export type ImportFormat = 'json' | 'bibtex' | 'csl-json' | 'ris';

/** An entry that cannot be read: where, which, why, and all of it as one line for the user. */
export interface ImportProblem {
  /** 1-based line in the file. */
  line: number;
  /** The citation key or item id, when known. */
  key?: string;
  reason: string;
  /** `line 5797, entry "bsi" (#684): has no title, arXiv id or DOI, so there is nothing to save`. */
  text: string;
}

/** What `importFile` returns; never throws. */
export type ImportResult =
  | {
      ok: true;
      /** The papers read, entries citing the same paper merged into one. */
      papers: SavedPaper[];
      format: ImportFormat;
      /** Entries in the file, readable or not. */
      found: number;
      /** The entries that cannot be read, in file order. */
      problems: ImportProblem[];
    }
  | { ok: false; error: string };

/** Guesses the format from the file name, else from the content. */
function detect(text: string, filename?: string): ImportFormat | undefined {
  const name = filename?.toLowerCase() ?? '';
  if (/\.(bib|bibtex|biblatex)$/.test(name)) return 'bibtex';
  if (/\.ris$/.test(name) || isRis(text)) return 'ris';
  const first = /\S/.exec(text)?.[0];
  if (/\.json$/.test(name) || first === '{' || first === '[') return 'json';
  if (/@\s*[A-Za-z]+\s*[{(]/.test(text)) return 'bibtex';
  return undefined;
}

function problem(p: BibtexProblem): ImportProblem {
  return { line: p.line, ...(p.key ? { key: p.key } : {}), reason: p.reason, text: describeProblem(p) };
}

/**
 * Reads a file the user picked. `onProgress(done, total)` is called as BibTeX
 * entries are read (total counts `@` signs, an estimate) and once at the end
 * with done === total.
 */
export function importFile(
  text: string,
  filename?: string,
  onProgress?: (done: number, total: number) => void,
  now: number = Date.now(),
): ImportResult {
  const body = text.replace(/^\uFEFF/, '');
  const format = detect(body, filename);
  const where = filename ? `${filename}: ` : '';
  if (!format) return { ok: false, error: `${where}not a BibTeX, RIS, CSL-JSON or Paper Lens JSON file` };
  try {
    let read: { papers: SavedPaper[]; problems: BibtexProblem[]; found: number };
    let actual: ImportFormat = format;
    if (format === 'json') {
      const data = readJson(body);
      if (isCslJson(data)) {
        actual = 'csl-json';
        read = { ...cslJsonToPapers(data, body, now), found: data.length };
      } else if (isWebAnnotationData(data)) {
        // W3C Web Annotation JSON-LD (ours, Hypothesis'): highlights merged into their papers by the list's rule.
        read = webAnnotationPapers(data, body, now);
      } else {
        const papers = parseJsonExport(body, data);
        read = { papers, problems: [], found: papers.length };
      }
    } else if (format === 'ris') {
      read = risToPapers(body, now);
      if (!read.found && body.trim()) return { ok: false, error: `${where}no RIS records found (a record starts with "TY  -")` };
    } else {
      const estimate = (body.match(/@/g) ?? []).length;
      const file = parseBibtex(body, (done) => {
        if (done % 100 === 0) onProgress?.(done, Math.max(estimate, done));
      });
      // An empty file is an empty list (what exporting an empty list gives); text
      // without entries is more likely the wrong file.
      if (!file.found && body.trim()) return { ok: false, error: `${where}no BibTeX entries found` };
      const converted = entriesToPapers(file.entries, now, preambleMacros(file.preambles));
      const problems = [...file.problems, ...converted.problems].sort((a, b) => a.line - b.line);
      read = { papers: converted.papers, problems, found: file.found };
    }
    // The same paper cited under two keys becomes one paper, merged by the list's own rule.
    const papers = actual === 'json' ? read.papers : mergeLists(emptyReadingList(), read.papers).list.papers;
    onProgress?.(papers.length, papers.length);
    return { ok: true, papers, format: actual, found: read.found, problems: read.problems.map(problem) };
  } catch (e) {
    if (e instanceof JsonImportError) return { ok: false, error: `${where}${e.message}` };
    // A bug of ours, not the file's: still an answer rather than a throw.
    return { ok: false, error: `${where}could not read the file (${(e as Error)?.message ?? String(e)})` };
  }
}

/** What the popup shows before an import: counts, the entries that cannot be read, and one line saying it all. */
export interface ImportPreview {
  format: ImportFormat;
  /** Entries in the file. */
  found: number;
  /** Papers that would be imported (entries citing the same paper count once). */
  ready: number;
  problems: ImportProblem[];
  /** `importSummary` of the file. */
  summary: string;
}

/** The preview of a file that was read. */
export function importPreview(r: Extract<ImportResult, { ok: true }>): ImportPreview {
  return { format: r.format, found: r.found, ready: r.papers.length, problems: r.problems, summary: importSummary(r) };
}

/** "684 entries ready; 2 cannot be read: line 5797, entry "bsi" (#684): has no title…; …" */
export function importSummary(r: Extract<ImportResult, { ok: true }>, shown = 3): string {
  const ready = `${r.papers.length} ${r.papers.length === 1 ? 'paper' : 'papers'} ready`;
  if (!r.problems.length) return ready;
  const list = r.problems.slice(0, shown).map((p) => p.text);
  if (r.problems.length > shown) list.push(`and ${r.problems.length - shown} more`);
  return `${ready}; ${r.problems.length} cannot be read: ${list.join('; ')}`;
}
