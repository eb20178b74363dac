/** A field's text over a stored value: follows the store until edited (the rule is lib/ui/draft.ts). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { followStored } from '@/lib/ui/draft';

/** `[draft, setDraft]`: the draft follows `stored` while it is unedited, and keeps the user's edit otherwise. */
export function useDraft<T>(stored: T): [T, (next: T) => void] {
  const [draft, setDraft] = useState(stored);
  const seen = useRef(stored);
  useEffect(() => {
    const before = seen.current;
    if (Object.is(before, stored)) return;
    seen.current = stored;
    setDraft((d) => followStored(d, before, stored));
  }, [stored]);
  return [draft, setDraft];
}
