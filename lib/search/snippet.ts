/**
 * Abstract snippets with the matched terms marked, as plain segments: the popup
 * renders each segment as text (a <mark> around hits), never as HTML.
 */
import { processTerm } from './options';

/** A piece of a snippet; `hit` pieces are shown highlighted. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * Cuts a window of about `maxLength` characters around the first matched word
 * and marks every word whose indexed form is one of `terms`.
 */
export function makeSnippet(text: string, terms: string[], maxLength = 220): SnippetPart[] {
  const wanted = new Set(terms);
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const isHit = (w: string) => {
    const t = processTerm(w);
    return t !== null && wanted.has(t);
  };
  const first = words.find((m) => isHit(m[0]));
  let start = 0;
  if (first && first.index! > maxLength / 3) {
    const from = first.index! - Math.floor(maxLength / 4);
    const space = text.indexOf(' ', from);
    start = space >= 0 && space < first.index! ? space + 1 : first.index!;
  }
  let end = Math.min(text.length, start + maxLength);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  const parts: SnippetPart[] = [];
  const push = (s: string, hit: boolean) => {
    if (!s) return;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += s;
    else parts.push({ text: s, hit });
  };
  if (start > 0) push('… ', false);
  let pos = start;
  for (const m of words) {
    const i = m.index!;
    if (i < start) continue;
    if (i + m[0].length > end) break;
    if (isHit(m[0])) {
      push(text.slice(pos, i), false);
      push(m[0], true);
      pos = i + m[0].length;
    }
  }
  push(text.slice(pos, end), false);
  if (end < text.length) push(' …', false);
  return parts;
}
