import { describe, expect, it } from 'vitest';
import { cleanTags, distinctTags, hasTag, MAX_TAG_LENGTH, parseTags, unionTags } from '../../lib/core/tags';
import { toSavedPaper } from '../../lib/reading-list/list';

describe('tags (lib/core/tags.ts)', () => {
  it('parses a typed field: splits on commas, folds space, dedupes ignoring case, keeps the first spelling', () => {
    expect(parseTags(' ML ,vision,, ml , Deep \u00a0 learning,\u200b')).toEqual(['ML', 'vision', 'Deep learning']);
    expect(parseTags('')).toEqual([]);
  });

  it('caps a tag at 60 characters everywhere, and a cut never leaves a trailing space', () => {
    const long = 'x'.repeat(59) + ' tail of a pasted paragraph';
    expect(MAX_TAG_LENGTH).toBe(60);
    expect(parseTags(long)).toEqual(['x'.repeat(59)]);
    expect(cleanTags(['y'.repeat(100)])).toEqual(['y'.repeat(60)]);
    // The reading list keeps the same rule as the boxes that feed it.
    expect(toSavedPaper({ id: 'pl-a', title: 'A', authors: [], tags: ['z'.repeat(80)] }, 0).tags).toEqual(['z'.repeat(60)]);
  });

  it('tags equal after the cut count once', () => {
    expect(cleanTags(['a'.repeat(60) + 'b', 'A'.repeat(60) + 'c'])).toEqual(['a'.repeat(60)]);
  });

  it('hasTag ignores case', () => {
    expect(hasTag(['Reading', 'ml'], 'reading')).toBe(true);
    expect(hasTag(['Reading', 'ml'], 'ML')).toBe(true);
    expect(hasTag(['Reading'], 'read')).toBe(false);
    expect(hasTag([], '')).toBe(false);
  });

  it('unions keep the first list first and its spellings', () => {
    expect(unionTags(['ML', 'vision'], ['ml', 'NLP'])).toEqual(['ML', 'vision', 'NLP']);
  });

  it('distinct tags for a menu: first spelling, sorted', () => {
    expect(
      distinctTags([
        ['b', 'A'],
        ['a', 'C'],
      ]),
    ).toEqual(['A', 'b', 'C']);
  });
});
