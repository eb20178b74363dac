/**
 * How the popup and the overlay present papers and the reading list: pure
 * functions of plain data, so the views stay markup and are tested without a DOM.
 */
import type { PaperLinks } from '../core/paper';

/** "A, B and 3 others": enough to recognise a paper without a wall of names. */
export function formatAuthors(authors: string[]): string {
  if (authors.length <= 3) return authors.join(', ');
  return `${authors.slice(0, 2).join(', ')} and ${authors.length - 2} others`;
}

/** The page a paper opens: its arXiv page, else Hugging Face, else the PDF. */
export function paperUrl(links: PaperLinks): string | undefined {
  return links.abs ?? links.hf ?? links.pdf;
}

/** What a key does in the search box. */
export type SearchKeyAction =
  | { kind: 'move'; to: (active: number) => number; preventDefault: true }
  | { kind: 'open'; preventDefault: false }
  | { kind: 'clear'; preventDefault: true };

/** ↑/↓ move the highlight over `count` results, Enter opens it, Esc clears a query; other keys do nothing. */
export function searchKeyAction(key: string, count: number, hasQuery: boolean): SearchKeyAction | null {
  if (key === 'ArrowDown') return { kind: 'move', to: (a) => Math.min(count - 1, a + 1), preventDefault: true };
  if (key === 'ArrowUp') return { kind: 'move', to: (a) => Math.max(0, a - 1), preventDefault: true };
  if (key === 'Enter') return { kind: 'open', preventDefault: false };
  if (key === 'Escape' && hasQuery) return { kind: 'clear', preventDefault: true };
  return null;
}
