/**
 * Highlights as Markdown lines, shared by the per-paper export
 * (lib/annotations/formats.ts) and the reading list's Markdown export
 * (lib/formats/export/markdown.ts). The escaping rule is passed in, so this
 * module depends on neither (the list's exporter owns `escapeMarkdown`).
 */
import type { Annotation } from './types';

/** A quote in Markdown: formulas (`$…$`, as the text model writes them) kept as TeX, the rest escaped. */
function quoteMarkdown(exact: string, escape: (s: string) => string): string {
  return exact
    .split(/(\$[^$]+\$)/)
    .map((part, i) => (i % 2 === 1 ? part : escape(part)))
    .join('');
}

/**
 * The Markdown lines of a list of highlights: each quote as a block quote,
 * its colour and date in italics, then its note, separated by blank lines.
 * `orphans` names the ids not found on the page at the last visit, marked so.
 */
export function highlightsMarkdown(
  annotations: readonly Annotation[],
  escape: (s: string) => string,
  orphans: ReadonlySet<string> = new Set(),
): string[] {
  const lines: string[] = [];
  for (const a of annotations) {
    lines.push(
      ...quoteMarkdown(a.target.quote.exact, escape)
        .split('\n')
        .map((l) => `> ${l}`.trimEnd()),
    );
    const date = new Date(a.createdAt).toISOString().slice(0, 10);
    lines.push('', `_${a.colour} · ${date}${orphans.has(a.id) ? ' · not found on the current version' : ''}_`);
    if (a.note) lines.push('', ...a.note.split('\n'));
    lines.push('');
  }
  return lines;
}
