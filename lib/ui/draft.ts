/**
 * A field the user edits over a value that is stored elsewhere (the overlay's
 * tags and note, the popup's reading-list rows). The stored value can change
 * under the field at any time: the overlay reads the page's paper again after
 * every change to the list, in any tab. The rule: a field follows the stored
 * value only while the user has not edited it, so typing is never wiped by a
 * re-read, and an untouched field shows what another tab saved.
 */

/** What a field shows once its stored value moved from `before` to `after`. */
export function followStored<T>(draft: T, before: T, after: T): T {
  return Object.is(draft, before) ? after : draft;
}
