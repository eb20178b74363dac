import { describe, expect, it } from 'vitest';
import { followStored } from '@/lib/ui/draft';

describe('a field over a stored value', () => {
  it('follows the store while untouched (another tab saved a note)', () => {
    expect(followStored('', '', 'from the other tab')).toBe('from the other tab');
    expect(followStored(false, false, true)).toBe(true);
  });
  it("keeps the user's edit when the store changes under it (a re-read after any list change)", () => {
    expect(followStored('data', '', '')).toBe('data');
    expect(followStored('data', '', 'theirs')).toBe('data');
  });
  it('an edit saved and read back is followed again', () => {
    const saved = followStored('a, b', '', 'a, b');
    expect(saved).toBe('a, b');
    expect(followStored(saved, 'a, b', 'a, b, c')).toBe('a, b, c');
  });
});
