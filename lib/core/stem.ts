/**
 * The stemmers term analysis (lib/core/text.ts) can use.
 *
 * Porter's (M. F. Porter, 1980, "An algorithm for suffix stripping") is the
 * npm package `stemmer` (wooorm, MIT, no dependencies), with the two
 * departures of Porter's own reference implementation (`bli` → `ble`,
 * `logi` → `log`). It replaced a hand-written copy: the two agree on all 2,545
 * words of the corpus and on all but one of 25,134 words tried ("eed"), so the
 * shipped model and `npm run eval` did not change.
 */
import { stemmer } from 'stemmer';

/** The Porter stem of a lower-case word ("tokenization" → "token"). */
export function porterStem(word: string): string {
  return stemmer(word);
}

/**
 * The "S-stemmer" (Harman 1991): folds plurals only. Much weaker than Porter,
 * but never merges words of different meaning; kept for the measurement in
 * docs/ARCHITECTURE.md (its experiment log) (`npm run eval` prints it). Four rules, and no
 * maintained package implements them, so it stays here.
 */
export function sStem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && !/[ea]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (word.endsWith('es') && !/[aeo]es$/.test(word)) return word.slice(0, -1);
  if (word.endsWith('s') && !/[us]s$/.test(word)) return word.slice(0, -1);
  return word;
}
