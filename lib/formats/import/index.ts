/**
 * Imports a file into saved papers: Paper Lens JSON (any version) or BibTeX.
 * All or nothing: a file with one bad entry imports nothing and says which
 * entry and line to fix. Merging into the list is `mergeLists`' job.
 */
import { emptyReadingList, mergeLists, type SavedPaper } from '../../reading-list/list';
import { BibtexError, entriesToPapers, parseBibtex } from './bibtex';
import { JsonImportError, parseJsonExport } from './json';

/** The formats `importFile` reads. */
export type ImportFormat = 'json' | 'bibtex';

/** What `importFile` returns; never throws. */
export type ImportResult = { ok: true; papers: SavedPaper[]; format: ImportFormat } | { ok: false; error: string };

/** Guesses the format from the file name, else from the first meaningful character. */
function detect(text: string, filename?: string): ImportFormat | undefined {
  const name = filename?.toLowerCase() ?? '';
  if (/\.(bib|bibtex)$/.test(name)) return 'bibtex';
  if (/\.json$/.test(name)) return 'json';
  const first = /\S/.exec(text.replace(/^\uFEFF/, ''))?.[0];
  if (first === '{' || first === '[') return 'json';
  if (/@\s*[A-Za-z]+\s*[{(]/.test(text)) return 'bibtex';
  return undefined;
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
  if (!format) return { ok: false, error: `${where}not a BibTeX or Paper Lens JSON file` };
  try {
    let papers: SavedPaper[];
    if (format === 'json') {
      papers = parseJsonExport(body);
    } else {
      const estimate = (body.match(/@/g) ?? []).length;
      const entries = parseBibtex(body, (done) => {
        if (done % 100 === 0) onProgress?.(done, Math.max(estimate, done));
      });
      // An empty file is an empty list (what exporting an empty list gives); text
      // without entries is more likely the wrong file.
      if (!entries.length && body.trim()) return { ok: false, error: `${where}no BibTeX entries found` };
      // The same paper cited under two keys becomes one paper, merged by the list's own rule.
      papers = mergeLists(emptyReadingList(), entriesToPapers(entries, now)).list.papers;
    }
    onProgress?.(papers.length, papers.length);
    return { ok: true, papers, format };
  } catch (e) {
    if (e instanceof BibtexError) return { ok: false, error: `${where}BibTeX ${e.message}` };
    if (e instanceof JsonImportError) return { ok: false, error: `${where}${e.message}` };
    // A bug of ours, not the file's: still an answer rather than a throw.
    return { ok: false, error: `${where}could not read the file (${(e as Error)?.message ?? String(e)})` };
  }
}
