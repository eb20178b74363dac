/**
 * Markdown export: a list to paste into notes or a README — linked titles,
 * authors, year, tags, read state and notes.
 */
import type { SavedPaper } from '../../reading-list/list';
import { highlightsMarkdown } from '../../annotations/markdown';

/** Backslash-escapes what Markdown would read as formatting or link syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>~|#$]/g, '\\$&');
}

/** Parentheses and spaces would end a Markdown link target early. */
function linkTarget(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function paperUrl(p: SavedPaper): string | undefined {
  return p.links.abs ?? (p.doi ? `https://doi.org/${p.doi}` : undefined);
}

/** One list item, with the note as an indented quote. */
export function markdownItem(p: SavedPaper): string {
  const url = paperUrl(p);
  const title = escapeMarkdown(p.title);
  const parts = [url ? `[${title}](${linkTarget(url)})` : `**${title}**`];
  const byline = [p.authors.map(escapeMarkdown).join(', '), p.year === undefined ? '' : String(p.year)]
    .filter(Boolean)
    .join(', ');
  if (byline) parts.push(byline);
  if (p.tags.length) parts.push(p.tags.map((t) => `\`${t.replace(/`/g, "'")}\``).join(' '));
  if (p.read) parts.push('read');
  let item = `- ${parts.join(' — ')}`;
  if (p.note)
    item += `\n${p.note
      .split('\n')
      .map((l) => `  > ${l}`.trimEnd())
      .join('\n')}`;
  // Highlights: each quote a block quote with its note under it (lib/annotations/formats.ts), indented into the item.
  if (p.annotations?.length)
    item += `\n\n${highlightsMarkdown(p.annotations, escapeMarkdown)
      .map((l) => `  ${l}`.trimEnd())
      .join('\n')
      .trimEnd()}\n`;
  return item;
}

/** The list as a Markdown document; `date` (YYYY-MM-DD) goes in the subtitle. */
export function toMarkdown(papers: readonly SavedPaper[], date: string, tag?: string): string {
  const heading = tag ? `# Reading list: ${escapeMarkdown(tag)}` : '# Reading list';
  const count = `${papers.length} paper${papers.length === 1 ? '' : 's'}`;
  const body = papers.map(markdownItem).join('\n');
  return `${heading}\n\n_Exported from Paper Lens on ${date} · ${count}_\n\n${body}${body ? '\n' : ''}`;
}
