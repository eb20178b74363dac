/**
 * Tags: THE rules for cleaning them and for comparing them. The popup, the
 * overlay, the reading list and the importers all go through here, so a tag
 * typed in a box and a tag read from a file end up the same.
 */
import { foldSpace } from './strings';

/** Longest tag kept (characters); longer ones are cut, so one pasted paragraph cannot become a tag. */
export const MAX_TAG_LENGTH = 60;

/** The form two tags are compared in: tags are equal ignoring case. */
export function tagKey(tag: string): string {
  return tag.toLowerCase();
}

/** Whether `tags` holds `tag`, ignoring case. */
export function hasTag(tags: readonly string[], tag: string): boolean {
  const key = tagKey(tag);
  return tags.some((t) => tagKey(t) === key);
}

/**
 * Tags as the list keeps them: each entry may itself be "a, b" (a user typing
 * into one box), so split on commas; fold whitespace; cut to `MAX_TAG_LENGTH`;
 * drop empties; drop later spellings of a tag already present ignoring case.
 */
export function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of tags) {
    for (const part of raw.split(',')) {
      // Fold again after cutting: the cut may end on a space.
      const tag = foldSpace(foldSpace(part).slice(0, MAX_TAG_LENGTH));
      const key = tagKey(tag);
      if (tag && !seen.has(key)) {
        seen.add(key);
        out.push(tag);
      }
    }
  }
  return out;
}

/** Splits a comma-separated tag field (what a user typed) into clean tags. */
export function parseTags(text: string): string[] {
  return cleanTags([text]);
}

/** `a` then the tags of `b` not already in it (ignoring case), all cleaned. */
export function unionTags(a: readonly string[], b: readonly string[]): string[] {
  return cleanTags([...a, ...b]);
}

/** Every tag of `lists` once (first spelling, ignoring case), sorted for a menu. */
export function distinctTags(lists: Iterable<readonly string[]>): string[] {
  const byKey = new Map<string, string>();
  for (const tags of lists) for (const t of tags) if (!byKey.has(tagKey(t))) byKey.set(tagKey(t), t);
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}
